/**
 * Redaction of a transcript: the Bot Framework activities a conversation is made of, before they
 * are stored with an escalation or sent to a ticket system. Every string an activity carries is
 * redacted wherever it sits: `text`, `speak`, `summary`, attachments (HeroCard titles, text and
 * buttons, Adaptive Card TextBlocks and inputs, `text/html` content, `contentUrl`), `value`
 * objects (card submissions), `suggestedActions`, `entities` (mention text) and `channelData`
 * (a Slack event carries the message text again, Teams the tenant id). Object keys that name a
 * secret (`token`, `password`, `client_secret`, `authorization`…) have their whole value masked.
 *
 * Left as they are: object keys, and the fields that are protocol structure, never user content
 * (`type`, `channelId`, `serviceUrl`, timestamps, `locale`, formats, `contentType`, card
 * `$schema` and `version`, account `role`). Identifiers (`id`, `from`, `conversation`) are redacted
 * like any other string, so with `maskTenantIds` a tenant or AAD object id is tokenised there too.
 *
 * The input is never changed: the result is a deep copy (Dates copied, plain objects rebuilt,
 * shared or cyclic references copied once).
 */
import type { Activity } from 'botbuilder';
import { DEFAULT_REDACTION_OPTIONS, emptyCounts, mergeCounts, redactField, type RedactionCounts, type RedactionOptions } from './redact.js';

export interface RedactedActivities {
  activities: Partial<Activity>[];
  counts: RedactionCounts;
}

/** Protocol fields whose string values are never user content. */
const STRUCTURAL_KEYS = new Set([
  'type',
  'channelId',
  'serviceUrl',
  'timestamp',
  'localTimestamp',
  'localTimezone',
  'locale',
  'textFormat',
  'inputHint',
  'attachmentLayout',
  'contentType',
  'deliveryMode',
  'importance',
  'valueType',
  '$schema',
  'version',
  'role',
]);

class Walker {
  counts = emptyCounts();
  private readonly copies = new Map<object, unknown>();

  constructor(private readonly options: RedactionOptions) {}

  copy(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') {
      if (key !== undefined && STRUCTURAL_KEYS.has(key)) return value;
      const r = redactField(key ?? '', value, this.options);
      this.counts = mergeCounts(this.counts, r.counts);
      return r.text;
    }
    if (value === null || typeof value !== 'object') return value;
    const seen = this.copies.get(value);
    if (seen !== undefined) return seen;
    if (value instanceof Date) {
      const d = new Date(value.getTime());
      this.copies.set(value, d);
      return d;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      this.copies.set(value, out);
      // An array inherits its key: { "tokens": ["…"] } is a list of tokens.
      for (const item of value) out.push(this.copy(item, key));
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // Not JSON-like data (a Map, a Buffer, a class instance): copy it without looking inside.
      try {
        const clone: unknown = structuredClone(value);
        this.copies.set(value, clone);
        return clone;
      } catch {
        return value;
      }
    }
    const out: Record<string, unknown> = {};
    this.copies.set(value, out);
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, not assignment: a "__proto__" key in pasted JSON stays a plain key.
      Object.defineProperty(out, k, { value: this.copy(v, k), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

/** Redacted deep copies of the activities, and the counts over all of them. */
export function redactActivities(activities: readonly Partial<Activity>[], options: RedactionOptions = DEFAULT_REDACTION_OPTIONS): RedactedActivities {
  const walker = new Walker(options);
  const out = activities.map((activity) => walker.copy(activity, undefined) as Partial<Activity>);
  return { activities: out, counts: walker.counts };
}

/** One activity: a redacted deep copy and its counts. */
export function redactActivity(activity: Partial<Activity>, options: RedactionOptions = DEFAULT_REDACTION_OPTIONS): { activity: Partial<Activity>; counts: RedactionCounts } {
  const { activities, counts } = redactActivities([activity], options);
  return { activity: activities[0] ?? {}, counts };
}
