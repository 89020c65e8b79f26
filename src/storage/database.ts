/**
 * The one SQLite file under DATA_DIR that holds everything the bot must not lose: conversation
 * state, the ids of activities already answered, and (later) tickets and their outbox.
 * Each module that owns tables registers its migration here, so a new table never needs a
 * separate database or a manual step.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const DATABASE_FILE = 'freebusy-doctor.sqlite';

/** Ordered schema changes; the database's user_version says how many have run. */
const MIGRATIONS: string[] = [
  `CREATE TABLE state (key TEXT PRIMARY KEY, etag INTEGER NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL)`,
  // Every activity of every conversation, redacted before it is written (transcripts at rest).
  `CREATE TABLE transcript (conversation TEXT NOT NULL, seq INTEGER PRIMARY KEY AUTOINCREMENT, activity TEXT NOT NULL, redactions TEXT, at TEXT NOT NULL);
   CREATE INDEX transcript_by_conversation ON transcript (conversation, seq)`,
  // The local ticket store; `case_key` makes a double-clicked confirm one escalation, not two.
  `CREATE TABLE escalation (id TEXT PRIMARY KEY, reference TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, number INTEGER NOT NULL,
     conversation TEXT NOT NULL, case_key TEXT NOT NULL UNIQUE, reference_json TEXT NOT NULL, document TEXT NOT NULL, created_at TEXT NOT NULL,
     UNIQUE (year, number))`,
  // The outbox: one row per escalation and target system, written in the same transaction as the escalation.
  `CREATE TABLE delivery (escalation_id TEXT NOT NULL REFERENCES escalation(id), connector TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')), attempts INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0, unclear INTEGER NOT NULL DEFAULT 0,
     remote_key TEXT, remote_url TEXT, last_error TEXT, notified INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL,
     PRIMARY KEY (escalation_id, connector));
   CREATE INDEX delivery_due ON delivery (status, next_at)`,
];

export function databasePath(dataDir: string): string {
  return join(resolve(dataDir), DATABASE_FILE);
}

/** Opens (creating when needed) the database file, or an in-memory one for ':memory:'. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets readers (readyz, the tickets CLI) work while a turn writes; NORMAL is durable
  // across process crashes, which is the failure this bot has to survive.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const done = db.pragma('user_version', { simple: true }) as number;
  if (done > MIGRATIONS.length) {
    throw new Error(`The database was written by a newer FreeBusy Doctor (schema ${done}, this one knows ${MIGRATIONS.length}).`);
  }
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(done)) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
