/**
 * GitHub Issues connector against a local fake that follows GitHub's documented REST contract
 * (create issue → 201 {number, html_url}; 65,536-character body cap → 422; issues list with
 * labels/state/per_page and Link pagination; rate-limit headers). Contract tests, not integration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyGithub,
  createGithubConnector,
  GITHUB_BODY_MAX,
  GITHUB_ISSUE_LABEL,
  githubIssueContent,
  nextLink,
  splitText,
  type GithubConfig,
} from '../../src/tickets/connectors/github.js';
import { githubFromEnv } from '../../src/tickets/connectors/config.js';
import { closedPortUrl, Faults, HANG, RESET, startFakeServer, type Answer, type FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import { sampleDoc, testContext } from './sample-doc.js';

const TOKEN = 'github_pat_11AAAAAAA0secretsecretsecret';
const REPO = 'octo-org/helpdesk';

interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  comments: { id: number; body: string }[];
}

/** A fake GitHub: issues and comments in memory, per-route faults, optional label dropping. */
class FakeGithub {
  issues: FakeIssue[] = [];
  faults = new Faults();
  /** GitHub drops labels when the token lacks push access. */
  dropLabels = false;
  /** Page size the fake uses for lists (smaller than per_page, to exercise Link). */
  pageSize = 100;
  private nextComment = 1000;
  constructor(readonly server: FakeServer) {
    server.setHandler((req) => this.handle(req));
  }

  creates(): RecordedRequest[] {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${REPO}/issues`);
  }

  commentPosts(): RecordedRequest[] {
    return this.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
  }

  private page<T>(req: RecordedRequest, items: T[]): Reply {
    const page = Number(req.query.get('page') ?? '1');
    const slice = items.slice((page - 1) * this.pageSize, page * this.pageSize);
    const headers: Record<string, string> = {};
    if (page * this.pageSize < items.length) {
      const next = new URLSearchParams(req.query);
      next.set('page', String(page + 1));
      headers.link = `<${this.server.url}${req.path}?${next.toString()}>; rel="next", <${this.server.url}${req.path}?page=99>; rel="last"`;
    }
    return { status: 200, headers, json: slice };
  }

  private handle(req: RecordedRequest): Answer | Promise<Answer> {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, json: { message: 'Bad credentials' } };
    const issuesPath = `/repos/${REPO}/issues`;
    if (req.method === 'POST' && req.path === issuesPath) {
      return this.faults.run('create', () => {
        const input = req.json<{ title: string; body: string; labels?: string[] }>();
        if (input.body.length > GITHUB_BODY_MAX) {
          return { status: 422, json: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] } };
        }
        const issue: FakeIssue = { number: this.issues.length + 1, title: input.title, body: input.body, labels: this.dropLabels ? [] : (input.labels ?? []), comments: [] };
        this.issues.push(issue);
        return { status: 201, json: this.issueJson(issue) };
      });
    }
    if (req.method === 'GET' && req.path === issuesPath) {
      return this.faults.run('list', () => {
        const label = req.query.get('labels');
        const list = [...this.issues].reverse().filter((i) => !label || i.labels.includes(label));
        return this.page(req, list.map((i) => this.issueJson(i)));
      });
    }
    const comments = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(req.path);
    if (comments?.[1]) {
      const issue = this.issues.find((i) => i.number === Number(comments[1]));
      if (!issue) return { status: 404, json: { message: 'Not Found' } };
      if (req.method === 'GET') return this.faults.run('list-comments', () => this.page(req, issue.comments));
      if (req.method === 'POST') {
        return this.faults.run('comment', () => {
          const { body } = req.json<{ body: string }>();
          if (body.length > GITHUB_BODY_MAX) return { status: 422, json: { message: 'Validation Failed' } };
          const comment = { id: this.nextComment++, body };
          issue.comments.push(comment);
          return { status: 201, json: comment };
        });
      }
    }
    return { status: 404, json: { message: 'Not Found' } };
  }

  issueJson(issue: FakeIssue): unknown {
    return {
      number: issue.number,
      html_url: `https://github.com/${REPO}/issues/${issue.number}`,
      title: issue.title,
      body: issue.body,
      labels: issue.labels.map((name) => ({ name })),
      state: 'open',
    };
  }
}

