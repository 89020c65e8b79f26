/**
 * Zendesk Support connector: one ticket per escalation, the transcripts attached to its first (private) comment.
 *
 * Steps:
 * 1. `ctx.known`: the ticket exists, and since its uploads went in with the create, it is complete → delivered;
 * 2. attempt > 1: `GET /api/v2/tickets.json?external_id=esc-<id>` (Zendesk keeps idempotency keys only 2 h);
 * 3. uploads: `POST /api/v2/uploads?filename=…` with the raw bytes → `upload.token` (an unreferenced upload expires
 *    on its own, so a failed or unclear upload is a plain retry);
 * 4. `POST /api/v2/tickets` with `Idempotency-Key: esc-<id>` and `external_id: esc-<id>`, the tokens in
 *    `comment.uploads`. A 400 `IdempotentRequestError` (the key was used with a different body — new upload tokens
 *    on a retry) means an earlier request under this key got through: look the ticket up by external_id and succeed
 *    if it is there, else give up (permanent) — the key blocks new creates for 2 h, requeue after that.
 */
import type { DeliveryContext, DeliveryResult, RemoteTicket, TicketConnector, TicketDocument, Urgency } from '../types.js';
import { basicAuth, classifyHttp, DEFAULT_TIMEOUT_MS, parseJson, request, requireSafeBaseUrl, type Failure } from '../http.js';
import { oneLine, redactionStatement, transcriptAttachments } from '../ticket-text.js';

export interface ZendeskConfig {
  /** https://your-subdomain.zendesk.com */
  baseUrl: string;
  /** The agent whose API token this is. */
  email: string;
  apiToken: string;
  /** Per-request deadline; default 30 s. */
  timeoutMs?: number;
  /** Human label; default "Zendesk". */
  label?: string;
}

const SUBJECT_LIMIT = 255;
/** Comment bodies are limited to 64 KB; stay well below. */
const BODY_LIMIT = 60_000;

export function zendeskPriority(u: Urgency): 'low' | 'normal' | 'high' | 'urgent' {
  return u === 'critical' ? 'urgent' : u;
}

export function zendeskCommentBody(doc: TicketDocument): string {
  const facts = [`Reference: ${doc.reference}`, `Escalation id: esc-${doc.escalationId}`, `Urgency: ${doc.urgency}`];
  if (doc.errorId) facts.push(`Error: ${doc.errorId}`);
  if (doc.domain) facts.push(`Domain: ${doc.domain}`);
  const head = `${doc.description.trim()}\n\n${facts.join('\n')}\n\n`;
  const tail = `\n\n${redactionStatement(doc)}\nFull conversation transcript attached: transcript.md and conversation.transcript.`;
  const summary = doc.summaryMarkdown.trim();
  const room = BODY_LIMIT - head.length - tail.length;
  if (summary.length <= room) return `${head}${summary}${tail}`;
  const note = '\n… (shortened; see the attached transcript)';
  return `${head}${summary.slice(0, Math.max(0, room - note.length))}${note}${tail}`;
}

function withStep(step: string, f: Failure): Failure {
  return { ...f, reason: `${step}: ${f.reason}` };
}

type Step<T> = { ok: true; value: T; status: number } | { ok: false; result: Failure; status?: number; text?: string };

