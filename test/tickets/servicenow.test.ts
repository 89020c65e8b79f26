/**
 * Contract tests for the ServiceNow connector against a local fake of the Table API and the Attachment API:
 * Basic auth, JSON in and out, 201 with result.sys_id/number, encoded queries (sysparm_query) with sysparm_fields
 * and sysparm_limit, raw-body attachment uploads addressed by table_name/table_sys_id/file_name.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceNowConnector, serviceNowDescription, serviceNowPriority, type ServiceNowConfig } from '../../src/tickets/connectors/servicenow.js';
import { basic, closedPortUrl, Faults, HANG, RESET, startFakeServer, type Answer, type FakeServer, type RecordedRequest } from './fake-server.js';
import { sampleDoc, testContext } from './sample-doc.js';
import { serviceNowFromEnv } from '../../src/tickets/connectors/config.js';

const USER = 'svc.freebusy';
const PASSWORD = 'p@ss:word-snow';

type Row = Record<string, string>;
interface Attachment {
  sys_id: string;
  table_name: string;
  table_sys_id: string;
  file_name: string;
  content_type: string;
  bytes: Buffer;
}

const unauthorized: Answer = { status: 401, json: { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' } };

class FakeServiceNow {
  readonly incidents: Row[] = [];
  readonly attachments: Attachment[] = [];
  readonly faults = new Faults();
  private next = 10_001;
  constructor(readonly server: FakeServer) {
    server.setHandler((req) => this.handle(req));
  }
  get creates() {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/now/table/incident');
  }
  get uploads() {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/now/attachment/file');
  }

  private handle(req: RecordedRequest): Answer | Promise<Answer> {
    if (req.headers.authorization !== basic(USER, PASSWORD)) return unauthorized;
    if (!String(req.headers.accept).includes('application/json')) return { status: 406, body: 'Not Acceptable' };
    if (req.path === '/api/now/table/incident' && req.method === 'POST') return this.faults.run('create', () => this.create(req));
    if (req.path === '/api/now/table/incident' && req.method === 'GET') return this.faults.run('query', () => this.query(req));
    if (req.path === '/api/now/attachment' && req.method === 'GET') return this.faults.run('list', () => this.list(req));
    if (req.path === '/api/now/attachment/file' && req.method === 'POST') return this.faults.run('attach', () => this.attach(req));
    return { status: 400, json: { error: { message: 'Requested URI does not represent any resource', detail: null }, status: 'failure' } };
  }

  private create(req: RecordedRequest): Answer {
    if (!String(req.headers['content-type']).startsWith('application/json')) return { status: 415, body: 'Unsupported Media Type' };
    const body = req.json<Record<string, unknown>>();
    const row: Row = {};
    for (const [k, v] of Object.entries(body)) {
      if (typeof v !== 'string') return { status: 400, json: { error: { message: `Invalid value for ${k}` }, status: 'failure' } };
      row[k] = v;
    }
    if ((row.short_description ?? '').length > 160) return { status: 400, json: { error: { message: 'short_description too long' }, status: 'failure' } };
    row.sys_id = randomBytes(16).toString('hex');
    row.number = `INC00${this.next}`;
    this.next += 1;
    this.incidents.push(row);
    return { status: 201, headers: { location: `${this.server.url}/api/now/table/incident/${row.sys_id}` }, json: { result: row } };
  }

  /** Encoded query: `field=value` conditions joined by `^`. */
  private static matches(row: Row, query: string): boolean {
    return query.split('^').every((cond) => {
      const eq = cond.indexOf('=');
      return eq > 0 && row[cond.slice(0, eq)] === cond.slice(eq + 1);
    });
  }

  private static project(row: Row, fields: string | null): Row {
    if (!fields) return row;
    return Object.fromEntries(fields.split(',').map((f) => [f, row[f] ?? '']));
  }

  private query(req: RecordedRequest): Answer {
    const q = req.query.get('sysparm_query') ?? '';
    const limit = Number(req.query.get('sysparm_limit') ?? '10000');
    const rows = this.incidents.filter((r) => FakeServiceNow.matches(r, q)).slice(0, limit);
    return { status: 200, json: { result: rows.map((r) => FakeServiceNow.project(r, req.query.get('sysparm_fields'))) } };
  }

  private list(req: RecordedRequest): Answer {
    const q = req.query.get('sysparm_query') ?? '';
    const rows = this.attachments
      .map(({ bytes, ...meta }) => ({ ...meta, size_bytes: String(bytes.length) }))
      .filter((a) => FakeServiceNow.matches(a, q));
    return { status: 200, json: { result: rows.map((r) => FakeServiceNow.project(r, req.query.get('sysparm_fields'))) } };
  }

  private attach(req: RecordedRequest): Answer {
    const table = req.query.get('table_name');
    const id = req.query.get('table_sys_id');
    const name = req.query.get('file_name');
    if (!table || !id || !name) return { status: 400, json: { error: { message: 'Missing parameter: table_name, table_sys_id and file_name are required' }, status: 'failure' } };
    if (table !== 'incident' || !this.incidents.some((r) => r.sys_id === id)) {
      return { status: 400, json: { error: { message: 'Invalid table or record' }, status: 'failure' } };
    }
    const a: Attachment = { sys_id: randomBytes(16).toString('hex'), table_name: table, table_sys_id: id, file_name: name, content_type: String(req.headers['content-type']), bytes: req.body };
    this.attachments.push(a);
    return { status: 201, json: { result: { sys_id: a.sys_id, file_name: a.file_name, table_name: table, table_sys_id: id, content_type: a.content_type, size_bytes: String(a.bytes.length) } } };
  }
}

