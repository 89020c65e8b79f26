/**
 * Shared HTTP plumbing for the ticket connectors (Jira, ServiceNow, Zendesk, GitHub, webhook):
 * one place that decides which of the four delivery outcomes an HTTP answer or a network failure is.
 *
 * Usage in a connector:
 *
 *   const base = requireSafeBaseUrl('JIRA_BASE_URL', config.baseUrl);      // at construction
 *   const r = await request(`${base}/rest/api/3/issue`, {
 *     method: 'POST',
 *     headers: { authorization: basicAuth(email, token), 'content-type': 'application/json' },
 *     body: JSON.stringify(payload),
 *   }, { signal: ctx.signal, timeoutMs: 30_000 });
 *   if (!r.ok) return r.result;                                  // network failure: retry or unclear
 *   if (!r.response.ok) return classifyHttp(r.status, r.response.headers, { isCreate: true, body: r.text });
 *   const created = parseJson(r.text);                           // 2xx: the body is already read
 *
 * - `request` never throws: it returns the Response (body already read into `text`) or a classified failure.
 *   It does not follow redirects (an auth header must not travel to another host; a 3xx is a config error).
 * - `classifyHttp` maps a non-2xx status to retry / unclear / permanent (see its comment for the table).
 * - `retryAfterMs` reads Retry-After, else X-RateLimit-Reset.
 * - Reasons never contain request headers or secrets; body extracts are shortened and scrubbed.
 */
import type { DeliveryResult } from './types.js';

/** Every outcome except success. */
export type Failure = Exclude<DeliveryResult, { kind: 'delivered' }>;

/** What `request` returns: the answer (whatever its status), or a classified network failure. */
export type HttpResult =
  | { ok: true; response: Response; status: number; text: string }
  | { ok: false; result: Failure };

export interface RequestOptions {
  /** The attempt's signal (shutdown / per-attempt deadline). */
  signal?: AbortSignal;
  /** Deadline for this one request, headers and body included. Default 30 s. */
  timeoutMs?: number;
}

