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
import { mergeCounts, redact, type RedactionOptions } from './redact.js';
import type { TranscriptStore } from './transcript-store.js';

/**
 * What a transcript needs of an activity; Teams' text/html copy of the text is left out. Only
 * what people wrote or were shown is run through redaction: ids and channel plumbing are not
 * content (the tenant id, which masking may cover, is not kept at all).
 */
function shape(a: Partial<Activity>, role: 'user' | 'bot', options: RedactionOptions) {
  const content = redactActivity({ text: a.text, attachments: a.attachments?.filter((x) => x.contentType !== 'text/html'), value: a.value }, options);
  const name = a.from?.name ?? (role === 'bot' ? 'FreeBusy Doctor' : 'Admin');
  const shownName = options.maskEmails ? redact(name, options) : undefined;
  const activity: Partial<Activity> = {
    type: a.type,
    id: a.id,
    timestamp: a.timestamp ?? new Date(),
    channelId: a.channelId,
    conversation: a.conversation ? { id: a.conversation.id, isGroup: a.conversation.isGroup, conversationType: a.conversation.conversationType, name: '' } : undefined,
    from: { id: a.from?.id ?? role, name: shownName?.text ?? name, role },
    recipient: a.recipient ? { id: a.recipient.id, name: a.recipient.name } : undefined,
    ...content.activity,
  };
  return { activity, counts: shownName ? mergeCounts(content.counts, shownName.counts) : content.counts };
}

export function transcriptLogger(store: TranscriptStore, options: RedactionOptions): Middleware {
  return {
    async onTurn(ctx, next) {
      const conversation = conversationKey(ctx);
      const redacted = (a: Partial<Activity>, role: 'user' | 'bot') => shape(a, role, options);
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