let server: FakeServer;
let snow: FakeServiceNow;
const doc = sampleDoc();
const connector = (over: Partial<ServiceNowConfig> = {}) =>
  new ServiceNowConnector({ instanceUrl: server.url, username: USER, password: PASSWORD, timeoutMs: 2000, ...over });

beforeEach(async () => {
  server = await startFakeServer();
  snow = new FakeServiceNow(server);
});
afterEach(async () => {
  await server.close();
});

const incidentUrl = (sysId: string) => `${server.url}/nav_to.do?uri=incident.do?sys_id=${sysId}`;

describe('ServiceNow connector: request shape', () => {
  it('creates an incident with correlation_id, then uploads the raw transcripts', async () => {
    let uploadsWhenCreated = -1;
    const ctx = testContext({ onCreated: () => (uploadsWhenCreated = snow.uploads.length) });
    const result = await connector().deliver(doc, ctx);

    const incident = snow.incidents[0]!;
    expect(result).toEqual({ kind: 'delivered', ticket: { key: 'INC0010001', url: incidentUrl(incident.sys_id!) } });
    expect(ctx.createdCalls).toEqual([{ key: 'INC0010001', url: incidentUrl(incident.sys_id!) }]);
    expect(uploadsWhenCreated).toBe(0);

    const create = snow.creates[0]!;
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    expect(create.headers['content-type']).toMatch(/^application\/json/);
    expect(create.headers.accept).toBe('application/json');
    const body = create.json<Record<string, string>>();
    expect(body).toMatchObject({
      short_description: doc.title,
      urgency: '1',
      impact: '2',
      correlation_id: `esc-${doc.escalationId}`,
      correlation_display: 'FreeBusy Doctor',
    });
    expect(body).not.toHaveProperty('assignment_group');
    expect(body).not.toHaveProperty('category');
    expect(body.description).toContain(doc.description);
    expect(body.description).toContain('## Steps tried');
    expect(body.description).toContain(doc.reference);
    expect(body.description).toMatch(/transcript attached/);

    expect(snow.uploads.map((u) => Object.fromEntries(u.query))).toEqual([
      { table_name: 'incident', table_sys_id: incident.sys_id, file_name: 'transcript.md' },
      { table_name: 'incident', table_sys_id: incident.sys_id, file_name: 'conversation.transcript' },
    ]);
    const [md, bf] = snow.uploads;
    expect(md!.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md!.body.equals(Buffer.from(doc.transcriptMarkdown, 'utf8'))).toBe(true);
    expect(bf!.headers['content-type']).toBe('application/json');
    expect(bf!.body.equals(Buffer.from(doc.transcriptJson, 'utf8'))).toBe(true);
    expect(server.requests).toHaveLength(3); // no lookups on a first attempt
  });

  it('sets assignment_group, caller_id and category when configured; short_description ≤ 160', async () => {
    await connector({ assignmentGroup: 'Messaging', callerId: 'abc123', category: 'software' }).deliver(sampleDoc({ title: 'T'.repeat(300), urgency: 'critical' }), testContext());
    const body = snow.creates[0]!.json<Record<string, string>>();
    expect(body).toMatchObject({ assignment_group: 'Messaging', caller_id: 'abc123', category: 'software', urgency: '1', impact: '1' });
    expect(body.short_description!.length).toBeLessThanOrEqual(160);
  });

  it('maps urgency to ServiceNow urgency/impact (1 high … 3 low)', () => {
    expect(serviceNowPriority('critical')).toEqual({ urgency: '1', impact: '1' });
    expect(serviceNowPriority('high')).toEqual({ urgency: '1', impact: '2' });
    expect(serviceNowPriority('normal')).toEqual({ urgency: '2', impact: '2' });
    expect(serviceNowPriority('low')).toEqual({ urgency: '3', impact: '3' });
  });

  it('keeps the description within 4,000 characters, still saying the transcript is attached', () => {
    const d = serviceNowDescription(sampleDoc({ summaryMarkdown: 'x'.repeat(10_000) }));
    expect(d.length).toBeLessThanOrEqual(4000);
    expect(d).toMatch(/transcript attached/);
    expect(d).toContain('shortened');
  });
});

