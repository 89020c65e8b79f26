/**
 * The local ticket store and its outbox, in the same SQLite file as conversation state. An
 * escalation and one delivery row per target system are written in one transaction before the
 * admin is told anything, so an escalation the admin saw confirmed is never lost; the worker
 * then delivers each row and records how it went.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Db } from '../storage/database.js';
import type { DeliveryResult, RemoteTicket, TicketDocument } from '../tickets/types.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  escalationId: string;
  connector: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: number;
  unclear: boolean;
  remote?: RemoteTicket;
  lastError?: string;
  notified: boolean;
  updatedAt: string;
}

export interface Escalation {
  id: string;
  reference: string;
  conversation: string;
  caseKey: string;
  conversationReference: Partial<ConversationReference>;
  document: TicketDocument;
  createdAt: string;
  deliveries: Delivery[];
}

export interface AcceptInput {
  conversation: string;
  /** One escalation per diagnosis: the same case confirmed twice gives back the first. */
  caseKey: string;
  conversationReference: Partial<ConversationReference>;
  /** Builds the ticket from the id and reference minted inside the transaction. */
  document: (id: string, reference: string, createdAt: string) => TicketDocument;
  connectors: string[];
  now?: Date;
}

interface EscalationRow {
  id: string;
  reference: string;
  conversation: string;
  case_key: string;
  reference_json: string;
  document: string;
  created_at: string;
}

interface DeliveryRow {
  escalation_id: string;
  connector: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: number;
  unclear: number;
  remote_key: string | null;
  remote_url: string | null;
  last_error: string | null;
  notified: number;
  updated_at: string;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  escalationId: r.escalation_id,
  connector: r.connector,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  unclear: r.unclear === 1,
  remote: r.remote_key ? { key: r.remote_key, url: r.remote_url ?? undefined } : undefined,
  lastError: r.last_error ?? undefined,
  notified: r.notified === 1,
  updatedAt: r.updated_at,
});

export function formatReference(year: number, n: number): string {
  return `FBD-${year}-${String(n).padStart(6, '0')}`;
}

export class EscalationStore {
  constructor(private readonly db: Db) {}