export class ZendeskConnector implements TicketConnector {
  readonly name = 'zendesk';
  readonly label: string;
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: ZendeskConfig) {
    this.base = requireSafeBaseUrl('ZENDESK_BASE_URL', config.baseUrl);
    this.auth = basicAuth(`${config.email}/token`, config.apiToken);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.label = config.label ?? 'Zendesk';
  }

  private ticketFor(id: number | string): RemoteTicket {
    return { key: String(id), url: `${this.base}/agent/tickets/${id}` };
  }

  private async call(step: string, method: string, pathAndQuery: string, ctx: DeliveryContext, extra: { body?: RequestInit['body']; headers?: Record<string, string>; isCreate?: boolean } = {}): Promise<Step<unknown>> {
    const headers: Record<string, string> = { authorization: this.auth, accept: 'application/json', ...extra.headers };
    const r = await request(`${this.base}${pathAndQuery}`, { method, headers, body: extra.body }, { signal: ctx.signal, timeoutMs: this.timeoutMs });
    if (!r.ok) return { ok: false, result: withStep(step, r.result) };
    if (!r.response.ok) {
      const f = classifyHttp(r.status, r.response.headers, { isCreate: extra.isCreate ?? false, body: r.text, secrets: [this.config.apiToken] });
      return { ok: false, result: withStep(step, f), status: r.status, text: r.text };
    }
    return { ok: true, value: parseJson(r.text), status: r.status };
  }

  /** The ticket whose external_id is `esc-<id>`, if any (documented list-by-external-id, not search: no index lag). */
  async findByExternalId(escalationId: string, ctx: DeliveryContext): Promise<Step<RemoteTicket | undefined>> {
    const qs = new URLSearchParams({ external_id: `esc-${escalationId}` });
    const r = await this.call('Zendesk lookup', 'GET', `/api/v2/tickets.json?${qs}`, ctx);
    if (!r.ok) return r;
    const id = (r.value as { tickets?: { id?: unknown }[] } | undefined)?.tickets?.[0]?.id;
    const ok = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id !== '');
    return { ok: true, value: ok ? this.ticketFor(id as number | string) : undefined, status: r.status };
  }

  private async upload(name: string, contentType: string, content: string, ctx: DeliveryContext): Promise<Step<string>> {
    const qs = new URLSearchParams({ filename: name });
    const r = await this.call(`Zendesk upload ${name}`, 'POST', `/api/v2/uploads?${qs}`, ctx, {
      body: new TextEncoder().encode(content),
      headers: { 'content-type': contentType },
    });
    if (!r.ok) {
      // No ticket can exist because of an upload: an unclear upload is just a retry (the orphan expires).
      return r.result.kind === 'unclear' ? { ok: false, result: { kind: 'retry', reason: r.result.reason } } : r;
    }
    const token = (r.value as { upload?: { token?: unknown } } | undefined)?.upload?.token;
    if (typeof token !== 'string' || token === '') {
      return { ok: false, result: { kind: 'retry', reason: `Zendesk upload ${name}: a 2xx answer without upload.token` } };
    }
    return { ok: true, value: token, status: r.status };
  }

  createPayload(doc: TicketDocument, uploads: string[]): unknown {
    return {
      ticket: {
        subject: oneLine(doc.title, SUBJECT_LIMIT),
        external_id: `esc-${doc.escalationId}`,
        tags: ['freebusy_doctor', `urgency_${doc.urgency}`],
        priority: zendeskPriority(doc.urgency),
        comment: { body: zendeskCommentBody(doc), public: false, uploads },
      },
    };
  }

  async deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    if (ctx.known) return { kind: 'delivered', ticket: ctx.known };
    if (ctx.attempt > 1) {
      const found = await this.findByExternalId(doc.escalationId, ctx);
      if (!found.ok) return found.result;
      if (found.value) {
        ctx.created(found.value);
        return { kind: 'delivered', ticket: found.value };
      }
    }

    const tokens: string[] = [];
    for (const file of transcriptAttachments(doc)) {
      const u = await this.upload(file.name, file.contentType, file.content, ctx);
      if (!u.ok) return u.result;
      tokens.push(u.value);
    }

    const c = await this.call('Zendesk create ticket', 'POST', '/api/v2/tickets', ctx, {
      body: JSON.stringify(this.createPayload(doc, tokens)),
      headers: { 'content-type': 'application/json', 'idempotency-key': `esc-${doc.escalationId}` },
      isCreate: true,
    });
    if (!c.ok) {
      const error = (parseJson(c.text ?? '') as { error?: unknown } | undefined)?.error;
      if (c.status === 400 && error === 'IdempotentRequestError') {
        const found = await this.findByExternalId(doc.escalationId, ctx);
        if (!found.ok) return found.result;
        if (found.value) {
          ctx.created(found.value);
          return { kind: 'delivered', ticket: found.value };
        }
        return {
          kind: 'permanent',
          reason: `${c.result.reason} — no ticket with external_id esc-${doc.escalationId} exists; Zendesk keeps the key 2 h, requeue after that`,
        };
      }
      return c.result;
    }
    const id = (c.value as { ticket?: { id?: unknown } } | undefined)?.ticket?.id;
    if (!((typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id !== ''))) {
      return { kind: 'unclear', reason: 'Zendesk create ticket: a 2xx answer without ticket.id' };
    }
    const ticket = this.ticketFor(id);
    ctx.created(ticket);
    return { kind: 'delivered', ticket };
  }
}
