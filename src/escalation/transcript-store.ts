/**
 * Every activity of every conversation, kept so an escalation can carry the whole conversation.
 * The caller redacts before appending: transcripts at rest hold no secrets.
 */
import type { Activity } from 'botbuilder';
import type { Db } from '../storage/database.js';
import { emptyCounts, mergeCounts, totalRedactions, type RedactionCounts } from './redact.js';

/** A conversation longer than this keeps its most recent activities in a ticket. */
export const MAX_TRANSCRIPT_ACTIVITIES = 2000;

export class TranscriptStore {
  private readonly insert;
  private readonly select;
  private readonly counted;

  constructor(private readonly db: Db) {
    this.insert = db.prepare<[string, string, string | null, string]>('INSERT INTO transcript (conversation, activity, redactions, at) VALUES (?, ?, ?, ?)');
    this.counted = db.prepare<[string], { redactions: string }>('SELECT redactions FROM transcript WHERE conversation = ? AND redactions IS NOT NULL');
    this.select = db.prepare<[string, number], { activity: string }>(
      'SELECT activity FROM (SELECT seq, activity FROM transcript WHERE conversation = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
    );
  }

  /** Stores an activity that is already redacted, with how many items its redaction masked. */
  append(conversation: string, activity: Partial<Activity>, redactions?: RedactionCounts): void {
    const counts = redactions && totalRedactions(redactions) > 0 ? JSON.stringify(redactions) : null;
    this.insert.run(conversation, JSON.stringify(activity), counts, new Date().toISOString());
  }

  /** Several activities in one transaction: a turn's replies cost one commit, not one each. */
  appendMany(conversation: string, entries: { activity: Partial<Activity>; counts?: RedactionCounts }[]): void {
    if (!entries.length) return;
    this.db.transaction(() => {
      for (const e of entries) this.append(conversation, e.activity, e.counts);
    })();
  }

  /** What redaction masked in this conversation's stored activities, by kind. */
  redactions(conversation: string): RedactionCounts {
    return mergeCounts(emptyCounts(), ...this.counted.all(conversation).map((r) => JSON.parse(r.redactions) as RedactionCounts));
  }

  activities(conversation: string): Partial<Activity>[] {
    return this.select.all(conversation, MAX_TRANSCRIPT_ACTIVITIES).map((r) => JSON.parse(r.activity) as Partial<Activity>);
  }
}
