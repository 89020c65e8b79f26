/**
 * Middleware every channel's adapter runs before the bot: answer an activity id once, one turn
 * at a time per conversation, Teams input turned back into the text the admin typed, and a
 * typing indicator where the channel shows one.
 */
import { ActivityTypes, DeliveryModes, ShowTypingMiddleware, TurnContext, type Middleware } from 'botbuilder';
import { leadBeforeCard } from '../channels/teams/cards.js';
import { htmlToText } from '../text/paste.js';
import type { SeenIds } from '../storage/seen-ids.js';
import type { TurnQueue } from './turn-queue.js';

export function conversationKey(ctx: TurnContext): string {
  const a = ctx.activity;
  return `${a.channelId}/${a.conversation?.id ?? ''}`;
}

/** A repeated activity (a Teams or Slack retry, a double delivery) gets no second answer. */
export function dedupe(seen: SeenIds): Middleware {
  return {
    async onTurn(ctx, next) {
      const a = ctx.activity;
      if (a.id && (a.type === ActivityTypes.Message || a.type === ActivityTypes.Invoke)) {
        if (!seen.firstSighting(`${conversationKey(ctx)}/${a.id}`)) return;
      }
      await next();
    },
  };
}

export function serialize(queue: TurnQueue): Middleware {
  return { onTurn: (ctx, next) => queue.run(conversationKey(ctx), next) };
}

/**
 * In a Teams channel or group chat the app's RSC permission delivers every message, not only
 * those meant for the bot: it answers a message that @mentions it, or one in a thread whose
 * conversation it already holds (a thread it was brought into). Personal chats always go in.
 */
export function teamsAddressed(isKnownConversation: (ctx: TurnContext) => Promise<boolean>): Middleware {
  return {
    async onTurn(ctx, next) {
      const a = ctx.activity;
      const shared = a.conversation?.conversationType === 'channel' || a.conversation?.conversationType === 'groupChat';
      if (a.channelId === 'msteams' && a.type === ActivityTypes.Message && shared) {
        const mentioned = TurnContext.getMentions(a).some((m) => m.mentioned?.id === a.recipient?.id);
        if (!mentioned && !(await isKnownConversation(ctx))) return;
      }
      await next();
    },
  };
}

/** On Teams a summary card goes with a one-line lead instead of the whole text (Teams would show both). */
export function teamsCardLead(): Middleware {
  return {
    async onTurn(ctx, next) {
      if (ctx.activity.channelId === 'msteams') ctx.onSendActivities(async (_ctx, activities, send) => {
        activities.forEach((a, i) => (activities[i] = leadBeforeCard(a)));
        return send();
      });
      await next();
    },
  };
}

/** The text of a Teams message as the admin wrote it: no @mention, line breaks of a paste kept. */
export function teamsText(ctx: TurnContext): string {
  const a = ctx.activity;
  // Pasted output arrives as HTML beside the flattened text; the HTML keeps its line breaks.
  const html = a.attachments?.find((x) => x.contentType === 'text/html' && typeof x.content === 'string')?.content as string | undefined;
  if (html) return htmlToText(html).trim();
  TurnContext.removeRecipientMention(a);
  let text = a.text ?? '';
  if (/<(p|br|div|pre|at)\b/i.test(text)) text = htmlToText(text);
  // An Adaptive Card Action.Submit arrives with empty text and the chosen value in `value`.
  if (!text.trim() && a.value && typeof a.value === 'object') {
    const v = a.value as Record<string, unknown>;
    const chosen = v.choice ?? v.text ?? v.value;
    if (typeof chosen === 'string') text = chosen;
  }
  return text.trim();
}

export function teamsInput(): Middleware {
  return {
    async onTurn(ctx, next) {
      if (ctx.activity.channelId === 'msteams' && ctx.activity.type === ActivityTypes.Message) ctx.activity.text = teamsText(ctx);
      await next();
    },
  };
}

/**
 * Teams (and the Emulator) show "typing…"; Slack and the terminal have nothing to show it in,
 * and a caller using expectReplies gets every reply at once, so typing would only pad them.
 */
export function typingWhereShown(): Middleware {
  const typing = new ShowTypingMiddleware(500, 2000);
  return {
    onTurn: (ctx, next) => {
      const a = ctx.activity;
      const shown = (a.channelId === 'msteams' || a.channelId === 'emulator') && a.deliveryMode !== DeliveryModes.ExpectReplies;
      return shown ? typing.onTurn(ctx, next) : next();
    },
  };
}
