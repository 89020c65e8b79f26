import { afterEach, describe, expect, it } from 'vitest';
import {
  basicAuth,
  bodyExtract,
  classifyHttp,
  classifyNetworkError,
  request,
  requireSafeBaseUrl,
  retryAfterMs,
} from '../../src/tickets/http.js';
import { closedPortUrl, HANG, RESET, startFakeServer, type FakeServer } from './fake-server.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

describe('retryAfterMs', () => {
  it('reads Retry-After in seconds', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '7' }), NOW)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': '0' }, NOW)).toBe(0);
    expect(retryAfterMs({ 'Retry-After': '1.5' }, NOW)).toBe(1500);
  });
  it('reads Retry-After as an HTTP-date', () => {
    expect(retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }, NOW)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }, NOW)).toBe(0);
  });
  it('falls back to X-RateLimit-Reset as unix seconds, ISO time, or a small delay in seconds', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW / 1000 + 12) }, NOW)).toBe(12_000);
    expect(retryAfterMs({ 'X-RateLimit-Reset': '2026-11-22T10:01:00Z' }, NOW)).toBe(60_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': '20' }, NOW)).toBe(20_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }, NOW)).toBe(0);
  });
  it('prefers Retry-After and ignores garbage', () => {
    expect(retryAfterMs({ 'retry-after': '3', 'x-ratelimit-reset': '2026-11-22T10:01:00Z' }, NOW)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs(new Headers(), NOW)).toBeUndefined();
  });
});

describe('classifyHttp', () => {
  const none = new Headers();
  it.each([
    [429, false, 'retry'],
    [429, true, 'retry'],
    [502, true, 'retry'],
    [503, true, 'retry'],
    [504, false, 'retry'],
    [500, true, 'unclear'],
    [500, false, 'retry'],
    [408, true, 'unclear'],
    [408, false, 'retry'],
    [501, true, 'unclear'],
    [400, true, 'permanent'],
    [401, false, 'permanent'],
    [403, true, 'permanent'],
    [404, false, 'permanent'],
    [405, true, 'permanent'],
    [410, false, 'permanent'],
    [413, true, 'permanent'],
    [422, true, 'permanent'],
    [302, true, 'permanent'],
  ] as const)('%i (create: %s) → %s', (status, isCreate, kind) => {
    const r = classifyHttp(status, none, { isCreate });
    expect(r.kind).toBe(kind);
    expect(r.reason).toContain(String(status));
  });

  it('429 carries afterMs from Retry-After, and names the rate limit hit', () => {
    const r = classifyHttp(429, new Headers({ 'retry-after': '7', 'ratelimit-reason': 'jira-burst-based' }), { isCreate: true });
    expect(r).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect(r.reason).toContain('jira-burst-based');
  });

  it('503 with Retry-After carries afterMs too; without one it has none', () => {
    expect(classifyHttp(503, new Headers({ 'retry-after': '2' }), { isCreate: false })).toMatchObject({ kind: 'retry', afterMs: 2000 });
    expect(classifyHttp(503, none, { isCreate: false })).not.toHaveProperty('afterMs');
  });

  it('permanent reasons include a short, scrubbed body extract', () => {
    const body = JSON.stringify({ errorMessages: [], errors: { summary: 'Field summary is required.' }, echo: 'Bearer abc.def.ghi', token: 's3cr3t-token' });
    const r = classifyHttp(400, none, { isCreate: true, body, secrets: ['s3cr3t-token'] });
    expect(r.kind).toBe('permanent');
    expect(r.reason).toMatch(/^HTTP 400 Bad Request: /);
    expect(r.reason).toContain('Field summary is required.');
    expect(r.reason).not.toContain('s3cr3t-token');
    expect(r.reason).not.toContain('abc.def.ghi');
  });

  it('a redirect names only the host it points to', () => {
    const r = classifyHttp(301, new Headers({ location: 'https://login.example.net/sso?token=x' }), { isCreate: false });
    expect(r.reason).toContain('login.example.net');
    expect(r.reason).not.toContain('token=x');
  });
});

describe('bodyExtract', () => {
  it('drops HTML, collapses whitespace, shortens, hides long opaque strings', () => {
    const html = `<html><body><h1>Bad   gateway</h1>\n<p>${'x'.repeat(500)}</p></body></html>`;
    const e = bodyExtract(html);
    expect(e.startsWith('Bad gateway')).toBe(true);
    expect(e.length).toBeLessThanOrEqual(200);
    expect(bodyExtract(`key ${'A1b2'.repeat(12)} end`)).toBe('key *** end');
    expect(bodyExtract(undefined)).toBe('');
  });
});

describe('basicAuth', () => {
  it('encodes user:secret as UTF-8 base64', () => {
    expect(basicAuth('admin@contoso.com', 'tok')).toBe(`Basic ${Buffer.from('admin@contoso.com:tok').toString('base64')}`);
    expect(basicAuth('ü', 'p:w')).toBe(`Basic ${Buffer.from('ü:p:w', 'utf8').toString('base64')}`);
  });
});

