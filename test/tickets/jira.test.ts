/**
 * Contract tests for the Jira Cloud connector against a local fake that checks what Atlassian documents (Basic
 * email:token, ADF description with version 1, 32,767-char description limit, multipart field `file` with
 * `X-Atlassian-Token: no-check`, JQL search via /search/jql) and answers the way Jira does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JiraConnector, markdownToAdf, fitAdf, jiraDescription, JIRA_DESCRIPTION_LIMIT, type AdfNode } from '../../src/tickets/connectors/jira.js';
import { basic, closedPortUrl, Faults, HANG, parseMultipart, RESET, startFakeServer, type Answer, type FakeServer, type RecordedRequest } from './fake-server.js';
import { sampleDoc, testContext } from './sample-doc.js';
import { jiraFromEnv } from '../../src/tickets/connectors/config.js';

const EMAIL = 'bot@contoso.com';
const TOKEN = 'ATATT3x-jira-token';

interface Issue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  attachments: { filename: string; mimeType: string; bytes: Buffer }[];
}

class FakeJira {
  readonly issues = new Map<string, Issue>();
  readonly faults = new Faults();
  private next = 1;
  constructor(readonly server: FakeServer) {
    server.setHandler((req) => this.handle(req));
  }

  requests(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.server.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }
  get creates() {
    return this.requests('POST', /^\/rest\/api\/3\/issue$/);
  }
  get uploads() {
    return this.requests('POST', /\/attachments$/);
  }

  async handle(req: RecordedRequest): Promise<Answer> {
    if (req.headers.authorization !== basic(EMAIL, TOKEN)) {
      return { status: 401, body: 'Client must be authenticated to access this resource.', headers: { 'content-type': 'text/plain' } };
    }
    if (req.method === 'POST' && req.path === '/rest/api/3/issue') return this.faults.run('create', () => this.create(req));
    if (req.method === 'POST' && req.path === '/rest/api/3/search/jql') return this.faults.run('search', () => this.search(req));
    const get = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && get) return this.faults.run('get', () => this.get(decodeURIComponent(get[1] ?? ''), req));
    const attach = /^\/rest\/api\/3\/issue\/([^/]+)\/attachments$/.exec(req.path);
    if (req.method === 'POST' && attach) return this.faults.run('attach', () => this.attach(decodeURIComponent(attach[1] ?? ''), req));
    return { status: 404, json: { errorMessages: ['Not found'], errors: {} } };
  }

  private create(req: RecordedRequest): Answer {
    if (!String(req.headers['content-type']).startsWith('application/json')) return { status: 415, body: 'Unsupported Media Type' };
    const { fields } = req.json<{ fields: Record<string, unknown> }>();
    const errors: Record<string, string> = {};
    const description = fields.description as { type?: unknown; version?: unknown } | string | undefined;
    if (typeof description === 'string' || description?.type !== 'doc' || description.version !== 1) {
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    } else if (JSON.stringify(description).length > 32_767) {
      return { status: 400, json: { errorMessages: ['CONTENT_LIMIT_EXCEEDED'], errors: {} } };
    }
    const summary = fields.summary;
    if (typeof summary !== 'string' || summary.length === 0 || summary.length > 255 || /[\r\n]/.test(summary)) {
      errors.summary = 'Summary must be less than 255 characters.';
    }
    if ((fields.project as { key?: unknown } | undefined)?.key !== 'IT') errors.project = 'valid project is required';
    if (typeof (fields.issuetype as { name?: unknown } | undefined)?.name !== 'string') errors.issuetype = 'valid issue type is required';
    const labels = fields.labels as unknown[];
    if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string' || /\s/.test(l))) errors.labels = 'Labels cannot contain spaces';
    if (Object.keys(errors).length > 0) return { status: 400, json: { errorMessages: [], errors } };
    const id = String(10_000 + this.next);
    const key = `IT-${this.next}`;
    this.next += 1;
    this.issues.set(key, { id, key, fields, attachments: [] });
    return { status: 201, json: { id, key, self: `${this.server.url}/rest/api/3/issue/${id}` } };
  }

  private search(req: RecordedRequest): Answer {
    const { jql } = req.json<{ jql: string }>();
    const m = /^labels = "([^"]+)"$/.exec(jql);
    if (!m) return { status: 400, json: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } };
    const found = [...this.issues.values()].filter((i) => (i.fields.labels as string[]).includes(m[1] ?? ''));
    return { status: 200, json: { issues: found.slice(0, 1).map((i) => ({ id: i.id, key: i.key })), isLast: true } };
  }

  private get(key: string, req: RecordedRequest): Answer {
    const issue = this.issues.get(key);
    if (!issue) return { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    const fields = req.query.get('fields') === 'attachment' ? { attachment: issue.attachments.map((a, n) => ({ id: String(n + 1), filename: a.filename, mimeType: a.mimeType, size: a.bytes.length })) } : issue.fields;
    return { status: 200, json: { id: issue.id, key: issue.key, fields } };
  }

  private async attach(key: string, req: RecordedRequest): Promise<Answer> {
    if (req.headers['x-atlassian-token'] !== 'no-check') return { status: 403, body: 'XSRF check failed' };
    const issue = this.issues.get(key);
    if (!issue) return { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return { status: 415, body: 'Unsupported Media Type' };
    const form = await parseMultipart(req);
    const files = form.getAll('file').filter((f) => typeof f !== 'string');
    if (files.length === 0) return { status: 400, json: { errorMessages: ['No file uploaded under the field "file"'], errors: {} } };
    const out = [];
    for (const f of files) {
      const a = { filename: f.name, mimeType: f.type, bytes: Buffer.from(await f.arrayBuffer()) };
      issue.attachments.push(a);
      out.push({ id: String(issue.attachments.length), filename: a.filename, size: a.bytes.length, mimeType: a.mimeType });
    }
    return { status: 200, json: out };
  }
}

let server: FakeServer;
let jira: FakeJira;
const doc = sampleDoc();
const connector = (over: Partial<{ apiToken: string; baseUrl: string; timeoutMs: number }> = {}) =>
  new JiraConnector({ baseUrl: over.baseUrl ?? server.url, email: EMAIL, apiToken: over.apiToken ?? TOKEN, projectKey: 'IT', timeoutMs: over.timeoutMs ?? 2000 });

beforeEach(async () => {
  server = await startFakeServer();
  jira = new FakeJira(server);
});
afterEach(async () => {
  await server.close();
});

function collect(node: { type: string; content?: unknown[] }, type: string, out: AdfNode[] = []): AdfNode[] {
  if (node.type === type) out.push(node as AdfNode);
  for (const c of node.content ?? []) collect(c as AdfNode, type, out);
  return out;
}

describe('Jira connector: request shape', () => {
  it('creates an issue with Basic email:token, ADF description and labels, then uploads both files', async () => {
    let uploadsWhenCreated = -1;
    const ctx = testContext({ onCreated: () => (uploadsWhenCreated = jira.uploads.length) });
    const result = await connector().deliver(doc, ctx);

    expect(result).toEqual({ kind: 'delivered', ticket: { key: 'IT-1', url: `${server.url}/browse/IT-1` } });
    expect(ctx.createdCalls).toEqual([{ key: 'IT-1', url: `${server.url}/browse/IT-1` }]);
    expect(uploadsWhenCreated).toBe(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/issue',
      'POST /rest/api/3/issue/IT-1/attachments',
      'POST /rest/api/3/issue/IT-1/attachments',
    ]);

    const create = jira.creates[0]!;
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`);
    expect(create.headers['content-type']).toMatch(/^application\/json/);
    const { fields } = create.json<{ fields: Record<string, unknown> }>();
    expect(fields.project).toEqual({ key: 'IT' });
    expect(fields.issuetype).toEqual({ name: 'Task' });
    expect(fields.summary).toBe(doc.title);
    expect(fields.labels).toEqual(['freebusy-doctor', `esc-${doc.escalationId}`, 'urgency-high']);
    expect(fields).not.toHaveProperty('priority');
    const description = fields.description as { type: string; version: number; content: AdfNode[] };
    expect(typeof description).toBe('object');
    expect(description).toMatchObject({ type: 'doc', version: 1 });
    expect(collect(description, 'heading').map((h) => h.attrs?.level)).toEqual([2, 1, 2, 2]);
    expect(collect(description, 'orderedList')).toHaveLength(1);
    expect(collect(description, 'bulletList').length).toBeGreaterThanOrEqual(3);
    expect(collect(description, 'codeBlock')[0]).toEqual({
      type: 'codeBlock',
      attrs: { language: 'powershell' },
      content: [{ type: 'text', text: 'Get-OrganizationRelationship | fl Name,TargetAutodiscoverEpr' }],
    });
    const texts = collect(description, 'text') as unknown as { text: string; marks?: { type: string }[] }[];
    expect(texts).toContainEqual({ type: 'text', text: 'AutoDiscoverFailed', marks: [{ type: 'code' }] });
    expect(texts).toContainEqual({ type: 'text', text: 'failed', marks: [{ type: 'strong' }] });
    expect(JSON.stringify(description)).toContain(`esc-${doc.escalationId}`);
    expect(JSON.stringify(description)).toContain('transcript attached');

    for (const upload of jira.uploads) {
      expect(upload.headers['x-atlassian-token']).toBe('no-check');
      expect(upload.headers.authorization).toBe(basic(EMAIL, TOKEN));
      expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    }
    const [md, bf] = await Promise.all(jira.uploads.map(parseMultipart));
    const mdFile = md!.get('file') as File;
    const bfFile = bf!.get('file') as File;
    expect(mdFile.name).toBe('transcript.md');
    expect(Buffer.from(await mdFile.arrayBuffer()).equals(Buffer.from(doc.transcriptMarkdown, 'utf8'))).toBe(true);
    expect(bfFile.name).toBe('conversation.transcript');
    expect(await bfFile.text()).toBe(doc.transcriptJson);
    expect(jira.issues.get('IT-1')?.attachments.map((a) => a.filename)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('uses the configured issue type and cuts a long, multi-line title to 255 chars', async () => {
    const c = new JiraConnector({ baseUrl: server.url, email: EMAIL, apiToken: TOKEN, projectKey: 'IT', issueType: 'Incident' });
    const result = await c.deliver(sampleDoc({ title: `Line one\n${'x'.repeat(400)}` }), testContext());
    expect(result.kind).toBe('delivered');
    const { fields } = jira.creates[0]!.json<{ fields: { summary: string; issuetype: unknown } }>();
    expect(fields.issuetype).toEqual({ name: 'Incident' });
    expect(fields.summary.length).toBeLessThanOrEqual(255);
    expect(fields.summary).not.toMatch(/\n/);
  });

  it('keeps a huge summary under the 32,767-char limit with a "full transcript attached" note', async () => {
    const huge = sampleDoc({ summaryMarkdown: `## Findings\n\n${'- finding with `code` and **bold**\n'.repeat(800)}\n\`\`\`\n${'log line\n'.repeat(5000)}\`\`\`\n` });
    const description = jiraDescription(huge);
    expect(JSON.stringify(description).length).toBeLessThanOrEqual(JIRA_DESCRIPTION_LIMIT);
    expect(JSON.stringify(description.content.at(-1))).toMatch(/full transcript attached/);
    const result = await connector().deliver(huge, testContext());
    expect(result.kind).toBe('delivered'); // the fake refuses > 32,767 with CONTENT_LIMIT_EXCEEDED
  });
});

describe('Markdown → ADF', () => {
  it('converts headings, paragraphs, lists, code, bold and inline code', () => {
    const adf = markdownToAdf('# Title\n\nSome **bold** and `code`\nnext line\n\n- a\n- b\n  - nested\n\n3. three\n4. four\n\n```\nx < y\n```\n\n---\n\n> quoted');
    expect(adf).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Some ' },
            { type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
            { type: 'text', text: ' and ' },
            { type: 'text', text: 'code', marks: [{ type: 'code' }] },
            { type: 'hardBreak' },
            { type: 'text', text: 'next line' },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] },
            {
              type: 'listItem',
              content: [
                { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
                { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }] }] },
              ],
            },
          ],
        },
        {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'three' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'four' }] }] },
          ],
        },
        { type: 'codeBlock', content: [{ type: 'text', text: 'x < y' }] },
        { type: 'rule' },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
      ],
    });
  });

  it('never emits empty text nodes, and leaves unmatched markers literal', () => {
    const adf = markdownToAdf('a ** b ` c\n\n```\n```\n\n##  \n');
    const json = JSON.stringify(adf);
    expect(json).not.toContain('"text":""');
    expect(adf.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'a ** b ` c' }] });
    expect(adf.content[1]).toEqual({ type: 'codeBlock', content: [] });
  });

  it('fitAdf cuts a single oversized code block instead of dropping everything', () => {
    const doc = fitAdf([{ type: 'codeBlock', content: [{ type: 'text', text: 'y'.repeat(50_000) }] }], 1000);
    expect(JSON.stringify(doc).length).toBeLessThanOrEqual(1000);
    expect(doc.content[0]?.type).toBe('codeBlock');
    expect(JSON.stringify(doc.content[0]).length).toBeGreaterThan(700);
  });
});

describe('Jira connector: outcomes', () => {
  it('429 with Retry-After: 7 → retry after 7000 ms', async () => {
    jira.faults.add('create', { status: 429, headers: { 'retry-after': '7', 'ratelimit-reason': 'jira-burst-based' }, json: { errorMessages: ['Rate limit exceeded.'] } });
    const r = await connector().deliver(doc, testContext());
    expect(r).toMatchObject({ kind: 'retry', afterMs: 7000 });
    expect(jira.issues.size).toBe(0);
  });

  it('429 with an HTTP-date Retry-After → retry after about that long', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    jira.faults.add('create', { status: 429, headers: { 'retry-after': at } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('retry');
    const after = (r as { afterMs?: number }).afterMs ?? -1;
    expect(after).toBeGreaterThan(25_000);
    expect(after).toBeLessThanOrEqual(30_000);
  });

  it('429 with only X-RateLimit-Reset (ISO) → retry after that time', async () => {
    jira.faults.add('create', { status: 429, headers: { 'x-ratelimit-reset': new Date(Date.now() + 60_000).toISOString() } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('retry');
    expect((r as { afterMs?: number }).afterMs).toBeGreaterThan(55_000);
  });

  it('503 → retry', async () => {
    jira.faults.add('create', { status: 503, body: '<html>Service Unavailable</html>' });
    expect(await connector().deliver(doc, testContext())).toMatchObject({ kind: 'retry' });
  });

  it('500 on create → unclear', async () => {
    jira.faults.add('create', { status: 500, json: { errorMessages: ['Internal server error'] } });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('unclear');
    expect(r.kind !== 'delivered' && r.reason).toContain('500');
  });

  it('connection refused → retry', async () => {
    const r = await connector({ baseUrl: await closedPortUrl() }).deliver(doc, testContext());
    expect(r.kind).toBe('retry');
  });

  it.each([
    [400, { errorMessages: [], errors: { customfield_1: 'Field is required' } }],
    [403, { errorMessages: ['You do not have permission to create issues in this project.'] }],
    [404, { errorMessages: ['project IT does not exist'] }],
  ])('%i → permanent with the status in the reason', async (status, json) => {
    jira.faults.add('create', { status, json });
    const r = await connector().deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain(String(status));
  });

  it('401 (a wrong token) → permanent, and the token never appears in the reason', async () => {
    const r = await connector({ apiToken: 'wrong-token' }).deliver(doc, testContext());
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain('401');
    expect(JSON.stringify(r)).not.toContain('wrong-token');
  });

  it('created but the answer never comes (timeout) → unclear; attempt 2 finds it by label and does not create again', async () => {
    jira.faults.add('create', HANG, { after: true });
    const started = Date.now();
    const first = await connector({ timeoutMs: 300 }).deliver(doc, testContext());
    expect(first.kind).toBe('unclear');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(jira.issues.size).toBe(1);

    const ctx = testContext({ attempt: 2 });
    const second = await connector().deliver(doc, ctx);
    expect(second).toEqual({ kind: 'delivered', ticket: { key: 'IT-1', url: `${server.url}/browse/IT-1` } });
    expect(ctx.createdCalls).toEqual([{ key: 'IT-1', url: `${server.url}/browse/IT-1` }]);
    expect(jira.creates).toHaveLength(1);
    const search = jira.requests('POST', /search\/jql$/)[0]!;
    expect(search.json()).toEqual({ jql: `labels = "esc-${doc.escalationId}"`, fields: ['key'], maxResults: 1 });
    expect(jira.issues.get('IT-1')?.attachments.map((a) => a.filename)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('created but the connection resets → unclear; attempt 2 reconciles to the same issue', async () => {
    jira.faults.add('create', RESET, { after: true });
    expect((await connector().deliver(doc, testContext())).kind).toBe('unclear');
    const second = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(second).toMatchObject({ kind: 'delivered', ticket: { key: 'IT-1' } });
    expect(jira.creates).toHaveLength(1);
    expect(jira.issues.size).toBe(1);
  });

  it('attempt 2 with nothing found creates normally (after looking)', async () => {
    const r = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(r).toMatchObject({ kind: 'delivered', ticket: { key: 'IT-1' } });
    expect(server.requests.map((q) => q.path).slice(0, 2)).toEqual(['/rest/api/3/search/jql', '/rest/api/3/issue']);
  });

  it('a failing lookup on attempt 2 is reported, and nothing is created', async () => {
    jira.faults.add('search', { status: 503 });
    const r = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(r.kind).toBe('retry');
    expect(jira.creates).toHaveLength(0);
  });

  it('attachment upload 503 after the create → retry with created() called; the next attempt (known) uploads only the missing file', async () => {
    // transcript.md goes through, conversation.transcript gets a 503
    jira.faults.pass('attach').add('attach', { status: 503, headers: { 'retry-after': '2' }, body: 'Service Unavailable' });
    const ctx = testContext();
    const first = await connector().deliver(doc, ctx);
    expect(first).toMatchObject({ kind: 'retry', afterMs: 2000 });
    expect(first.kind !== 'delivered' && first.reason).toContain('IT-1');
    expect(ctx.createdCalls).toEqual([{ key: 'IT-1', url: `${server.url}/browse/IT-1` }]);
    expect(jira.issues.get('IT-1')?.attachments.map((a) => a.filename)).toEqual(['transcript.md']);

    const before = server.requests.length;
    const ctx2 = testContext({ attempt: 2, known: ctx.createdCalls[0]! });
    const second = await connector().deliver(doc, ctx2);
    expect(second).toEqual({ kind: 'delivered', ticket: { key: 'IT-1', url: `${server.url}/browse/IT-1` } });
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /rest/api/3/issue/IT-1?fields=attachment',
      'POST /rest/api/3/issue/IT-1/attachments?',
    ]);
    expect(jira.creates).toHaveLength(1);
    expect(ctx2.createdCalls).toEqual([]);
    expect(jira.issues.get('IT-1')?.attachments.map((a) => a.filename)).toEqual(['transcript.md', 'conversation.transcript']);
  });

  it('known issue with every file already attached → delivered without uploading', async () => {
    await connector().deliver(doc, testContext());
    const before = server.requests.length;
    const r = await connector().deliver(doc, testContext({ attempt: 3, known: { key: 'IT-1' } }));
    expect(r).toEqual({ kind: 'delivered', ticket: { key: 'IT-1' } });
    expect(server.requests.slice(before).map((q) => q.method)).toEqual(['GET']);
  });

  it('known issue that no longer exists → permanent 404', async () => {
    const r = await connector().deliver(doc, testContext({ attempt: 2, known: { key: 'IT-99' } }));
    expect(r.kind).toBe('permanent');
    expect(r.kind !== 'delivered' && r.reason).toContain('404');
  });
});

describe('jiraFromEnv', () => {
  const full = { JIRA_BASE_URL: 'https://contoso.atlassian.net/', JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN, JIRA_PROJECT_KEY: 'IT' };
  it('is undefined when Jira is not configured (optional variables alone do not count)', () => {
    expect(jiraFromEnv({})).toBeUndefined();
    expect(jiraFromEnv({ JIRA_ISSUE_TYPE: 'Task', JIRA_EMAIL: '  ' })).toBeUndefined();
  });
  it('builds the connector from a full set', () => {
    const c = jiraFromEnv({ ...full, JIRA_ISSUE_TYPE: 'Incident' });
    expect(c?.name).toBe('jira');
    expect(c?.label).toBe('Jira (IT)');
  });
  it('names the missing variables when only some are set, without echoing values', () => {
    expect(() => jiraFromEnv({ ...full, JIRA_API_TOKEN: '' })).toThrow(/JIRA_API_TOKEN/);
    let message = '';
    try {
      jiraFromEnv({ JIRA_BASE_URL: full.JIRA_BASE_URL, JIRA_API_TOKEN: TOKEN });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/JIRA_EMAIL/);
    expect(message).toMatch(/JIRA_PROJECT_KEY/);
    expect(message).not.toContain(TOKEN);
  });
  it('refuses a plain-http base URL off loopback, naming JIRA_BASE_URL', () => {
    expect(() => jiraFromEnv({ ...full, JIRA_BASE_URL: 'http://example.com' })).toThrow(/JIRA_BASE_URL/);
    expect(jiraFromEnv({ ...full, JIRA_BASE_URL: 'http://127.0.0.1:9999' })).toBeDefined();
  });
});
