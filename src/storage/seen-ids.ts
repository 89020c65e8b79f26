/**
 * Ids of activities and events already answered, kept in SQLite so a retry that arrives after
 * a restart (Slack retries after 1 and 5 minutes, Teams after its 15-second timeout) is still
 * recognised. Entries older than the retention are pruned as new ones arrive.
 */
import type { Db } from './database.js';

const RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 500;

export class SeenIds {
  private readonly insert;
  private readonly prune;
  private inserts = 0;

  constructor(db: Db, private readonly now: () => number = Date.now) {
    this.insert = db.prepare<[string, number]>('INSERT OR IGNORE INTO seen (key, at) VALUES (?, ?)');
    this.prune = db.prepare<[number]>('DELETE FROM seen WHERE at < ?');
  }

  /** True the first time a key is offered, false for every repeat within the retention. */
  firstSighting(key: string): boolean {
    const t = this.now();
    if (++this.inserts % PRUNE_EVERY === 0) this.prune.run(t - RETENTION_MS);
    return this.insert.run(key, t).changes === 1;
  }
}
