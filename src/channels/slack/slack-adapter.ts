/**
 * Slack as a Bot Framework channel. Bolt receives the HTTP request (or socket frame) and acks
 * it; this adapter turns what arrived into a message Activity for the shared bot core and
 * posts the bot's replies back with the Web API, always into the conversation's thread.
 *
 * Conversation = one thread: `${team}:${channel}:${threadTs}`. A direct message outside a
 * thread belongs to the DM as a whole (`${team}:${dm}:${dm}`), so the bot answers at its root.
 * The id is all a stored ConversationReference keeps, so proactive replies parse it back.
 */
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { webApi } from '@slack/bolt';
import { cleanPaste } from '../../text/paste.js';
import { activityToSlackMessages, type SlackBlock } from './blocks.js';

/** The Web API methods the adapter uses (a Bolt WebClient, or a stand-in in tests). */
export type SlackApi = Pick<webApi.WebClient, 'auth' | 'chat'>;

export interface SlackBotIdentity {
  /** the bot user (U…): mentions of it and messages from it */
  userId: string;
  /** the bot (B…): Bolt's ignoreSelf matches bot_message events on it */
  botId?: string;
}

/** One admin message (or button click) as Slack delivered it, already decoded. */
export interface SlackInbound {
  team: string;
  channel: string;
  /** a one-to-one DM (channel_type 'im') */
  isDirect: boolean;
  user: string;
  /** what the admin said, decoded (see slackMessageText) */
  text: string;
  /** the message's ts */
  ts: string;
  /** the thread the message is in, when it is a reply */
  threadTs?: string;
  /** the activity id when it is not the message ts: a click's action_ts */
  id?: string;
  botUserId: string;
}

interface SlackPlace {
  team: string;
  channel: string;
  /** undefined: the DM's root */
  threadTs?: string;
}

export const SLACK_CHANNEL_ID = 'slack';

/** The thread that is the conversation: the message's thread, or the message itself (a new thread); a DM's root is the DM. */
export function conversationThread(m: { channel: string; isDirect: boolean; ts: string; threadTs?: string }): string {
  return m.threadTs ?? (m.isDirect ? m.channel : m.ts);
}

export function slackConversationId(team: string, channel: string, thread: string): string {
  return `${team}:${channel}:${thread}`;
}

/** Where a conversation's replies go; throws on an id this adapter did not make. */
export function parseSlackConversationId(id: string): SlackPlace {
  const [team, channel, thread, ...rest] = id.split(':');
  if (team === undefined || !channel || !thread || rest.length) throw new Error(`Not a Slack conversation id: ${id}`);
  return { team, channel, threadTs: thread === channel ? undefined : thread };
}

/** True when the message text mentions this bot anywhere (`<@U123>` or `<@U123|name>`). */
export function mentionsBot(raw: string | undefined, botUserId: string): boolean {
  return !!raw && raw.includes(`<@${botUserId}`) && new RegExp(`<@${botUserId}(\\|[^>]*)?>`).test(raw);
}

/** Slack message text as the admin meant it: the leading @mention of the bot gone, markup and entities decoded, fences dropped. */
export function slackMessageText(raw: string | undefined, botUserId: string): string {
  const withoutMention = (raw ?? '').replace(new RegExp(`^\\s*<@${botUserId}(\\|[^>]*)?>[\\s:,]*`), '');
  return cleanPaste(withoutMention).text;
}

function slackTime(ts: string): Date {
  const seconds = Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
}

type Logic = (ctx: TurnContext) => Promise<void>;
/** botframework-connector's ClaimsIdentity, named through botbuilder (the connector is not a direct dependency). */
type ClaimsIdentity = Parameters<BotAdapter['continueConversationAsync']>[0];

export class SlackAdapter extends BotAdapter {
  private identityLookup?: Promise<SlackBotIdentity>;

  constructor(private readonly api: SlackApi) {
    super();
  }