  /** Records the escalation and its outbox rows; returns the existing one when this case was already escalated. */
  accept(input: AcceptInput): { escalation: Escalation; created: boolean } {
    const run = this.db.transaction(() => {
      const existing = this.db.prepare<[string], EscalationRow>('SELECT * FROM escalation WHERE case_key = ?').get(input.caseKey);
      if (existing) return { id: existing.id, created: false };
      const now = input.now ?? new Date();
      const year = now.getUTCFullYear();
      const last = this.db.prepare<[number], { n: number | null }>('SELECT MAX(number) AS n FROM escalation WHERE year = ?').get(year);
      const number = (last?.n ?? 0) + 1;
      const id = randomUUID();
      const reference = formatReference(year, number);
      const createdAt = now.toISOString();
      const doc = input.document(id, reference, createdAt);
      this.db
        .prepare('INSERT INTO escalation (id, reference, year, number, conversation, case_key, reference_json, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, reference, year, number, input.conversation, input.caseKey, JSON.stringify(input.conversationReference), JSON.stringify(doc), createdAt);
      const row = this.db.prepare('INSERT INTO delivery (escalation_id, connector, status, next_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      for (const c of input.connectors) row.run(id, c, 'pending', now.getTime(), createdAt);
      return { id, created: true };
    });
    // IMMEDIATE: two processes (server and CLI) never mint the same reference number.
    const { id, created } = run.immediate();
    return { escalation: this.get(id) as Escalation, created };
  }

  get(idOrReference: string): Escalation | undefined {
    const row = this.db.prepare<[string, string], EscalationRow>('SELECT * FROM escalation WHERE id = ? OR reference = ? COLLATE NOCASE').get(idOrReference, idOrReference);
    return row ? this.hydrate(row) : undefined;
  }

  list(limit = 50): Escalation[] {
    return this.db.prepare<[number], EscalationRow>('SELECT * FROM escalation ORDER BY created_at DESC, number DESC LIMIT ?').all(limit).map((r) => this.hydrate(r));
  }

  private hydrate(r: EscalationRow): Escalation {
    const deliveries = this.db.prepare<[string], DeliveryRow>('SELECT * FROM delivery WHERE escalation_id = ? ORDER BY connector').all(r.id).map(toDelivery);
    return {
      id: r.id,
      reference: r.reference,
      conversation: r.conversation,
      caseKey: r.case_key,
      conversationReference: JSON.parse(r.reference_json) as Partial<ConversationReference>,
      document: JSON.parse(r.document) as TicketDocument,
      createdAt: r.created_at,
      deliveries,
    };
  }

  /**
   * Takes up to `limit` due deliveries for this worker: each gets a lease (so a second worker or
   * a restarted process leaves it alone until the lease runs out) and its attempt is counted
   * before it starts, so an attempt cut short by a crash still counts as one that may have
   * created the ticket.
   */
  claimDue(now: number, leaseMs: number, limit = 10): Delivery[] {
    const take = this.db.transaction(() => {
      const rows = this.db
        .prepare<[number, number, number], DeliveryRow>("SELECT * FROM delivery WHERE status = 'pending' AND next_at <= ? AND lease_until <= ? ORDER BY next_at LIMIT ?")
        .all(now, now, limit);
      const lease = this.db.prepare('UPDATE delivery SET lease_until = ?, attempts = attempts + 1 WHERE escalation_id = ? AND connector = ?');
      for (const r of rows) lease.run(now + leaseMs, r.escalation_id, r.connector);
      return rows.map((r) => toDelivery({ ...r, attempts: r.attempts + 1 }));
    });
    return take.immediate();
  }

  /** The ticket exists in the target: remembered at once, so no later attempt creates another. */
  recordCreated(escalationId: string, connector: string, ticket: RemoteTicket): void {
    this.db
      .prepare('UPDATE delivery SET remote_key = ?, remote_url = ?, updated_at = ? WHERE escalation_id = ? AND connector = ?')
      .run(ticket.key, ticket.url ?? null, new Date().toISOString(), escalationId, connector);
  }

  /** Applies one attempt's outcome; `nextAt` is when a retry is due, or undefined to give up (dead letter). */
  recordResult(d: Delivery, result: DeliveryResult, nextAt: number | undefined): void {
    const now = new Date().toISOString();
    const where = [d.escalationId, d.connector] as const;
    if (result.kind === 'delivered') {
      this.db
        .prepare("UPDATE delivery SET status = 'delivered', remote_key = ?, remote_url = ?, last_error = NULL, lease_until = 0, updated_at = ? WHERE escalation_id = ? AND connector = ?")
        .run(result.ticket.key, result.ticket.url ?? null, now, ...where);
      return;
    }
    const dead = result.kind === 'permanent' || nextAt === undefined;
    this.db
      .prepare('UPDATE delivery SET status = ?, next_at = ?, unclear = ?, last_error = ?, lease_until = 0, updated_at = ? WHERE escalation_id = ? AND connector = ?')
      .run(dead ? 'dead' : 'pending', nextAt ?? 0, result.kind === 'unclear' || d.unclear ? 1 : 0, result.reason.slice(0, 2000), now, ...where);
  }

  /** A graceful shutdown interrupted the attempt: free the row now; the attempt may have reached the target. */
  release(d: Delivery, reason: string): void {
    this.db
      .prepare('UPDATE delivery SET lease_until = 0, unclear = 1, last_error = ?, updated_at = ? WHERE escalation_id = ? AND connector = ? AND status = ?')
      .run(reason, new Date().toISOString(), d.escalationId, d.connector, 'pending');
  }

  markNotified(escalationId: string, connector: string): void {
    this.db.prepare('UPDATE delivery SET notified = 1 WHERE escalation_id = ? AND connector = ?').run(escalationId, connector);
  }

  /** Delivered or dead-lettered rows whose outcome the conversation has not been told yet. */
  unnotified(): { escalation: Escalation; delivery: Delivery }[] {
    const rows = this.db.prepare<[], DeliveryRow>("SELECT * FROM delivery WHERE status IN ('delivered', 'dead') AND notified = 0").all();
    return rows.map((r) => ({ escalation: this.get(r.escalation_id) as Escalation, delivery: toDelivery(r) }));
  }

  /** Puts dead-lettered deliveries of one escalation back in the queue (an operator fixed the cause). */
  requeue(idOrReference: string, now = Date.now()): number {
    const e = this.get(idOrReference);
    if (!e) return 0;
    return this.db
      .prepare("UPDATE delivery SET status = 'pending', next_at = ?, lease_until = 0, notified = 0, updated_at = ? WHERE escalation_id = ? AND status = 'dead'")
      .run(now, new Date(now).toISOString(), e.id).changes;
  }

  /** When the next pending delivery is due (for the worker's timer), or undefined when none is pending. */
  nextDue(): number | undefined {
    const r = this.db.prepare<[], { t: number | null }>("SELECT MIN(MAX(next_at, lease_until)) AS t FROM delivery WHERE status = 'pending'").get();
    return r?.t ?? undefined;
  }
}
