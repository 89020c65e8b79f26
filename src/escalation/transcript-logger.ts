/**
 * Keeps every message of a conversation, both ways, redacted before it is written, so an
 * escalation carries the whole conversation including the turn that escalates. Unlike
 * botbuilder's TranscriptLoggerMiddleware it writes the admin's message before the turn runs
 * (a ticket confirmed in this turn carries it) and the replies in one transaction after it,
 * also when the turn fails.
 */
import { ActivityTypes, type Activity, type Middleware } from 'botbuilder';
import { conversationKey } from '../runtime/middleware.js';
import { redactActivity } from './redact-activities.js';
import type { RedactionOptions } from './redact.js';
import type { TranscriptStore } from './transcript-store.js';

/** What a transcript needs of an activity; Teams' text/html copy of the text is left out. */
function shape(a: Partial<Activity>, role: 'user' | 'bot'): Partial<Activity> {
  return {
    type: a.type,
    id: a.id,
    timestamp: a.timestamp ?? new Date(),
    channelId: a.channelId,
    conversation: a.conversation,
    from: a.from ? { ...a.from, role } : { id: role, name: role === 'bot' ? 'FreeBusy Doctor' : 'Admin', role },
    recipient: a.recipient,
    text: a.text,
    attachments: a.attachments?.filter((x) => x.contentType !== 'text/html'),
    value: a.value,
  };
}

export function transcriptLogger(store: TranscriptStore, options: RedactionOptions): Middleware {
  return {
    async onTurn(ctx, next) {
      const conversation = conversationKey(ctx);
      const redacted = (a: Partial<Activity>, role: 'user' | 'bot') => redactActivity(shape(a, role), options);
      // The admin's message is written at once: an escalation confirmed in this turn must carry it.
      if (ctx.activity.type === ActivityTypes.Message) {
        const r = redacted(ctx.activity, 'user');
        store.append(conversation, r.activity, r.counts);
      }
      const replies: ReturnType<typeof redacted>[] = [];
      ctx.onSendActivities(async (_ctx, activities, send) => {
        for (const a of activities) if (a.type === ActivityTypes.Message) replies.push(redacted(a, 'bot'));
        return send();
      });
      try {
        await next();
      } finally {
        store.appendMany(conversation, replies);
      }
    },
  };
}
