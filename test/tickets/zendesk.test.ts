/**
 * Contract tests for the Zendesk connector against a local fake of the Support API: Basic `{email}/token:{token}`,
 * raw-body uploads returning upload.token, tickets referencing the tokens in comment.uploads, Idempotency-Key with
 * `x-idempotency-lookup: hit|miss` and 400 IdempotentRequestError for the same key with a different body,
 * list-by-external_id for reconciliation.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZendeskConnector, zendeskPriority, type ZendeskConfig } from '../../src/tickets/connectors/zendesk.js';
import { closedPortUrl, Faults, HANG, RESET, startFakeServer, type Answer, type FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import { sampleDoc, testContext } from './sample-doc.js';
import { zendeskFromEnv } from '../../src/tickets/connectors/config.js';

const EMAIL = 'agent@contoso.com';
const TOKEN = 'zd-api-token-1234';

interface Upload {
  token: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}
interface Ticket {
  id: number;
  subject: string;
  external_id: string | null;
  tags: string[];
  priority: string | null;
  comments: { body: string; public: boolean; attachments: Upload[] }[];
}

class FakeZendesk {
  readonly uploads = new Map<string, Upload>();
  readonly tickets: Ticket[] = [];
  /** Idempotency-Key → hash of the body it was first used with, and the answer given then. */
  readonly keys = new Map<string, { bodyHash: string; answer: Reply }>();
  readonly faults = new Faults();
  private next = 1;
  constructor(readonly server: FakeServer) {
    server.setHandler((req) => this.handle(req));
  }
  get creates() {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/tickets');
  }
  get uploadRequests() {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/uploads');
  }

  private handle(req: RecordedRequest): Answer | Promise<Answer> {
    const expected = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return { status: 401, json: { error: "Couldn't authenticate you" } };
    if (req.method === 'POST' && req.path === '/api/v2/uploads') return this.faults.run('upload', () => this.upload(req));
    if (req.method === 'POST' && req.path === '/api/v2/tickets') return this.faults.run('create', () => this.create(req));
    if (req.method === 'GET' && req.path === '/api/v2/tickets.json') return this.faults.run('lookup', () => this.lookup(req));
    return { status: 404, json: { error: 'InvalidEndpoint', description: 'Not found' } };
  }

  private upload(req: RecordedRequest): Answer {
    const filename = req.query.get('filename');
    if (!filename) return { status: 422, json: { error: 'RecordInvalid', description: 'filename is required' } };
    const u: Upload = { token: randomBytes(12).toString('hex'), filename, contentType: String(req.headers['content-type']), bytes: req.body };
    this.uploads.set(u.token, u);
    return { status: 201, json: { upload: { token: u.token, expires_at: '2026-11-25T10:00:00Z', attachment: { id: this.uploads.size, file_name: filename, content_type: u.contentType, size: u.bytes.length } } } };
  }

  private create(req: RecordedRequest): Answer {
    if (!String(req.headers['content-type']).startsWith('application/json')) return { status: 415, json: { error: 'Unsupported Media Type' } };
    const key = req.headers['idempotency-key'];
    const bodyHash = createHash('sha256').update(req.body).digest('hex');
    if (typeof key === 'string') {
      const seen = this.keys.get(key);
      if (seen && seen.bodyHash !== bodyHash) {
        return { status: 400, json: { error: 'IdempotentRequestError', description: 'Request parameters do not match the original request for this Idempotency-Key' } };
      }
      if (seen) return { ...seen.answer, headers: { ...seen.answer.headers, 'x-idempotency-lookup': 'hit' } };
    }
    const { ticket } = req.json<{ ticket: { subject?: string; external_id?: string; tags?: string[]; priority?: string; comment?: { body?: string; public?: boolean; uploads?: string[] } } }>();
    if (!ticket.comment?.body) return { status: 422, json: { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Description: cannot be blank' }] } } };
    const attachments: Upload[] = [];
    for (const token of ticket.comment.uploads ?? []) {
      const u = this.uploads.get(token);
      if (!u) return { status: 422, json: { error: 'RecordInvalid', description: `Upload token ${token} is invalid` } };
      attachments.push(u);
    }
    const t: Ticket = {
      id: this.next,
      subject: ticket.subject ?? '',
      external_id: ticket.external_id ?? null,
      tags: ticket.tags ?? [],
      priority: ticket.priority ?? null,
      comments: [{ body: ticket.comment.body, public: ticket.comment.public ?? true, attachments }],
    };
    this.next += 1;
    this.tickets.push(t);
    const answer: Reply = { status: 201, headers: { location: `${this.server.url}/api/v2/tickets/${t.id}.json` }, json: { ticket: { id: t.id, subject: t.subject, external_id: t.external_id } } };
    if (typeof key === 'string') this.keys.set(key, { bodyHash, answer });
    return { ...answer, headers: { ...answer.headers, ...(typeof key === 'string' ? { 'x-idempotency-lookup': 'miss' } : {}) } };
  }

  private lookup(req: RecordedRequest): Answer {
    const ext = req.query.get('external_id');
    const found = this.tickets.filter((t) => t.external_id === ext);
    return { status: 200, json: { tickets: found.map((t) => ({ id: t.id, external_id: t.external_id, subject: t.subject })), count: found.length, next_page: null } };
  }
}

let server: FakeServer;
let zd: FakeZendesk;
const doc = sampleDoc();
const connector = (over: Partial<ZendeskConfig> = {}) => new ZendeskConnector({ baseUrl: server.url, email: EMAIL, apiToken: TOKEN, timeoutMs: 2000, ...over });

beforeEach(async () => {
  server = await startFakeServer();
  zd = new FakeZendesk(server);
});
afterEach(async () => {
  await server.close();
});

describe('Zendesk connector: request shape', () => {
  it('uploads both files, then creates the ticket with the tokens, Idempotency-Key and external_id', async () => {
    const ctx = testContext();
    const result = await connector().deliver(doc, ctx);
    expect(result).toEqual({ kind: 'delivered', ticket: { key: '1', url: `${server.url}/agent/tickets/1` } });
    expect(ctx.createdCalls).toEqual([{ key: '1', url: `${server.url}/agent/tickets/1` }]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/uploads', 'POST /api/v2/uploads', 'POST /api/v2/tickets']);

    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`);
    }
    const [md, bf] = zd.uploadRequests;
    expect(md!.query.get('filename')).toBe('transcript.md');
    expect(md!.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md!.body.equals(Buffer.from(doc.transcriptMarkdown, 'utf8'))).toBe(true);
    expect(bf!.query.get('filename')).toBe('conversation.transcript');
    expect(bf!.headers['content-type']).toBe('application/json');
    expect(bf!.body.toString('utf8')).toBe(doc.transcriptJson);

    const create = zd.creates[0]!;
    expect(create.headers['idempotency-key']).toBe(`esc-${doc.escalationId}`);
    expect(create.headers['content-type']).toMatch(/^application\/json/);
    const { ticket } = create.json<{ ticket: { subject: string; external_id: string; tags: string[]; priority: string; comment: { body: string; public: boolean; uploads: string[] } } }>();
    expect(ticket.subject).toBe(doc.title);
    expect(ticket.external_id).toBe(`esc-${doc.escalationId}`);
    expect(ticket.tags).toContain('freebusy_doctor');
    expect(ticket.priority).toBe('high');
    expect(ticket.comment.public).toBe(false);
    expect(ticket.comment.uploads).toEqual([...zd.uploads.keys()]);
    expect(ticket.comment.body).toContain(doc.description);
    expect(ticket.comment.body).toContain('## Steps tried');
    expect(ticket.comment.body).toMatch(/transcript attached/);
    expect(zd.tickets[0]!.comments[0]!.attachments.map((a) => a.filename)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('maps urgency to Zendesk priority', () => {
    expect(zendeskPriority('low')).toBe('low');
    expect(zendeskPriority('normal')).toBe('normal');
    expect(zendeskPriority('high')).toBe('high');
    expect(zendeskPriority('critical')).toBe('urgent');
  });
});

describe('Zendesk connector: outcomes', () => {
  it('429 with Retry-After: 7 → retry after 7000 ms', async () => {
    zd.faults.add('create', { status: 429, headers: { 'retry-after': '7', 'x-rate-limit': '700', 'x-rate-limit-remaining': '0' } });
    expect(await connector().deliver(doc, testContext())).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect(zd.tickets).toHaveLength(0);
  });

  it('429 with an HTTP-date Retry-After (on an upload) → retry after about that long', async () => {
    zd.faults.add('upload', { status: 429, headers: { 'retry-after': new Date(Date.now() + 20_000).toUTCString() } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('retry');
    expect((r as { afterMs?: number }).afterMs).toBeGreaterThan(15_000);
    expect(zd.creates).toHaveLength(0);
  });

  it('503 → retry; 500 on create → unclear', async () => {
    zd.faults.add('create', { status: 503, body: 'Service Unavailable' });
    expect((await connector().deliver(doc, testContext())).kind).toBe('retry');
    zd.faults.add('create', { status: 500, json: { error: 'InternalError' } });
    expect((await connector().deliver(doc, testContext())).kind).toBe('unclear');
  });

  it('connection refused → retry', async () => {
    expect((await connector({ baseUrl: await closedPortUrl() }).deliver(doc, testContext())).kind).toBe('retry');
  });

  it.each([
    [400, { error: 'InvalidValue', description: 'priority is invalid' }],
    [403, { error: 'Forbidden', description: 'You do not have access to this page.' }],
    [422, { error: 'RecordInvalid', description: 'Record validation errors' }],
  ])('%i → permanent with the status in the reason', async (status, json) => {
    zd.faults.add('create', { status, json });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain(String(status));
  });

  it('401 (wrong token) → permanent, the token never in the reason', async () => {
    const r = await connector({ apiToken: 'wrong-token-xyz' }).deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain('401');
    expect(JSON.stringify(r)).not.toContain('wrong-token-xyz');
  });

  it('an upload failing with 503 → retry, nothing created; an upload that times out is a retry too (no ticket can exist)', async () => {
    zd.faults.pass('upload').add('upload', { status: 503 });
    const ctx = testContext();
    expect((await connector().deliver(doc, ctx)).kind).toBe('retry');
    expect(ctx.createdCalls).toEqual([]);
    zd.faults.add('upload', HANG);
    const r = await connector({ timeoutMs: 300 }).deliver(doc, testContext());
    expect(r.kind).toBe('retry');
    expect(zd.creates).toHaveLength(0);
  });

  it('created but no answer (timeout) → unclear; attempt 2 finds it by external_id and creates nothing', async () => {
    zd.faults.add('create', HANG, { after: true });
    const first = await connector({ timeoutMs: 300 }).deliver(doc, testContext());
    expect(first.kind).toBe('unclear');
    expect(zd.tickets).toHaveLength(1);
    const uploadsBefore = zd.uploadRequests.length;

    const ctx = testContext({ attempt: 2 });
    const second = await connector().deliver(doc, ctx);
    expect(second).toEqual({ kind: 'delivered', ticket: { key: '1', url: `${server.url}/agent/tickets/1` } });
    expect(ctx.createdCalls).toEqual([{ key: '1', url: `${server.url}/agent/tickets/1` }]);
    expect(zd.creates).toHaveLength(1);
    expect(zd.uploadRequests).toHaveLength(uploadsBefore);
    const lookup = server.requests.find((r) => r.path === '/api/v2/tickets.json')!;
    expect(lookup.method).toBe('GET');
    expect(lookup.query.get('external_id')).toBe(`esc-${doc.escalationId}`);
  });

  it('created but the connection resets → unclear; attempt 2 reconciles to the same ticket', async () => {
    zd.faults.add('create', RESET, { after: true });
    expect((await connector().deliver(doc, testContext())).kind).toBe('unclear');
    expect(await connector().deliver(doc, testContext({ attempt: 2 }))).toMatchObject({ kind: 'delivered', ticket: { key: '1' } });
    expect(zd.creates).toHaveLength(1);
    expect(zd.tickets).toHaveLength(1);
  });

  it('400 IdempotentRequestError (key used with another body) and the ticket exists → looked up, delivered, no second ticket', async () => {
    // An earlier attempt created the ticket under this key (then the outcome was lost, and the attempt counter too).
    zd.faults.add('create', RESET, { after: true });
    await connector().deliver(doc, testContext());
    expect(zd.tickets).toHaveLength(1);
    const ctx = testContext({ attempt: 1 });
    const r = await connector().deliver(doc, ctx);
    expect(r).toEqual({ kind: 'delivered', ticket: { key: '1', url: `${server.url}/agent/tickets/1` } });
    expect(ctx.createdCalls).toHaveLength(1);
    expect(zd.creates).toHaveLength(2); // the second was refused by Zendesk's idempotency check
    expect(zd.tickets).toHaveLength(1);
    expect(server.requests.at(-1)!.path).toBe('/api/v2/tickets.json');
  });

  it('400 IdempotentRequestError with no such ticket → permanent', async () => {
    zd.keys.set(`esc-${doc.escalationId}`, { bodyHash: 'other', answer: { status: 201, json: {} } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain('IdempotentRequestError');
    expect(zd.tickets).toHaveLength(0);
  });

  it('a known ticket is complete (uploads went in with the create): delivered without any request', async () => {
    const known = { key: '42', url: `${server.url}/agent/tickets/42` };
    const ctx = testContext({ attempt: 3, known });
    expect(await connector().deliver(doc, ctx)).toEqual({ kind: 'delivered', ticket: known });
    expect(server.requests).toHaveLength(0);
    expect(ctx.createdCalls).toEqual([]);
  });

  it('a failing lookup on attempt 2 is reported, and nothing is uploaded or created', async () => {
    zd.faults.add('lookup', { status: 429, headers: { 'retry-after': '5' } });
    expect(await connector().deliver(doc, testContext({ attempt: 2 }))).toMatchObject({ kind: 'retry', afterMs: 5000 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('zendeskFromEnv', () => {
  const full = { ZENDESK_BASE_URL: 'https://contoso.zendesk.com', ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: TOKEN };
  it('is undefined when not configured, builds the connector when complete', () => {
    expect(zendeskFromEnv({})).toBeUndefined();
    expect(zendeskFromEnv(full)?.name).toBe('zendesk');
  });
  it('names the missing variable when only some are set', () => {
    expect(() => zendeskFromEnv({ ZENDESK_BASE_URL: full.ZENDESK_BASE_URL })).toThrow(/ZENDESK_EMAIL, ZENDESK_API_TOKEN/);
  });
  it('refuses http off loopback, naming ZENDESK_BASE_URL', () => {
    expect(() => zendeskFromEnv({ ...full, ZENDESK_BASE_URL: 'http://contoso.zendesk.com' })).toThrow(/ZENDESK_BASE_URL/);
  });
});
