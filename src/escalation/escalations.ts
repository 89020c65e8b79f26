/**
 * Escalation as a process runs it: the local ticket store, transcripts, the desk the dialogs
 * use, and the worker that delivers to the configured ticket systems and reports back into the
 * conversation. The server and the terminal chat both build it from here.
 */
import { join } from 'node:path';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Db } from '../storage/database.js';
import type { TicketConnector } from '../tickets/types.js';
import { DeliveryWorker } from './delivery-worker.js';
import { TicketDesk } from './desk.js';
import type { RedactionOptions } from './redact.js';
import { EscalationStore, type Delivery, type Escalation } from './store.js';
import { TranscriptStore } from './transcript-store.js';

export interface EscalationParts {
  store: EscalationStore;
  transcripts: TranscriptStore;
  desk: TicketDesk;
  worker: DeliveryWorker;
}

export interface EscalationSetup {
  db: Db;
  kb: KnowledgeBase;
  dataDir: string;
  connectors: TicketConnector[];
  redaction: RedactionOptions;
  /** Posts the outcome of a delivery into the conversation that escalated. */
  tell: (escalation: Escalation, text: string) => Promise<void>;
  log: (message: string) => void;
  /** Worker timing (tests shorten them). */
  worker?: { baseDelayMs?: number; maxDelayMs?: number; pollMs?: number; attemptTimeoutMs?: number };
}

/** What the conversation is told when a delivery ends. */
export function outcomeMessage(e: Escalation, d: Delivery, label: string): string {
  if (d.status === 'delivered' && d.remote) {
    return `Ticket created for **${e.reference}** in ${label}: **${d.remote.key}**${d.remote.url ? ` — ${d.remote.url}` : ''}`;
  }
  return `I could not create the ticket for **${e.reference}** in ${label}: ${d.lastError ?? 'it refused it'}. The escalation is kept in the local ticket store; an operator can send it again with \`freebusy-doctor tickets retry ${e.reference}\`.`;
}

export function createEscalations(s: EscalationSetup): EscalationParts {
  const store = new EscalationStore(s.db);
  const transcripts = new TranscriptStore(s.db);
  const labels = new Map(s.connectors.map((c) => [c.name, c.label]));
  const worker = new DeliveryWorker({
    store,
    connectors: s.connectors,
    log: s.log,
    ...s.worker,
    notify: (e, d) => s.tell(e, outcomeMessage(e, d, labels.get(d.connector) ?? d.connector)),
  });
  const desk = new TicketDesk({
    kb: s.kb,
    store,
    transcripts,
    redaction: s.redaction,
    targets: s.connectors.map((c) => ({ name: c.name, label: c.label })),
    ticketsDir: join(s.dataDir, 'tickets'),
    accepted: () => worker.kick(),
    log: s.log,
  });
  return { store, transcripts, desk, worker };
}