describe('ServiceNow connector: outcomes', () => {
  it('429 with Retry-After: 7 → retry after 7000 ms', async () => {
    snow.faults.add('create', { status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit exceeded' } } });
    expect(await connector().deliver(doc, testContext())).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect(snow.incidents).toHaveLength(0);
  });

  it('429 with an HTTP-date Retry-After, or only X-RateLimit-Reset (unix seconds) → retry after about that long', async () => {
    snow.faults.add('create', { status: 429, headers: { 'retry-after': new Date(Date.now() + 20_000).toUTCString() } });
    const r1 = await connector().deliver(doc, testContext());
    expect(r1.kind).toBe('retry');
    expect((r1 as { afterMs?: number }).afterMs).toBeGreaterThan(15_000);
    snow.faults.add('create', { status: 429, headers: { 'x-ratelimit-limit': '60', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 40), 'x-ratelimit-rule': 'incident-create' } });
    const r2 = await connector().deliver(doc, testContext());
    expect(r2.kind).toBe('retry');
    expect((r2 as { afterMs?: number }).afterMs).toBeGreaterThan(35_000);
    expect(r2.kind !== 'delivered' && r2.reason).toContain('incident-create');
  });

  it('503 → retry; 500 on create → unclear', async () => {
    snow.faults.add('create', { status: 503, body: 'Service Unavailable' });
    expect((await connector().deliver(doc, testContext())).kind).toBe('retry');
    snow.faults.add('create', { status: 500, json: { error: { message: 'Operation Failed' }, status: 'failure' } });
    expect((await connector().deliver(doc, testContext())).kind).toBe('unclear');
  });

  it('connection refused → retry', async () => {
    expect((await connector({ instanceUrl: await closedPortUrl() }).deliver(doc, testContext())).kind).toBe('retry');
  });

  it.each([400, 403])('%i → permanent with the status in the reason', async (status) => {
    snow.faults.add('create', { status, json: { error: { message: 'Insufficient rights / invalid', detail: 'ACL' }, status: 'failure' } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain(String(status));
  });

  it('401 (wrong password) → permanent, the password never in the reason', async () => {
    const r = await connector({ password: 'wrong-password' }).deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain('401');
    expect(JSON.stringify(r)).not.toContain('wrong-password');
  });

  it('created but no answer (timeout) → unclear; attempt 2 finds it by correlation_id and does not create again', async () => {
    snow.faults.add('create', HANG, { after: true });
    const first = await connector({ timeoutMs: 300 }).deliver(doc, testContext());
    expect(first.kind).toBe('unclear');
    expect(snow.incidents).toHaveLength(1);

    const ctx = testContext({ attempt: 2 });
    const second = await connector().deliver(doc, ctx);
    const sysId = snow.incidents[0]!.sys_id!;
    expect(second).toEqual({ kind: 'delivered', ticket: { key: 'INC0010001', url: incidentUrl(sysId) } });
    expect(ctx.createdCalls).toEqual([{ key: 'INC0010001', url: incidentUrl(sysId) }]);
    expect(snow.creates).toHaveLength(1);
    const lookup = server.requests.find((r) => r.method === 'GET' && r.path === '/api/now/table/incident')!;
    expect(Object.fromEntries(lookup.query)).toEqual({ sysparm_query: `correlation_id=esc-${doc.escalationId}`, sysparm_fields: 'sys_id,number', sysparm_limit: '1' });
    const list = server.requests.find((r) => r.method === 'GET' && r.path === '/api/now/attachment')!;
    expect(list.query.get('sysparm_query')).toBe(`table_sys_id=${sysId}`);
    expect(snow.attachments.map((a) => a.file_name)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('created but the connection resets → unclear; attempt 2 reconciles', async () => {
    snow.faults.add('create', RESET, { after: true });
    expect((await connector().deliver(doc, testContext())).kind).toBe('unclear');
    expect(await connector().deliver(doc, testContext({ attempt: 2 }))).toMatchObject({ kind: 'delivered', ticket: { key: 'INC0010001' } });
    expect(snow.creates).toHaveLength(1);
    expect(snow.incidents).toHaveLength(1);
  });

  it('attachment 503 after the create → retry with created() called; the next attempt (known) uploads only the missing file', async () => {
    snow.faults.pass('attach').add('attach', { status: 503, headers: { 'retry-after': '3' } });
    const ctx = testContext();
    const first = await connector().deliver(doc, ctx);
    expect(first).toMatchObject({ kind: 'retry', afterMs: 3000 });
    expect(first.kind !== 'delivered' && first.reason).toContain('INC0010001');
    expect(ctx.createdCalls).toHaveLength(1);
    expect(snow.attachments.map((a) => a.file_name)).toEqual(['transcript.md']);

    const before = server.requests.length;
    const known = ctx.createdCalls[0]!;
    const ctx2 = testContext({ attempt: 2, known });
    const second = await connector().deliver(doc, ctx2);
    expect(second).toEqual({ kind: 'delivered', ticket: known });
    const after = server.requests.slice(before);
    expect(after.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/now/table/incident',
      'GET /api/now/attachment',
      'POST /api/now/attachment/file',
    ]);
    expect(after[0]!.query.get('sysparm_query')).toBe('number=INC0010001');
    expect(after[2]!.query.get('file_name')).toBe('conversation.transcript');
    expect(snow.creates).toHaveLength(1);
    expect(ctx2.createdCalls).toEqual([]);
    expect(snow.attachments.map((a) => a.file_name)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('known incident that no longer exists → permanent', async () => {
    const r = await connector().deliver(doc, testContext({ attempt: 2, known: { key: 'INC0099999' } }));
    expect(r.kind).toBe('permanent');
    expect(snow.creates).toHaveLength(0);
  });

  it('attempt 2 with nothing found creates normally', async () => {
    const r = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(r).toMatchObject({ kind: 'delivered', ticket: { key: 'INC0010001' } });
    expect(snow.creates).toHaveLength(1);
  });
});

describe('serviceNowFromEnv', () => {
  const full = { SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com', SERVICENOW_USERNAME: USER, SERVICENOW_PASSWORD: PASSWORD };
  it('is undefined when not configured, builds the connector when complete', () => {
    expect(serviceNowFromEnv({})).toBeUndefined();
    expect(serviceNowFromEnv({ SERVICENOW_ASSIGNMENT_GROUP: 'Messaging' })).toBeUndefined();
    expect(serviceNowFromEnv({ ...full, SERVICENOW_ASSIGNMENT_GROUP: 'Messaging' })?.name).toBe('servicenow');
  });
  it('names the missing variable when only some are set', () => {
    expect(() => serviceNowFromEnv({ ...full, SERVICENOW_PASSWORD: undefined })).toThrow(/SERVICENOW_PASSWORD/);
  });
  it('refuses http off loopback, naming SERVICENOW_INSTANCE_URL', () => {
    expect(() => serviceNowFromEnv({ ...full, SERVICENOW_INSTANCE_URL: 'http://contoso.service-now.com' })).toThrow(/SERVICENOW_INSTANCE_URL/);
  });
  it('passes SERVICENOW_ASSIGNMENT_GROUP through to the create', async () => {
    const c = serviceNowFromEnv({ ...full, SERVICENOW_INSTANCE_URL: server.url, SERVICENOW_ASSIGNMENT_GROUP: 'Messaging' })!;
    expect((await c.deliver(doc, testContext())).kind).toBe('delivered');
    expect(snow.creates[0]!.json<Record<string, string>>().assignment_group).toBe('Messaging');
  });
});
