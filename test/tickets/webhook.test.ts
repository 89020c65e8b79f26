/**
 * Signed webhook connector against a real loopback HTTP receiver (node:http) that verifies the
 * signature from the raw bytes, as a real receiver would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWebhookConnector,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_EVENT_TYPE,
  type WebhookConfig,
} from '../../src/tickets/connectors/webhook.js';
import { webhookFromEnv } from '../../src/tickets/connectors/config.js';
import { closedPortUrl, HANG, RESET, startFakeServer, type FakeServer, type RecordedRequest } from './fake-server.js';
import { sampleDoc, testContext } from './sample-doc.js';

const SECRET = 'whsec-0123456789abcdef-test';

let server: FakeServer;

beforeEach(async () => {
  server = await startFakeServer(() => ({ status: 202, json: { ok: true } }));
});

afterEach(async () => {
  await server.close();
});

function connector(extra: Partial<WebhookConfig> = {}) {
  return createWebhookConnector({ url: `${server.url}/hooks/escalations`, secret: SECRET, timeoutMs: 2000, ...extra });
}

function header(req: RecordedRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('webhook connector', () => {
  it('POSTs the whole document with type/version, an Idempotency-Key and a signature the receiver can verify', async () => {
    server.setHandler(() => ({ status: 201, json: { key: 'INC0012345', url: 'https://itsm.example.com/incident/INC0012345' } }));
    const doc = sampleDoc();
    const ctx = testContext();
    const result = await connector().deliver(doc, ctx);

    const ticket = { key: 'INC0012345', url: 'https://itsm.example.com/incident/INC0012345' };
    expect(result).toEqual({ kind: 'delivered', ticket });
    expect(ctx.createdCalls).toEqual([ticket]);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/escalations');
    expect(header(req, 'content-type')).toMatch(/^application\/json/);
    expect(header(req, 'idempotency-key')).toBe(`esc-${doc.escalationId}`);
    const timestamp = header(req, 'x-freebusy-doctor-timestamp')!;
    expect(timestamp).toMatch(/^\d+$/);
    expect(Math.abs(Number(timestamp) - nowSeconds())).toBeLessThanOrEqual(5);
    const signature = header(req, 'x-freebusy-doctor-signature')!;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    // Verified over the raw bytes received.
    expect(verifyWebhookSignature(SECRET, timestamp, req.body, signature, nowSeconds())).toBe(true);
    expect(verifyWebhookSignature(SECRET, timestamp, req.text(), signature, nowSeconds())).toBe(true);
    // Another secret, a modified body, another timestamp, a stale or future timestamp: refused.
    expect(verifyWebhookSignature('another-secret-of-16+chars', timestamp, req.body, signature, nowSeconds())).toBe(false);
    const tampered = req.text().replace('"urgency":"high"', '"urgency":"low"');
    expect(tampered).not.toBe(req.text());
    expect(verifyWebhookSignature(SECRET, timestamp, tampered, signature, nowSeconds())).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(Number(timestamp) - 1), req.body, signature, nowSeconds())).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, req.body, signature, Number(timestamp) + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, req.body, signature, Number(timestamp) - 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, req.body, signature, Number(timestamp) + 299)).toBe(true);

    const payload = req.json<Record<string, unknown>>();
    expect(payload.type).toBe(WEBHOOK_EVENT_TYPE);
    expect(payload.version).toBe(1);
    const { type: _type, version: _version, ...rest } = payload;
    expect(rest).toEqual(doc);
  });

  it('uses the escalation reference as key when the receiver answers without {key}', async () => {
    server.setHandler(() => ({ status: 204 }));
    const doc = sampleDoc();
    expect(await connector().deliver(doc, testContext())).toEqual({ kind: 'delivered', ticket: { key: doc.reference } });
    server.setHandler(() => ({ status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } }));
    expect(await connector().deliver(doc, testContext())).toEqual({ kind: 'delivered', ticket: { key: doc.reference } });
    server.setHandler(() => ({ status: 200, json: { key: 'T-9', url: 'javascript:alert(1)' } }));
    expect(await connector().deliver(doc, testContext())).toEqual({ kind: 'delivered', ticket: { key: 'T-9' } });
  });

  it('sends the same Idempotency-Key and body on every retry (429 Retry-After, 503, 500, then 200)', async () => {
    const answers = [
      { status: 429, headers: { 'retry-after': '7' }, json: { error: 'slow down' } },
      { status: 503, json: {} },
      { status: 500, json: {} },
      { status: 200, json: { key: 'REQ-1' } },
    ];
    server.setHandler(() => answers.shift() ?? { status: 200 });
    const doc = sampleDoc();
    const c = connector();

    expect(await c.deliver(doc, testContext({ attempt: 1 }))).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect((await c.deliver(doc, testContext({ attempt: 2 }))).kind).toBe('retry');
    expect((await c.deliver(doc, testContext({ attempt: 3 }))).kind).toBe('unclear');
    expect(await c.deliver(doc, testContext({ attempt: 4 }))).toEqual({ kind: 'delivered', ticket: { key: 'REQ-1' } });

    expect(server.requests).toHaveLength(4);
    const keys = new Set(server.requests.map((r) => header(r, 'idempotency-key')));
    expect([...keys]).toEqual([`esc-${doc.escalationId}`]);
    const bodies = new Set(server.requests.map((r) => r.text()));
    expect(bodies.size).toBe(1);
    for (const r of server.requests) {
      expect(verifyWebhookSignature(SECRET, header(r, 'x-freebusy-doctor-timestamp'), r.body, header(r, 'x-freebusy-doctor-signature'), nowSeconds())).toBe(true);
    }
  });

  it('429 with an HTTP-date Retry-After → retry after about that long', async () => {
    const when = new Date(Date.now() + 30_000).toUTCString();
    server.setHandler(() => ({ status: 429, headers: { 'retry-after': when } }));
    const result = await connector().deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('retry');
    expect((result as { afterMs?: number }).afterMs).toBeGreaterThan(25_000);
  });

  it('a receiver that never answers → unclear; one that resets after reading → unclear', async () => {
    server.setHandler(() => HANG);
    expect((await connector({ timeoutMs: 200 }).deliver(sampleDoc(), testContext())).kind).toBe('unclear');
    server.setHandler(() => RESET);
    expect((await connector().deliver(sampleDoc(), testContext())).kind).toBe('unclear');
  });

  it('connection refused → retry', async () => {
    const url = `${await closedPortUrl()}/hook`;
    const result = await createWebhookConnector({ url, secret: SECRET }).deliver(sampleDoc(), testContext());
    expect(result.kind).toBe('retry');
  });

  it('400, 401, 404 and 422 → permanent, without the secret in the reason', async () => {
    for (const status of [400, 401, 404, 422]) {
      server.setHandler(() => ({ status, json: { error: `bad request, secret was ${SECRET}` } }));
      const result = await connector().deliver(sampleDoc(), testContext());
      expect(result.kind).toBe('permanent');
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
  });

  it('a known delivery is not sent again', async () => {
    const result = await connector().deliver(sampleDoc(), testContext({ attempt: 2, known: { key: 'INC1' } }));
    expect(result).toEqual({ kind: 'delivered', ticket: { key: 'INC1' } });
    expect(server.requests).toHaveLength(0);
  });

  it('keeps a query string (signed trigger URLs) and never follows redirects', async () => {
    await connector({ url: `${server.url}/workflows/run?api-version=2016-10-01&sig=abc123` }).deliver(sampleDoc(), testContext());
    expect(server.requests[0]!.query.get('sig')).toBe('abc123');
    server.setHandler(() => ({ status: 302, headers: { location: 'https://elsewhere.example.com/' } }));
    expect((await connector().deliver(sampleDoc(), testContext())).kind).toBe('permanent');
    expect(server.requests).toHaveLength(2);
  });

  it('refuses unsafe configuration', () => {
    expect(() => createWebhookConnector({ url: 'http://hooks.example.com/x', secret: SECRET })).toThrow(/https/);
    expect(() => createWebhookConnector({ url: 'https://user:pw@hooks.example.com/x', secret: SECRET })).toThrow(/user name or password/);
    expect(() => createWebhookConnector({ url: 'https://hooks.example.com/x', secret: 'short' })).toThrow(/16/);
  });
});

describe('verifyWebhookSignature', () => {
  it('matches signWebhook and rejects malformed input', () => {
    const body = '{"a":1}';
    const sig = signWebhook(SECRET, 1_800_000_000, body);
    expect(verifyWebhookSignature(SECRET, 1_800_000_000, body, sig, 1_800_000_000)).toBe(true);
    expect(verifyWebhookSignature(SECRET, '1800000000', Buffer.from(body), sig.toUpperCase().replace('SHA256=', 'sha256='), 1_800_000_000)).toBe(true);
    expect(verifyWebhookSignature(SECRET, 1_800_000_000, body, sig.slice(0, -2), 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 1_800_000_000, body, `sha1=${sig.slice(7)}`, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, body, sig, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 1_800_000_000, body, undefined, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '18e8', body, sig, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('', 1_800_000_000, body, sig, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 1_800_000_000, body, sig, 1_800_000_100, 60)).toBe(false);
  });
});

describe('webhookFromEnv', () => {
  it('is off when unset, throws naming what is missing or wrong, builds the connector otherwise', () => {
    expect(webhookFromEnv({})).toBeUndefined();
    expect(() => webhookFromEnv({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/x' })).toThrow(/TICKET_WEBHOOK_SECRET/);
    expect(() => webhookFromEnv({ TICKET_WEBHOOK_SECRET: SECRET })).toThrow(/TICKET_WEBHOOK_URL/);
    expect(() => webhookFromEnv({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/x', TICKET_WEBHOOK_SECRET: 'too-short' })).toThrow(/TICKET_WEBHOOK_SECRET.*16/);
    expect(() => webhookFromEnv({ TICKET_WEBHOOK_URL: 'http://hooks.example.com/x', TICKET_WEBHOOK_SECRET: SECRET })).toThrow(/TICKET_WEBHOOK_URL/);
    try {
      webhookFromEnv({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/x', TICKET_WEBHOOK_SECRET: 'too-short' });
    } catch (err) {
      expect(String(err)).not.toContain('too-short');
    }
    const c = webhookFromEnv({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/x?sig=1', TICKET_WEBHOOK_SECRET: SECRET });
    expect(c?.name).toBe('webhook');
    expect(c?.label).toBe('Webhook (hooks.example.com)');
    expect(webhookFromEnv({ TICKET_WEBHOOK_URL: 'http://127.0.0.1:8080/x', TICKET_WEBHOOK_SECRET: SECRET })?.name).toBe('webhook');
  });
});
