/**
 * A generic signed webhook: one JSON POST per escalation to a receiver the customer runs (Power
 * Automate, Logic Apps, n8n, an ITSM's inbound endpoint, a small script).
 *
 * The request:
 *   POST <url>
 *   Content-Type: application/json
 *   Idempotency-Key: esc-<escalationId>              (the same on every attempt)
 *   X-FreeBusy-Doctor-Timestamp: <unix seconds>      (the time of this attempt)
 *   X-FreeBusy-Doctor-Signature: sha256=<hex>
 *   {"type":"freebusy-doctor.escalation","version":1, ...every TicketDocument field}
 *
 * Signature scheme: `hex(HMAC-SHA256(secret, "<timestamp>.<raw body>"))`, where `<timestamp>` is
 * the X-FreeBusy-Doctor-Timestamp header exactly as sent and `<raw body>` the request body bytes
 * exactly as received (verify before parsing the JSON). A receiver should:
 *   1. recompute the HMAC and compare it in constant time (`verifyWebhookSignature` does this);
 *   2. refuse timestamps more than 5 minutes from its clock (replays);
 *   3. dedupe on Idempotency-Key: a retry after a timeout or a 5xx sends the same key and the same
 *      body (only the timestamp and signature change), so a receiver that remembers keys it has
 *      processed creates exactly one ticket per escalation.
 *
 * The answer: any 2xx means delivered. The receiver may answer JSON `{"key": "...", "url": "..."}`
 * naming the ticket it created; otherwise the escalation reference is the key. Other statuses and
 * network failures are sorted by the shared `classifyHttp`/`request` (429/502/503/504 → retry with
 * Retry-After; 500/408, a timeout or a reset after sending → unclear, resent with the same key;
 * other 4xx → permanent).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DeliveryContext, DeliveryResult, RemoteTicket, TicketConnector, TicketDocument } from '../types.js';
import { classifyHttp, parseJson, request, requireSafeBaseUrl } from '../http.js';

export interface WebhookConfig {
  /** https:// (http:// only on loopback). A query string (e.g. a Logic Apps `sig`) is kept. */
  url: string;
  /** Shared HMAC secret, at least 16 characters. */
  secret: string;
  /** Human label, default "Webhook (<host>)". */
  label?: string;
  /** Per-request deadline in ms (default 30 s). */
  timeoutMs?: number;
}

export const WEBHOOK_EVENT_TYPE = 'freebusy-doctor.escalation';
export const WEBHOOK_EVENT_VERSION = 1;
export const WEBHOOK_TIMESTAMP_HEADER = 'X-FreeBusy-Doctor-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-FreeBusy-Doctor-Signature';
export const WEBHOOK_MIN_SECRET_LENGTH = 16;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export function signWebhook(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/**
 * For receivers (and tests): true when `header` is the signature of `rawBody` at `timestamp` under
 * `secret`, and the timestamp is within `toleranceSeconds` of `nowSeconds` (either side).
 * Constant-time comparison; any malformed input gives false.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  rawBody: string | Buffer,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!secret || timestamp === undefined || header === undefined) return false;
  const ts = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = Buffer.from(signWebhook(secret, ts, rawBody).slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The JSON body: the event type and version, then the whole document. */
export function webhookPayload(doc: TicketDocument): string {
  return JSON.stringify({ type: WEBHOOK_EVENT_TYPE, version: WEBHOOK_EVENT_VERSION, ...doc });
}

/**
 * Validates a webhook URL like `requireSafeBaseUrl` (https, or http on loopback; no credentials)
 * but keeps its query string, which signed trigger URLs (Logic Apps, Power Automate) need.
 * Returns the URL without a fragment. Errors name `name`, never the URL (its query may hold a key).
 */
export function requireSafeWebhookUrl(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`${name} is not a valid URL`);
  }
  if (parsed.username || parsed.password) throw new Error(`${name} must not contain a user name or password`);
  requireSafeBaseUrl(name, `${parsed.origin}${parsed.pathname}`);
  parsed.hash = '';
  return parsed.toString();
}

/** A `{key, url}` answer, when the receiver sent a usable one. */
function ticketFromAnswer(text: string, fallbackKey: string): RemoteTicket {
  const answer = parseJson(text);
  const ticket: RemoteTicket = { key: fallbackKey };
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return ticket;
  const { key, url } = answer as { key?: unknown; url?: unknown };
  if (typeof key === 'string' && key.trim() && key.length <= 200) ticket.key = key.trim();
  else if (typeof key === 'number' && Number.isFinite(key)) ticket.key = String(key);
  if (typeof url === 'string' && url.length <= 2000) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') ticket.url = parsed.toString();
    } catch {
      // not a URL: ignore it
    }
  }
  return ticket;
}

export function createWebhookConnector(config: WebhookConfig): TicketConnector {
  const url = new URL(requireSafeWebhookUrl('webhook URL', config.url));
  if (typeof config.secret !== 'string' || config.secret.length < WEBHOOK_MIN_SECRET_LENGTH) {
    throw new Error(`webhook secret must be at least ${WEBHOOK_MIN_SECRET_LENGTH} characters`);
  }
  const secret = config.secret;
  const label = config.label ?? `Webhook (${url.host})`;

  async function deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    // The receiver acknowledged an earlier attempt: nothing left to do.
    if (ctx.known) return { kind: 'delivered', ticket: ctx.known };
    const body = webhookPayload(doc);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const r = await request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': 'freebusy-doctor',
          'idempotency-key': `esc-${doc.escalationId}`,
          [WEBHOOK_TIMESTAMP_HEADER.toLowerCase()]: timestamp,
          [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, timestamp, body),
        },
        body,
      },
      { signal: ctx.signal, timeoutMs: config.timeoutMs ?? 30_000 },
    );
    if (!r.ok) return r.result;
    if (r.status < 200 || r.status > 299) {
      return classifyHttp(r.status, r.response.headers, { isCreate: true, body: r.text, secrets: [secret] });
    }
    const ticket = ticketFromAnswer(r.text, doc.reference);
    ctx.created(ticket);
    return { kind: 'delivered', ticket };
  }

  return { name: 'webhook', label, deliver };
}
