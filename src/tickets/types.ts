/**
 * What an escalation becomes on its way out: one ticket document, the same for every target
 * system, and the contract each target's connector fulfils. The escalation id travels in every
 * ticket (label, correlation id, external id, marker, Message-ID, Idempotency-Key) so a retry
 * can find a ticket an earlier attempt created instead of creating a second one.
 */

export type Urgency = 'low' | 'normal' | 'high' | 'critical';

export interface TicketDocument {
  /** UUID minted when the escalation is accepted; the idempotency key everywhere. */
  escalationId: string;
  /** The local reference the admin is given, e.g. FBD-2026-000123. */
  reference: string;
  /** The error's title, and the organisation/domain when known. */
  title: string;
  /** The admin's one-line description. */
  description: string;
  urgency: Urgency;
  /** Short redacted Markdown: error and confidence, direction/auth, domains, steps and outcomes, findings, what remains. */
  summaryMarkdown: string;
  /** Every message of the conversation, redacted, as Markdown. */
  transcriptMarkdown: string;
  /** The same conversation as a Bot Framework .transcript file (a JSON array of activities), redacted. */
  transcriptJson: string;
  /** Redaction was applied before anything was stored or sent; counts by kind of secret. */
  redaction: { total: number; counts: Record<string, number> };
  errorId?: string;
  domain?: string;
  /** ISO time the escalation was accepted. */
  createdAt: string;
}

/** A ticket that exists in a target system. */
export interface RemoteTicket {
  key: string;
  url?: string;
}

/**
 * How one delivery attempt ended:
 * - delivered: the ticket exists (and its attachments are in place);
 * - retry: nothing was created, try again later (after `afterMs` when the target said so: 429/Retry-After);
 * - unclear: the request may have created the ticket (timeout or reset after sending, 500 on a
 *   create): the next attempt must look the ticket up before creating;
 * - permanent: the target refused for good (400/401/403/404/410/422): dead letter, no retries.
 */
export type DeliveryResult =
  | { kind: 'delivered'; ticket: RemoteTicket }
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'unclear'; reason: string; afterMs?: number }
  | { kind: 'permanent'; reason: string };

export interface DeliveryContext {
  /** 1 for the first attempt. Above 1, an earlier attempt may have created the ticket. */
  attempt: number;
  /** A ticket an earlier attempt already created (recorded through `created`): finish it, never re-create. */
  known?: RemoteTicket;
  /** Call as soon as the ticket exists, before attachments, so a crash after it cannot cause a second ticket. */
  created(ticket: RemoteTicket): void;
  /** Aborts the attempt (shutdown, per-attempt timeout). */
  signal: AbortSignal;
}

export interface TicketConnector {
  /** Stable name stored with each delivery: 'jira', 'servicenow', 'zendesk', 'github', 'webhook', 'email'. */
  readonly name: string;
  /** Human label for messages: "Jira (IT)", "ServiceNow", ... */
  readonly label: string;
  deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult>;
}