describe('requireSafeBaseUrl', () => {
  it('allows https anywhere and http only on loopback', () => {
    expect(requireSafeBaseUrl('JIRA_BASE_URL', 'https://contoso.atlassian.net/')).toBe('https://contoso.atlassian.net');
    expect(requireSafeBaseUrl('X', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(requireSafeBaseUrl('X', 'http://localhost:1234/base/')).toBe('http://localhost:1234/base');
    expect(requireSafeBaseUrl('X', 'http://[::1]:9000')).toBe('http://[::1]:9000');
  });
  it('refuses plain http elsewhere, naming the variable', () => {
    expect(() => requireSafeBaseUrl('JIRA_BASE_URL', 'http://example.com')).toThrow(/JIRA_BASE_URL/);
    expect(() => requireSafeBaseUrl('JIRA_BASE_URL', 'http://example.com')).toThrow(/https/);
    expect(() => requireSafeBaseUrl('ZENDESK_BASE_URL', 'ftp://127.0.0.1')).toThrow(/ZENDESK_BASE_URL/);
    expect(() => requireSafeBaseUrl('X', 'http://127.0.0.1.evil.com')).toThrow();
  });
  it('refuses garbage and embedded credentials without echoing them', () => {
    expect(() => requireSafeBaseUrl('SERVICENOW_INSTANCE_URL', 'not a url')).toThrow(/SERVICENOW_INSTANCE_URL/);
    let message = '';
    try {
      requireSafeBaseUrl('X', 'https://bob:hunter2@example.com');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('X');
    expect(message).not.toContain('hunter2');
  });
});

describe('request', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('returns the response with its body already read', async () => {
    server = await startFakeServer(() => ({ status: 201, json: { key: 'IT-1' } }));
    const r = await request(`${server.url}/x`, { method: 'POST', body: '{}' }, { timeoutMs: 2000 });
    expect(r.ok && r.status).toBe(201);
    expect(r.ok && JSON.parse(r.text)).toEqual({ key: 'IT-1' });
  });

  it('connection refused → retry (nothing was sent)', async () => {
    const r = await request(`${await closedPortUrl()}/x`, { method: 'POST', body: '{}' }, { timeoutMs: 2000 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.result.kind).toBe('retry');
    expect(!r.ok && r.result.reason).toContain('ECONNREFUSED');
  });

  it('no answer before timeoutMs → unclear', async () => {
    server = await startFakeServer(() => HANG);
    const started = Date.now();
    const r = await request(`${server.url}/x`, { method: 'POST', body: '{}' }, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(!r.ok && r.result.kind).toBe('unclear');
    expect(!r.ok && r.result.reason).toMatch(/timed out/);
  });

  it('socket reset after the request was read → unclear', async () => {
    server = await startFakeServer(() => RESET);
    const r = await request(`${server.url}/x`, { method: 'POST', body: '{}' }, { timeoutMs: 2000 });
    expect(!r.ok && r.result.kind).toBe('unclear');
  });

  it('an attempt signal aborted before sending → retry; aborted while waiting → unclear', async () => {
    server = await startFakeServer(() => HANG);
    const before = new AbortController();
    before.abort();
    const r1 = await request(`${server.url}/x`, { method: 'POST' }, { signal: before.signal, timeoutMs: 2000 });
    expect(!r1.ok && r1.result.kind).toBe('retry');
    expect(server.requests).toHaveLength(0);
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    const r2 = await request(`${server.url}/x`, { method: 'POST' }, { signal: during.signal, timeoutMs: 5000 });
    expect(!r2.ok && r2.result.kind).toBe('unclear');
  });

  it('does not follow redirects', async () => {
    server = await startFakeServer((req) => (req.path === '/x' ? { status: 302, headers: { location: '/y' } } : { status: 200 }));
    const r = await request(`${server.url}/x`, { method: 'GET' }, { timeoutMs: 2000 });
    expect(r.ok && r.status).toBe(302);
    expect(server.requests.map((q) => q.path)).toEqual(['/x']);
  });
});

describe('classifyNetworkError', () => {
  const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
  const coded = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['ECONNREFUSED', 'retry'],
    ['ENOTFOUND', 'retry'],
    ['EAI_AGAIN', 'retry'],
    ['UND_ERR_CONNECT_TIMEOUT', 'retry'],
    ['UND_ERR_SOCKET', 'unclear'],
    ['ECONNRESET', 'unclear'],
    ['UND_ERR_HEADERS_TIMEOUT', 'unclear'],
    ['UND_ERR_BODY_TIMEOUT', 'unclear'],
  ])('cause.code %s → %s', (code, kind) => {
    expect(classifyNetworkError(fetchFailed(coded(code))).kind).toBe(kind);
  });
  it('AbortError / TimeoutError and unknown errors → unclear; an all-refused AggregateError → retry', () => {
    expect(classifyNetworkError(new DOMException('x', 'TimeoutError')).kind).toBe('unclear');
    expect(classifyNetworkError(new DOMException('x', 'AbortError')).kind).toBe('unclear');
    expect(classifyNetworkError(new Error('weird')).kind).toBe('unclear');
    expect(classifyNetworkError(fetchFailed(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])))).toMatchObject({ kind: 'retry' });
    expect(classifyNetworkError(fetchFailed(new AggregateError([coded('ECONNREFUSED'), coded('ECONNRESET')])))).toMatchObject({ kind: 'unclear' });
  });
});