/** A 200 KB transcript: numbered lines, some with emoji (surrogate pairs) and Markdown. */
function bigTranscript(bytes = 200_000): string {
  const lines: string[] = ['# Conversation', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 7 === 0 ? `**Bot:** step ${i} — check 📅 free/busy for user${i}@contoso.com ✔` : `**Admin:** output line ${i}: Get-FederationInformation -DomainName contoso.com | fl`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** The transcript text carried by the body (part 1) and the comments (parts 2..N), in order. */
function reassemble(body: string, comments: string[]): string {
  const first = /\(part 1 of \d+\)\n\n([\s\S]*)\n\n_The transcript continues in the comments below\._/.exec(body)?.[1];
  if (first === undefined) throw new Error('body has no part 1');
  return first + comments.map((c) => {
    const m = /^<!-- esc:[^ ]+ part:\d+ -->\n### Conversation transcript \(part \d+ of \d+\)\n\n([\s\S]*)$/.exec(c);
    if (!m) throw new Error('comment without part heading');
    return m[1];
  }).join('');
}

let server: FakeServer;
let github: FakeGithub;

beforeEach(async () => {
  server = await startFakeServer();
  github = new FakeGithub(server);
});

afterEach(async () => {
  await server.close();
});

function connector(extra: Partial<GithubConfig> = {}) {
  return createGithubConnector({ repository: REPO, token: TOKEN, apiUrl: server.url, commentDelayMs: 0, timeoutMs: 2000, ...extra });
}

describe('GitHub connector: create', () => {
  it('posts the documented headers, label, title and a body with the summary, transcript and hidden marker', async () => {
    const doc = sampleDoc();
    const ctx = testContext();
    const result = await connector().deliver(doc, ctx);

    expect(result).toEqual({ kind: 'delivered', ticket: { key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` } });
    expect(ctx.createdCalls).toEqual([{ key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` }]);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/repos/${REPO}/issues`);
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/vnd.github+json');
    expect(req.headers['x-github-api-version']).toBe('2022-11-28');
    expect(req.headers['user-agent']).toBeTruthy();
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    const payload = req.json<{ title: string; body: string; labels: string[] }>();
    expect(payload.labels).toEqual([GITHUB_ISSUE_LABEL]);
    expect(payload.title).toBe(`[${doc.reference}] ${doc.title}`);
    expect(payload.body).toContain(`<!-- esc:${doc.escalationId} -->`);
    expect(payload.body).toContain(doc.summaryMarkdown);
    expect(payload.body).toContain(doc.transcriptMarkdown);
    expect(payload.body).toContain(`> ${doc.description}`);
    expect(github.commentPosts()).toHaveLength(0);
  });

  it('splits a 200 KB transcript into a capped body and ordered comments that together hold all of it', async () => {
    const transcript = bigTranscript();
    const doc = sampleDoc({ transcriptMarkdown: transcript });
    const ctx = testContext();
    const result = await connector().deliver(doc, ctx);

    expect(result.kind).toBe('delivered');
    expect(github.creates()).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.body.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
    expect(issue.body).toContain(`<!-- esc:${doc.escalationId} -->`);
    expect(issue.body).toContain(doc.summaryMarkdown);
    const posts = github.commentPosts();
    const total = posts.length + 1;
    expect(total).toBeGreaterThanOrEqual(4); // 200 KB / 64 K
    posts.forEach((p, i) => {
      const body = p.json<{ body: string }>().body;
      expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
      expect(body.startsWith(`<!-- esc:${doc.escalationId} part:${i + 2} -->\n`)).toBe(true);
      expect(body).toContain(`(part ${i + 2} of ${total})`);
    });
    expect(issue.body).toContain(`(part 1 of ${total})`);
    const comments = issue.comments.map((c) => c.body);
    expect(reassemble(issue.body, comments)).toBe(transcript);
    // ctx.created was called right after the create, before the comments.
    expect(ctx.createdCalls).toEqual([{ key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` }]);
  });

  it('never cuts a surrogate pair when a long line has to be split', () => {
    const text = '📅'.repeat(80_000); // 160,000 UTF-16 units, no line breaks
    const content = githubIssueContent(sampleDoc({ transcriptMarkdown: text }));
    const parts = [content.body, ...content.comments];
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part); // no lone surrogates
    }
    expect(reassemble(content.body, content.comments)).toBe(text);
    expect(splitText('abc\ndef\nghi', 8, 8).join('')).toBe('abc\ndef\nghi');
  });
  it('keeps every part under the cap even with an oversized summary and description', () => {
    const doc = sampleDoc({ summaryMarkdown: 'S'.repeat(100_000), description: 'line\n'.repeat(20_000), transcriptMarkdown: bigTranscript(100_000) });
    const content = githubIssueContent(doc);
    for (const part of [content.body, ...content.comments]) expect(part.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
    expect(content.body).toContain(`<!-- esc:${doc.escalationId} -->`);
    expect(reassemble(content.body, content.comments)).toBe(doc.transcriptMarkdown);
  });
});

