/**
 * Delivers the outbox: claims due deliveries, hands each to its connector, and records the
 * outcome — delivered, retry later (exponential backoff with full jitter, never sooner than a
 * 429's Retry-After), or dead letter (a permanent refusal, or a day of failures). A delivery
 * an earlier attempt may have completed is passed on as such, so the connector looks the ticket
 * up before creating one. Runs in the bot process; a restart resumes where it stopped.
 */
import type { TicketConnector } from '../tickets/types.js';
import type { Delivery, Escalation, EscalationStore } from './store.js';

export interface WorkerOptions {
  store: EscalationStore;
  connectors: TicketConnector[];
  /** Tells the conversation how a delivery ended (ticket key and link, or that it failed for good). */
  notify?: (escalation: Escalation, delivery: Delivery) => Promise<void>;
  log?: (message: string) => void;
  leaseMs?: number;
  attemptTimeoutMs?: number;
  /** How long a delivery is retried before it is dead-lettered. */
  giveUpAfterMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often the store is checked for work written by another process (tickets retry). */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}

export class DeliveryWorker {
  private readonly connectors: Map<string, TicketConnector>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private readonly aborts = new AbortController();

  constructor(private readonly o: WorkerOptions) {
    this.connectors = new Map(o.connectors.map((c) => [c.name, c]));
  }

  private get now(): number {
    return (this.o.now ?? Date.now)();
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.aborts.abort();
    await this.running;
  }

  /** Work is waiting (a new escalation, a requeue): run now rather than at the next timer. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.schedule();
    });
  }

  /** Resolves when nothing is running (tests wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = this.o.store.nextDue();
    const poll = this.o.pollMs ?? 30_000;
    const wait = due === undefined ? poll : Math.min(poll, Math.max(0, due - this.now));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    try {
      await this.notifyPending();
      for (;;) {
        const batch = this.o.store.claimDue(this.now, this.o.leaseMs ?? 120_000);
        if (!batch.length || this.stopped) break;
        await Promise.all(batch.map((d) => this.deliver(d)));
      }
    } catch (err) {
      this.o.log?.(`delivery worker: ${(err as Error).message}`);
    }
  }

  /** One attempt for one delivery, and what it leaves in the store. */
  private async deliver(d: Delivery): Promise<void> {
    const escalation = this.o.store.get(d.escalationId);
    if (!escalation) return;
    const connector = this.connectors.get(d.connector);
    if (!connector) {
      this.o.store.recordResult(d, { kind: 'permanent', reason: `${d.connector} is not configured in this process (set its variables, then: freebusy-doctor tickets retry ${escalation.reference})` }, undefined);
      await this.notifyOne(escalation.reference, d.connector);
      return;
    }
    const timeout = AbortSignal.timeout(this.o.attemptTimeoutMs ?? 60_000);
    const signal = AbortSignal.any([timeout, this.aborts.signal]);
    let result;
    try {
      result = await connector.deliver(escalation.document, {
        attempt: d.attempts,
        known: d.remote,
        created: (ticket) => this.o.store.recordCreated(d.escalationId, d.connector, ticket),
        signal,
      });
    } catch (err) {
      // A connector that throws has sent who knows what: treat it as unclear, never as "nothing happened".
      result = { kind: 'unclear' as const, reason: `${connector.label}: ${(err as Error).message}` };
    }
    if (this.aborts.signal.aborted && result.kind !== 'delivered') {
      // Shutting down: the row stays pending for the next worker, marked as possibly sent.
      // (A killed process cannot do this; its lease running out frees the row instead.)
      this.o.store.release(d, `interrupted by shutdown: ${result.reason}`);
      return;
    }
    const nextAt = result.kind === 'retry' || result.kind === 'unclear' ? this.nextAttempt(escalation, d, result.afterMs) : undefined;
    this.o.store.recordResult(d, result, nextAt);
    this.o.log?.(`delivery ${escalation.reference} → ${d.connector}: ${result.kind}${result.kind === 'delivered' ? ` ${result.ticket.key}` : ` (${result.reason})`}`);
    if (result.kind === 'delivered' || nextAt === undefined) await this.notifyOne(escalation.reference, d.connector);
  }

  /** Full-jitter exponential backoff, at least the target's Retry-After; undefined once the delivery is too old. */
  private nextAttempt(e: Escalation, d: Delivery, afterMs: number | undefined): number | undefined {
    const base = this.o.baseDelayMs ?? 1000;
    const cap = this.o.maxDelayMs ?? 5 * 60_000;
    const backoff = Math.min(cap, base * 2 ** Math.min(30, d.attempts - 1)) * (this.o.random ?? Math.random)();
    const at = this.now + Math.max(afterMs ?? 0, backoff);
    return at - Date.parse(e.createdAt) > (this.o.giveUpAfterMs ?? 24 * 60 * 60_000) ? undefined : at;
  }

  private async notifyPending(): Promise<void> {
    for (const { escalation, delivery } of this.o.store.unnotified()) await this.notifyOne(escalation.reference, delivery.connector);
  }

  private async notifyOne(reference: string, connector: string): Promise<void> {
    const e = this.o.store.get(reference);
    const d = e?.deliveries.find((x) => x.connector === connector);
    if (!e || !d || d.notified) return;
    // Marked first: a chat message is not idempotent, and a second copy is worse than none.
    this.o.store.markNotified(e.id, connector);
    try {
      await this.o.notify?.(e, d);
    } catch (err) {
      this.o.log?.(`could not tell conversation ${e.conversation} about ${e.reference} (${connector}): ${(err as Error).message}`);
    }
  }
}
