/**
 * The bot core over one database: state, answered ids, transcripts, the escalation desk and
 * its delivery worker, wired the same way for the server and the terminal chat. The worker
 * reports through the runtime's proactive senders; channels register those after attaching.
 */
import { createEscalations, type EscalationParts } from '../escalation/escalations.js';
import type { RedactionOptions } from '../escalation/redact.js';
import type { Db } from '../storage/database.js';
import { SeenIds } from '../storage/seen-ids.js';
import { SqliteStorage } from '../storage/sqlite-storage.js';
import type { TicketConnector } from '../tickets/types.js';
import { BotRuntime } from './bot-runtime.js';
import type { Knowledge } from './load-knowledge.js';

export interface BotCoreOptions {
  db: Db;
  dataDir: string;
  knowledge: Knowledge;
  tickets: TicketConnector[];
  redaction: RedactionOptions;
  log: (message: string) => void;
  worker?: { baseDelayMs?: number; maxDelayMs?: number; pollMs?: number; attemptTimeoutMs?: number };
}

export interface BotCore {
  runtime: BotRuntime;
  storage: SqliteStorage;
  escalations: EscalationParts;
}

export function createBotCore(o: BotCoreOptions): BotCore {
  const storage = new SqliteStorage(o.db);
  // The desk must exist before the runtime, and the worker's reports need the runtime.
  const late: { runtime?: BotRuntime } = {};
  const escalations = createEscalations({
    db: o.db,
    kb: o.knowledge.kb,
    dataDir: o.dataDir,
    connectors: o.tickets,
    redaction: o.redaction,
    log: o.log,
    worker: o.worker,
    tell: async (e, text) => late.runtime?.proactive(e.conversationReference, text),
  });
  const runtime = new BotRuntime({ ...o.knowledge, storage, seen: new SeenIds(o.db), log: o.log, transcripts: escalations.transcripts, redaction: o.redaction, desk: escalations.desk });
  late.runtime = runtime;
  return { runtime, storage, escalations };
}