describe('GitHub connector: resume and reconcile', () => {
  it('resumes a known issue by posting only the comment parts that are missing (following Link pages)', async () => {
    const doc = sampleDoc({ transcriptMarkdown: bigTranscript() });
    const content = githubIssueContent(doc);
    expect(content.comments.length).toBeGreaterThanOrEqual(3);
    // Issue 1 exists with part 2 (and someone's reply); a page size of 1 forces pagination.
    github.issues.push({ number: 1, title: content.title, body: content.body, labels: [GITHUB_ISSUE_LABEL], comments: [{ id: 1, body: 'Looking into it' }, { id: 2, body: content.comments[0]! }] });
    github.pageSize = 1;
    const ctx = testContext({ attempt: 3, known: { key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` } });

    const result = await connector().deliver(doc, ctx);

    expect(result).toEqual({ kind: 'delivered', ticket: { key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` } });
    expect(github.creates()).toHaveLength(0);
    const lists = server.requests.filter((r) => r.method === 'GET');
    expect(lists.length).toBe(2); // page 1 and page 2
    expect(lists[0]!.query.get('per_page')).toBe('100');
    const posted = github.commentPosts().map((p) => p.json<{ body: string }>().body);
    expect(posted).toEqual(content.comments.slice(1));
    expect(reassemble(content.body, github.issues[0]!.comments.slice(1).map((c) => c.body))).toBe(doc.transcriptMarkdown);
    expect(ctx.createdCalls).toEqual([]);
  });

  it('finishes a known issue without any request when nothing was split off', async () => {
    const ctx = testContext({ attempt: 2, known: { key: `${REPO}#5` } });
    const result = await connector().deliver(sampleDoc(), ctx);
    expect(result).toEqual({ kind: 'delivered', ticket: { key: `${REPO}#5` } });
    expect(server.requests).toHaveLength(0);
  });

  it('after a create that timed out, attempt 2 finds the issue by its marker instead of creating another', async () => {
    const doc = sampleDoc();
    github.faults.add('create', HANG, { after: true }); // GitHub creates the issue; the answer never comes
    const first = await connector({ timeoutMs: 300 }).deliver(doc, testContext());
    expect(first.kind).toBe('unclear');
    expect(github.issues).toHaveLength(1);

    // Another escalation's issue is newer, so the marker has to be compared.
    github.issues.push({ number: 2, title: 'other', body: '<!-- esc:00000000-0000-0000-0000-000000000000 -->', labels: [GITHUB_ISSUE_LABEL], comments: [] });
    const ctx = testContext({ attempt: 2 });
    const second = await connector().deliver(doc, ctx);

    expect(second).toEqual({ kind: 'delivered', ticket: { key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` } });
    expect(ctx.createdCalls).toEqual([{ key: `${REPO}#1`, url: `https://github.com/${REPO}/issues/1` }]);
    expect(github.creates()).toHaveLength(1); // exactly one create seen
    const list = server.requests.find((r) => r.method === 'GET')!;
    expect(list.path).toBe(`/repos/${REPO}/issues`);
    expect(list.query.get('labels')).toBe(GITHUB_ISSUE_LABEL);
    expect(list.query.get('state')).toBe('all');
    expect(list.query.get('per_page')).toBe('100');
  });

  it('after a reset on create, attempt 2 reconciles and then posts the missing comments', async () => {
    const doc = sampleDoc({ transcriptMarkdown: bigTranscript(150_000) });
    github.faults.add('create', RESET, { after: true });
    const first = await connector().deliver(doc, testContext());
    expect(first.kind).toBe('unclear');

    const second = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(second.kind).toBe('delivered');
    expect(github.creates()).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(reassemble(issue.body, issue.comments.map((c) => c.body))).toBe(doc.transcriptMarkdown);
  });

  it('finds the issue through the unlabelled list when GitHub dropped the label (no push access)', async () => {
    github.dropLabels = true;
    const doc = sampleDoc();
    github.faults.add('create', HANG, { after: true });
    expect((await connector({ timeoutMs: 300 }).deliver(doc, testContext())).kind).toBe('unclear');

    const second = await connector().deliver(doc, testContext({ attempt: 2 }));
    expect(second.kind).toBe('delivered');
    expect(github.creates()).toHaveLength(1);
    const lists = server.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.query.get('labels'))).toEqual([GITHUB_ISSUE_LABEL, null]);
  });

  it('creates the issue on attempt 2 when the lookup finds none', async () => {
    const ctx = testContext({ attempt: 2 });
    const result = await connector().deliver(sampleDoc(), ctx);
    expect(result.kind).toBe('delivered');
    expect(github.creates()).toHaveLength(1);
    expect(ctx.createdCalls).toHaveLength(1);
  });

  it('a rate-limited comment leaves a known issue that the next attempt completes without duplicates', async () => {
    const doc = sampleDoc({ transcriptMarkdown: bigTranscript() });
    const content = githubIssueContent(doc);
    // The second comment POST (part 3) hits the secondary rate limit.
    let posts = 0;
    const original = github.faults.run.bind(github.faults);
    github.faults.run = (route, work) => {
      if (route === 'comment' && ++posts === 2) {
        return Promise.resolve({ status: 403, headers: { 'retry-after': '10' }, json: { message: 'You have exceeded a secondary rate limit.' } });
      }
      return original(route, work);
    };
    const ctx = testContext();
    const first = await connector().deliver(doc, ctx);
    expect(first).toMatchObject({ kind: 'retry', afterMs: 10_000 });
    expect(ctx.createdCalls).toHaveLength(1);
    expect(github.issues[0]!.comments).toHaveLength(1);

    const second = await connector().deliver(doc, testContext({ attempt: 2, known: ctx.createdCalls[0]! }));
    expect(second.kind).toBe('delivered');
    expect(github.creates()).toHaveLength(1);
    expect(github.issues[0]!.comments.map((c) => c.body)).toEqual(content.comments);
  });
});

describe('GitHub connector: failures', () => {
  const at = (status: number, headers: Record<string, string>, json: unknown) => {
    github.faults.add('create', { status, headers, json });
    return connector().deliver(sampleDoc(), testContext());
  };

  it('primary rate limit (403, x-ratelimit-remaining: 0) → retry at x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    const result = await at(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, { message: 'API rate limit exceeded for user ID 1.' });
    expect(result.kind).toBe('retry');
    const afterMs = (result as { afterMs?: number }).afterMs ?? 0;
    expect(afterMs).toBeGreaterThan(115_000);
    expect(afterMs).toBeLessThanOrEqual(122_000);
  });

  it('429 with x-ratelimit-remaining: 0 → retry at x-ratelimit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    const result = await at(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, { message: 'API rate limit exceeded' });
    expect(result.kind).toBe('retry');
    expect((result as { afterMs?: number }).afterMs).toBeGreaterThan(25_000);
  });

  it('secondary rate limit with retry-after → retry after it (403 and 429)', async () => {
    expect(await at(403, { 'retry-after': '45' }, { message: 'You have exceeded a secondary rate limit.' })).toMatchObject({ kind: 'retry', afterMs: 45_000 });
    expect(await at(429, { 'retry-after': '3' }, { message: 'too many' })).toMatchObject({ kind: 'retry', afterMs: 3_000 });
  });

  it('secondary rate limit without retry-after or reset → retry after 60 s', async () => {
    expect(await at(403, {}, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' })).toMatchObject({ kind: 'retry', afterMs: 60_000 });
    expect(await at(429, {}, { message: 'Too Many Requests' })).toMatchObject({ kind: 'retry', afterMs: 60_000 });
  });

  it('any other 403 is permanent', async () => {
    const result = await at(403, { 'x-ratelimit-remaining': '4999' }, { message: 'Resource not accessible by personal access token' });
    expect(result.kind).toBe('permanent');
  });

  it('410 (issues disabled) and 422 (validation) are permanent', async () => {
    const gone = await at(410, {}, { message: 'Issues are disabled for this repo' });
    expect(gone.kind).toBe('permanent');
    expect((gone as { reason: string }).reason).toMatch(/issues are disabled/i);
    const invalid = await at(422, {}, { message: 'Validation Failed' });
    expect(invalid.kind).toBe('permanent');
  });

  it('401 and 404 are permanent; the token never appears in a reason', async () => {
    for (const status of [401, 404]) {
      const result = await at(status, {}, { message: `bad token ${TOKEN}` });
      expect(result.kind).toBe('permanent');
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
  });

  it('500 on create → unclear, 502/503 → retry, refused → retry, hang → unclear', async () => {
    expect((await at(500, {}, { message: 'oops' })).kind).toBe('unclear');
    expect((await at(502, {}, {})).kind).toBe('retry');
    expect(await at(503, { 'retry-after': '2' }, {})).toMatchObject({ kind: 'retry', afterMs: 2000 });
    const refused = await createGithubConnector({ repository: REPO, token: TOKEN, apiUrl: await closedPortUrl() }).deliver(sampleDoc(), testContext());
    expect(refused.kind).toBe('retry');
    github.faults.add('create', HANG);
    expect((await connector({ timeoutMs: 200 }).deliver(sampleDoc(), testContext())).kind).toBe('unclear');
  });

  it('a failed lookup on attempt 2 does not create', async () => {
    github.faults.add('list', { status: 503, json: {} });
    const result = await connector().deliver(sampleDoc(), testContext({ attempt: 2 }));
    expect(result.kind).toBe('retry');
    expect(github.creates()).toHaveLength(0);
  });

  it('classifyGithub prefers the longer of retry-after and the reset time', () => {
    const now = 1_800_000_000_000;
    const h = new Headers({ 'retry-after': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 100) });
    expect(classifyGithub(403, h, { isCreate: true, repository: REPO }, now)).toMatchObject({ kind: 'retry', afterMs: 101_000 });
  });

  it('nextLink reads rel="next" among several relations', () => {
    expect(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('githubFromEnv', () => {
  it('is off when GITHUB_TOKEN is unset (Actions presets GITHUB_REPOSITORY)', () => {
    expect(githubFromEnv({})).toBeUndefined();
    expect(githubFromEnv({ GITHUB_REPOSITORY: REPO, GITHUB_API_URL: 'https://api.github.com' })).toBeUndefined();
  });

  it('builds the connector and validates the variables', () => {
    const c = githubFromEnv({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO });
    expect(c?.name).toBe('github');
    expect(c?.label).toContain(REPO);
    expect(() => githubFromEnv({ GITHUB_TOKEN: TOKEN })).toThrow(/GITHUB_REPOSITORY/);
    expect(() => githubFromEnv({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'not a repo' })).toThrow(/GITHUB_REPOSITORY/);
    expect(() => githubFromEnv({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_API_URL: 'http://ghe.example.com/api/v3' })).toThrow(/GITHUB_API_URL/);
    expect(githubFromEnv({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_API_URL: 'https://ghe.example.com/api/v3' })?.name).toBe('github');
    try {
      githubFromEnv({ GITHUB_TOKEN: TOKEN });
    } catch (err) {
      expect(String(err)).not.toContain(TOKEN);
    }
  });
});
