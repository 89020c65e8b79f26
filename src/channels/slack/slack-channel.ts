/**
 * The Slack channel: a Bolt App that receives events and button clicks (HTTP Events API, or
 * Socket Mode when an app token is given) and hands the ones meant for the bot to the
 * SlackAdapter, which runs them through the shared bot core.
 *
 * Slack wants an answer within 3 seconds or it retries, while a turn can take longer (it posts
 * several messages). Bolt acks Events API requests before listeners run (processBeforeResponse
 * false); clicks are acked first thing; turns then run in the background, never awaited by the
 * HTTP response. Retries are not dropped: one may be the only copy that got through, and the
 * runtime's activity-id dedupe answers each post once (also when it arrives as both
 * app_mention and message).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TurnContext } from 'botbuilder';
import type { App as BoltApp, BlockAction, ButtonAction, Logger, webApi } from '@slack/bolt';
import type { BotRuntime } from '../../runtime/bot-runtime.js';
import { ROUTES } from '../../server/routes.js';
import { markChoiceMade, CHOICE_ACTION_PREFIX, LINK_ACTION_PREFIX, type SlackBlock } from './blocks.js';
import {
  conversationThread,
  mentionsBot,
  slackConversationId,
  slackMessageText,
  SlackAdapter,
  SLACK_CHANNEL_ID,
  type SlackInbound,
} from './slack-adapter.js';

export interface SlackChannelOptions {
  runtime: BotRuntime;
  signingSecret: string;
  /** xoxb-… bot token for the Web API */
  botToken: string;
  /** xapp-… app-level token: Socket Mode instead of HTTP (no public URL needed) */
  appToken?: string;
  /** Web API base URL, for tests or a proxy; defaults to https://slack.com/api/ */
  apiUrl?: string;
  log?: (message: string) => void;
}

export interface SlackChannel {
  /** HTTP mode: mount on POST /slack/events with no body parser (the signature covers the raw body). Undefined in Socket Mode. */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Socket Mode: connects to Slack. HTTP mode: nothing to do (the server owns the port). */
  start(): Promise<void>;
  /** Stops taking events (HTTP requests then get 503 so Slack retries elsewhere) and waits for turns in progress. */
  stop(): Promise<void>;
  adapter: SlackAdapter;
}

/** The fields of a Slack message event this channel reads (Bolt's type is a union of every subtype). */
interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
}

