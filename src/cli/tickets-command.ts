/**
 * `freebusy-doctor tickets`: the local ticket store for an operator — list escalations and how
 * their deliveries stand (dead letters included), show one whole, and send dead or pending
 * deliveries again now.
 */
import { escalationConfig } from '../config/env.js';
import { DeliveryWorker } from '../escalation/delivery-worker.js';
import { EscalationStore, type Escalation } from '../escalation/store.js';
import { databasePath, openDatabase } from '../storage/database.js';
import { UsageError } from './io.js';

function deliveryLine(e: Escalation): string {
  if (!e.deliveries.length) return 'local only';
  return e.deliveries
    .map((d) => `${d.connector}: ${d.status}${d.remote ? ` ${d.remote.key}` : ''}${d.status !== 'delivered' ? ` (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `; ${d.lastError.slice(0, 80)}` : ''})` : ''}`)
    .join(' · ');
}

function withStore<T>(dataDir: string, work: (store: EscalationStore) => Promise<T>): Promise<T> {
  const db = openDatabase(databasePath(dataDir));
  return work(new EscalationStore(db)).finally(() => db.close());
}

export function ticketsList(dataDir: string, json: boolean, out: (s: string) => void): Promise<number> {
  return withStore(dataDir, async (store) => {
    const all = store.list(200);
    if (json) {
      out(JSON.stringify(all.map((e) => ({ reference: e.reference, id: e.id, title: e.document.title, urgency: e.document.urgency, createdAt: e.createdAt, deliveries: e.deliveries })), null, 2));
      return 0;
    }
    if (!all.length) out('No escalations yet.');
    for (const e of all) out(`${e.reference}  ${e.createdAt.slice(0, 16).replace('T', ' ')}  ${e.document.urgency.padEnd(8)} ${e.document.title}\n    ${deliveryLine(e)}`);
    return 0;
  });
}

export function ticketsShow(dataDir: string, reference: string, json: boolean, out: (s: string) => void): Promise<number> {
  return withStore(dataDir, async (store) => {
    const e = store.get(reference);
    if (!e) throw new UsageError(`no escalation ${reference} in ${databasePath(dataDir)}`);
    if (json) {
      out(JSON.stringify(e, null, 2));
      return 0;
    }
    const d = e.document;
    out(`${e.reference} — ${d.title}\nid ${e.id} · urgency ${d.urgency} · ${e.createdAt} · conversation ${e.conversation}`);
    out(`Deliveries: ${deliveryLine(e)}`);
    out(`Redaction applied: ${d.redaction.total} item(s) masked.`);
    out(`\n${d.description}\n\n${d.summaryMarkdown}\n\n${d.transcriptMarkdown}`);
    return 0;
  });
}

/** Puts dead deliveries back and delivers what is due now, with the ticket systems configured in this environment. */
export function ticketsRetry(dataDir: string, reference: string, out: (s: string) => void): Promise<number> {
  return withStore(dataDir, async (store) => {
    const e = store.get(reference);
    if (!e) throw new UsageError(`no escalation ${reference} in ${databasePath(dataDir)}`);
    const requeued = store.requeue(e.id);
    const worker = new DeliveryWorker({ store, connectors: escalationConfig().tickets, log: (m) => out(m), pollMs: 60_000 });
    worker.start();
    await worker.idle();
    await worker.stop();
    const after = store.get(e.id) as Escalation;
    out(`${after.reference}: ${requeued} delivery(ies) requeued; now ${deliveryLine(after)}`);
    return after.deliveries.some((d) => d.status === 'dead') ? 1 : 0;
  });
}