  /**
   * Who the bot is, asked of Slack once (auth.test) the first time it is needed and then
   * remembered; a failed lookup is forgotten so the next event asks again.
   */
  identity(): Promise<SlackBotIdentity> {
    this.identityLookup ??= this.api.auth.test().then(
      (r) => {
        if (!r.user_id) throw new Error('auth.test returned no user_id for the bot token');
        return { userId: r.user_id, botId: r.bot_id };
      },
      (err: unknown) => {
        this.identityLookup = undefined;
        throw err;
      },
    );
    return this.identityLookup;
  }

  toActivity(m: SlackInbound): Partial<Activity> {
    const thread = conversationThread(m);
    return {
      type: ActivityTypes.Message,
      id: m.id ?? m.ts,
      timestamp: slackTime(m.ts),
      channelId: SLACK_CHANNEL_ID,
      serviceUrl: SLACK_CHANNEL_ID,
      conversation: {
        id: slackConversationId(m.team, m.channel, thread),
        isGroup: !m.isDirect,
        conversationType: m.isDirect ? 'personal' : 'channel',
        name: m.channel,
        tenantId: m.team,
      },
      from: { id: m.user, name: m.user, role: 'user' },
      recipient: { id: m.botUserId, name: 'FreeBusy Doctor', role: 'bot' },
      text: m.text,
      textFormat: 'plain',
      channelData: { team: m.team, channel: m.channel, ts: m.ts, thread_ts: m.threadTs },
    };
  }

  /** One admin message through the middleware (dedupe, one turn at a time) and the bot. */
  async receive(m: SlackInbound, logic: Logic): Promise<void> {
    await this.runMiddleware(new TurnContext(this, this.toActivity(m)), logic);
  }

  private placeOf(ctx: TurnContext, activity: Partial<Activity>): SlackPlace {
    return parseSlackConversationId(activity.conversation?.id ?? ctx.activity.conversation.id);
  }

  override async sendActivities(ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Typing, traces and events mean nothing in a Slack thread.
      if (activity.type !== undefined && activity.type !== ActivityTypes.Message) {
        responses.push({ id: '' });
        continue;
      }
      const { channel, threadTs } = this.placeOf(ctx, activity);
      let ts = '';
      for (const message of activityToSlackMessages(activity)) {
        const posted = await this.api.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: message.text,
          blocks: message.blocks,
          // Knowledge texts cite Microsoft URLs; link previews would bury the steps.
          unfurl_links: false,
          unfurl_media: false,
        });
        ts = posted.ts ?? ts;
      }
      // The last message of a split reply carries the buttons, so that is the one to update.
      responses.push({ id: ts });
    }
    return responses;
  }

  /** Replaces a posted message (id = its ts) with the activity's first message. */
  override async updateActivity(ctx: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    if (!activity.id) throw new Error('updateActivity needs the id (ts) of the Slack message');
    const { channel } = this.placeOf(ctx, activity);
    const [message] = activityToSlackMessages(activity);
    if (!message) return;
    await this.api.chat.update({ channel, ts: activity.id, text: message.text, blocks: message.blocks });
    return { id: activity.id };
  }

  /** Replaces a posted message's blocks as they are (a clicked prompt once answered). */
  async updateBlocks(channel: string, ts: string, text: string, blocks: SlackBlock[]): Promise<void> {
    await this.api.chat.update({ channel, ts, text, blocks });
  }

  override async deleteActivity(ctx: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    if (!reference.activityId) throw new Error('deleteActivity needs the activityId (ts) of the Slack message');
    const { channel } = parseSlackConversationId(reference.conversation?.id ?? ctx.activity.conversation.id);
    await this.api.chat.delete({ channel, ts: reference.activityId });
  }

  /** A proactive turn in a stored conversation (e.g. a ticket link posted into the thread later). */
  override async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** Slack has no Bot Framework app id or claims to check: the reference alone says where to post. */
  override async continueConversationAsync(
    _botAppIdOrClaims: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync needs a logic callback');
    await this.continueConversation(reference, logic);
  }
}