/** Subtypes that are still an admin talking: a message with a file, a thread reply also sent to the channel. */
const ANSWERED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/** The WebClient wants a base URL ending in '/'; one without it would drop the '/api' segment. */
export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Bolt's and the WebClient's logging, sent to our log: warnings and errors only (info is per-request noise). */
function boltLogger(log: (m: string) => void, levels: typeof import('@slack/bolt').LogLevel): Logger {
  let level = levels.WARN;
  const say = (msg: unknown[]) => log(`slack: ${msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')}`);
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => say(msg),
    error: (...msg: unknown[]) => say(msg),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Threads the bot takes part in. A thread counts once the bot has taken a turn there, which
 * saved the conversation's state: that survives a restart, so asking the conversation state's
 * storage is the durable answer, and a small in-memory set covers the moment between accepting
 * a mention and the first save (and spares a read per message).
 */
class ThreadMembership {
  private readonly recent = new Set<string>();

  constructor(
    private readonly runtime: BotRuntime,
    private readonly adapter: SlackAdapter,
    private readonly limit = 10_000,
  ) {}

  remember(conversationId: string): void {
    this.recent.delete(conversationId);
    this.recent.add(conversationId);
    if (this.recent.size > this.limit) this.recent.delete(this.recent.values().next().value as string);
  }

  async has(conversationId: string): Promise<boolean> {
    if (this.recent.has(conversationId)) return true;
    const probe = new TurnContext(this.adapter, {
      type: 'message',
      channelId: SLACK_CHANNEL_ID,
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' },
    });
    const known = await this.runtime.hasConversation(probe);
    if (known) this.remember(conversationId);
    return known;
  }
}

/**
 * The Slack channel on a runtime. HTTP mode (no appToken): mount `requestListener`. Socket Mode
 * (appToken): `start()` opens the WebSocket through apps.connections.open on the same Web API
 * base URL; that needs Slack itself, so only its construction is covered by tests.
 */
export async function createSlackChannel(opts: SlackChannelOptions): Promise<SlackChannel> {
  // Loaded here, not at import: a Teams-only deployment never pays for Bolt.
  const { App, HTTPReceiver, SocketModeReceiver, LogLevel, webApi: web } = await import('@slack/bolt');
  const log = opts.log ?? ((m: string) => console.error(m));
  const logger = boltLogger(log, LogLevel);
  const slackApiUrl = normaliseApiUrl(opts.apiUrl);
  const clientOptions: webApi.WebClientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    logger,
    // A reply that could not be posted within minutes is stale; do not retry for half an hour (the default).
    retryConfig: web.retryPolicies.fiveRetriesInFiveMinutes,
  };
  const adapter = opts.runtime.attach(new SlackAdapter(new web.WebClient(opts.botToken, clientOptions)));
  const threads = new ThreadMembership(opts.runtime, adapter);

  const httpReceiver = opts.appToken
    ? undefined
    : new HTTPReceiver({ signingSecret: opts.signingSecret, endpoints: ROUTES.slackEvents, processBeforeResponse: false, signatureVerification: true, logger });
  const receiver = httpReceiver ?? new SocketModeReceiver({ appToken: opts.appToken as string, logger, installerOptions: { clientOptions } });

  const app: BoltApp = new App({
    receiver,
    logger,
    clientOptions,
    convoStore: false,
    ignoreSelf: true,
    // Not `token`: Bolt would run auth.test in the constructor (an unhandled rejection when Slack is
    // unreachable at boot) or, without token verification, on every event. This asks once, lazily.
    authorize: async () => {
      const me = await adapter.identity();
      return { botToken: opts.botToken, botUserId: me.userId, botId: me.botId };
    },
  });
  app.error(async (err) => log(`slack: ${describe(err)}`));

  const inflight = new Set<Promise<void>>();
  let stopped = false;
  /** Runs a turn after the ack, without the HTTP response waiting for it; failures are logged, never thrown. */
  const inBackground = (what: string, work: () => Promise<void>): void => {
    if (stopped) return;
    const running: Promise<void> = work()
      .catch((err: unknown) => log(`slack: ${what} failed: ${describe(err)}`))
      .finally(() => inflight.delete(running));
    inflight.add(running);
  };

  const onMessage = async (ev: SlackMessageEvent, team: string, botUserId: string, mentioned: boolean): Promise<void> => {
    if (!ANSWERED_SUBTYPES.has(ev.subtype) || ev.bot_id || !ev.user || ev.user === botUserId) return;
    const isDirect = ev.channel_type === 'im';
    const conversationId = slackConversationId(team, ev.channel, conversationThread({ channel: ev.channel, isDirect, ts: ev.ts, threadTs: ev.thread_ts }));
    // In channels the bot answers mentions, and every message of a thread it is already in.
    // A top-level message without a mention starts a new thread, which the bot cannot be in yet.
    const wanted = isDirect || mentioned || mentionsBot(ev.text, botUserId) || (ev.thread_ts !== undefined && (await threads.has(conversationId)));
    if (!wanted) return;
    threads.remember(conversationId);
    const inbound: SlackInbound = {
      team,
      channel: ev.channel,
      isDirect,
      user: ev.user,
      text: slackMessageText(ev.text, botUserId),
      ts: ev.ts,
      threadTs: ev.thread_ts,
      botUserId,
    };
    await adapter.receive(inbound, opts.runtime.logic);
  };

  const noteRetry = (context: { retryNum?: number; retryReason?: string }, ev: { channel?: string; ts?: string }) => {
    if (context.retryNum) log(`slack: retry ${context.retryNum} (${context.retryReason ?? 'no reason'}) of ${ev.channel ?? '?'}/${ev.ts ?? '?'}; answered only if not seen before`);
  };

  app.event('app_mention', async ({ event, body, context }) => {
    noteRetry(context, event);
    const botUserId = context.botUserId;
    if (!botUserId) return;
    inBackground('app_mention', () => onMessage(event as unknown as SlackMessageEvent, body.team_id ?? event.team ?? '', botUserId, true));
  });

  app.message(async ({ message, body, context }) => {
    const ev = message as unknown as SlackMessageEvent;
    noteRetry(context, ev);
    const botUserId = context.botUserId;
    if (!botUserId) return;
    inBackground('message', () => onMessage(ev, body.team_id ?? ev.team ?? '', botUserId, false));
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${CHOICE_ACTION_PREFIX}`), async ({ ack, body, action, context }) => {
    await ack();
    const botUserId = context.botUserId;
    const channel = body.channel?.id ?? (body.container.channel_id as string | undefined);
    const message = body.message;
    if (!botUserId || !channel || !message || typeof action.value !== 'string') return;
    const choice = action.value;
    const isDirect = channel.startsWith('D');
    const threadTs = (message.thread_ts ?? body.container.thread_ts) as string | undefined;
    const team = body.team?.id ?? body.user.team_id ?? context.teamId ?? '';
    inBackground('button click', async () => {
      // The click is the admin's answer, said in the clicked message's thread.
      const turn = adapter.receive(
        { team, channel, isDirect, user: body.user.id, text: choice, ts: message.ts, threadTs, id: action.action_ts, botUserId },
        opts.runtime.logic,
      );
      const blocks = message.blocks as SlackBlock[] | undefined;
      const shown = blocks
        ? adapter
            .updateBlocks(channel, message.ts, message.text ?? choice, markChoiceMade(blocks, body.user.id, choice))
            .catch((err: unknown) => log(`slack: could not mark the choice on ${channel}/${message.ts}: ${describe(err)}`))
        : Promise.resolve();
      await Promise.all([turn, shown]);
    });
  });

  // Link buttons open their URL in Slack; the click still arrives and must be acked.
  app.action(new RegExp(`^${LINK_ACTION_PREFIX}`), async ({ ack }) => {
    await ack();
  });

  const requestListener = httpReceiver
    ? (req: IncomingMessage, res: ServerResponse): void => {
        // Not res.writeHead(…).end(): restify replaces writeHead process-wide with one that does not return res.
        if (stopped) {
          res.statusCode = 503;
          res.end();
          return;
        }
        try {
          httpReceiver.requestListener(req, res);
        } catch (err) {
          // Bolt throws for a path or method it does not serve.
          log(`slack: request to ${req.method ?? '?'} ${req.url ?? '?'} not served: ${describe(err)}`);
          if (!res.headersSent) {
            res.statusCode = 404;
            res.end();
          }
        }
      }
    : undefined;

  return {
    adapter,
    requestListener,
    async start() {
      if (!httpReceiver) await app.start();
    },
    async stop() {
      stopped = true;
      if (!httpReceiver) await app.stop();
      // Let listeners of requests already acked register their turns, then wait for all of them.
      await new Promise((resolve) => setImmediate(resolve));
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