export interface ClassifyOptions {
  /** True for the request that creates the ticket: a 500/408 (or other 5xx) may then have created it. */
  isCreate: boolean;
  /** The response body, for a short extract in the reason. */
  body?: string;
  /** Values that must never appear in a reason (tokens, passwords); replaced by "***". */
  secrets?: readonly string[];
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export const DEFAULT_TIMEOUT_MS = 30_000;

/** `Basic base64(user:secret)`, UTF-8. */
export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * How long the target asked us to wait, in ms, or undefined when it did not say.
 * 1. `Retry-After`: delay in seconds, or an HTTP-date;
 * 2. else `X-RateLimit-Reset`: unix time in seconds (GitHub, ServiceNow), an ISO 8601 time (Jira), or — when the
 *    number is too small to be a unix time (< 10^9) — a delay in seconds (Zendesk's `ratelimit-reset` style).
 * Times in the past give 0.
 */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = header(headers, 'x-ratelimit-reset')?.trim();
  if (reset) {
    if (/^\d+(\.\d+)?$/.test(reset)) {
      const n = Number(reset);
      return n < 1e9 ? Math.round(n * 1000) : Math.max(0, Math.round(n * 1000 - now));
    }
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const EXTRACT_MAX = 200;

/**
 * A short, single-line, secret-free extract of a response body for a reason: HTML tags dropped, whitespace
 * collapsed, Authorization-like values, JWTs, long opaque strings and the given secrets replaced by "***".
 */
export function bodyExtract(body: string | undefined, secrets: readonly string[] = []): string {
  if (!body) return '';
  let text = body.slice(0, 4000);
  for (const s of secrets) if (s.length >= 4) text = text.split(s).join('***');
  text = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\b(basic|bearer|token)\s+[^\s"',;]+/gi, '$1 ***')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***')
    .replace(/[A-Za-z0-9+/_=-]{40,}/g, '***')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXTRACT_MAX ? `${text.slice(0, EXTRACT_MAX - 1)}…` : text;
}

/**
 * The outcome of a non-2xx answer:
 * - 429 → retry, `afterMs` from Retry-After / X-RateLimit-Reset;
 * - 502, 503, 504 → retry (with `afterMs` when the target sent one);
 * - 500, 408 and any other 5xx → unclear on a create (it may have been created), retry otherwise;
 * - any other 4xx (400, 401, 403, 404, 405, 409, 410, 413, 422 …) → permanent;
 * - 1xx/2xx/3xx (a redirect: we never follow them) → permanent, "unexpected".
 * Reasons read "HTTP 401 Unauthorized: <body extract>".
 */
export function classifyHttp(status: number, headers: HeaderSource, opts: ClassifyOptions): Failure {
  const extract = bodyExtract(opts.body, opts.secrets);
  const name = STATUS_TEXT[status];
  let reason = `HTTP ${status}${name ? ` ${name}` : ''}`;
  if (status === 429) {
    const limit = header(headers, 'ratelimit-reason') ?? header(headers, 'x-ratelimit-rule');
    if (limit) reason += ` (${bodyExtract(limit)})`;
  }
  if (extract) reason += `: ${extract}`;
  const afterMs = retryAfterMs(headers);
  const withAfter = <T extends { reason: string }>(r: T): T & { afterMs?: number } =>
    afterMs === undefined ? r : { ...r, afterMs };

  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return withAfter({ kind: 'retry' as const, reason });
  }
  if (status === 408 || (status >= 500 && status <= 599)) {
    return opts.isCreate
      ? withAfter({ kind: 'unclear' as const, reason: `${reason} (the ticket may have been created)` })
      : withAfter({ kind: 'retry' as const, reason });
  }
  if (status >= 400 && status <= 499) return { kind: 'permanent', reason };
  if (status >= 300 && status <= 399) {
    const location = header(headers, 'location');
    let where = '';
    if (location) {
      try {
        where = ` to ${new URL(location).host}`;
      } catch {
        where = '';
      }
    }
    return { kind: 'permanent', reason: `${reason}: unexpected redirect${where} (check the base URL)` };
  }
  return { kind: 'permanent', reason: `${reason}: unexpected status` };
}

/** Error codes that mean the request never left this machine (nothing can have been created). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH',
  'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Classifies an error thrown by `fetch` (undici) or by reading the body.
 *
 * How "nothing sent" (retry) is told from "maybe received" (unclear): undici throws `TypeError('fetch failed')`
 * with the real error in `err.cause`.
 * - `cause.code` ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH, UND_ERR_CONNECT_TIMEOUT or a TLS
 *   certificate error: the connection never opened, so the request was never sent → retry. Happy-eyeballs
 *   connects throw an AggregateError as the cause; it counts as "not sent" when every inner error does.
 * - `cause.code` UND_ERR_SOCKET ("other side closed"), ECONNRESET, EPIPE, UND_ERR_HEADERS_TIMEOUT,
 *   UND_ERR_BODY_TIMEOUT: the connection was open and the request (at least partly) written, so the target may
 *   have acted on it → unclear.
 * - The error itself named `TimeoutError` (our `timeoutMs`) or `AbortError` (the attempt's signal): fetch cannot
 *   say whether the request had been written yet, so → unclear (the next attempt looks the ticket up first).
 * - Anything else (unknown cause) → unclear, the safe side.
 */
export function classifyNetworkError(err: unknown, what = 'request'): Failure {
  const name = errorName(err);
  if (name === 'TimeoutError') return { kind: 'unclear', reason: `${what} timed out waiting for an answer` };
  if (name === 'AbortError') return { kind: 'unclear', reason: `${what} aborted before an answer` };
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined;
  const inner = cause ?? err;
  const causeName = errorName(inner);
  if (causeName === 'TimeoutError') return { kind: 'unclear', reason: `${what} timed out waiting for an answer` };
  if (causeName === 'AbortError') return { kind: 'unclear', reason: `${what} aborted before an answer` };
  const aggregate = (inner as { errors?: unknown } | undefined)?.errors;
  const codes = Array.isArray(aggregate) ? aggregate.map(errorCode) : [errorCode(inner)];
  const known = codes.filter((c): c is string => c !== undefined);
  if (known.length > 0 && known.length === codes.length && known.every((c) => NOT_SENT_CODES.has(c))) {
    return { kind: 'retry', reason: `${what} failed before sending (${[...new Set(known)].join(', ')})` };
  }
  const label = known[0] ?? causeName ?? name ?? 'unknown error';
  return { kind: 'unclear', reason: `${what} failed after it may have been sent (${label})` };
}

/**
 * fetch with a deadline that never throws. Redirects are not followed (`redirect: 'manual'`): a 3xx comes back as
 * a response for `classifyHttp`. The body is read here, so a connection that dies mid-body is classified too.
 */
export async function request(url: string | URL, init: RequestInit, opts: RequestOptions = {}): Promise<HttpResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, result: { kind: 'permanent', reason: 'invalid request URL' } };
  }
  const what = `${init.method ?? 'GET'} ${target.pathname}`;
  if (opts.signal?.aborted) return { ok: false, result: { kind: 'retry', reason: `${what} not sent: attempt aborted` } };
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const response = await fetch(target, { ...init, redirect: 'manual', signal });
    const text = await response.text();
    return { ok: true, response, status: response.status, text };
  } catch (err) {
    // fetch rejects with signal.reason on abort; name it after whichever signal fired.
    if (timeout.aborted && !opts.signal?.aborted) {
      return { ok: false, result: { kind: 'unclear', reason: `${what} timed out waiting for an answer` } };
    }
    return { ok: false, result: classifyNetworkError(err, what) };
  }
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates a ticket system's base URL from config and returns it without a trailing slash.
 * Requires https; plain http only for loopback (127.0.0.1, localhost, ::1) so tests can use a local fake.
 * Refuses user:password@ in the URL (it would end up in logs). Errors name `name` (the env var), never the value's
 * credentials.
 */
export function requireSafeBaseUrl(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`${name} is not a valid URL`);
  }
  if (parsed.username || parsed.password) {
    throw new Error(`${name} must not contain a user name or password; use the credential variables`);
  }
  if (parsed.search || parsed.hash) throw new Error(`${name} must not contain a query or fragment`);
  const loopback = LOOPBACK_HOSTS.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new Error(
      `${name} must be an https:// URL (http:// is allowed only for 127.0.0.1, localhost or ::1), got ${parsed.protocol}//${parsed.host}`,
    );
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}
