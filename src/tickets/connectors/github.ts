/**
 * GitHub Issues. GitHub takes no idempotency key and has no attachment API, so:
 *
 * - Create: `POST /repos/{owner}/{repo}/issues` `{title, body, labels: ['freebusy-escalation']}`.
 *   The body is the summary, the start (or all) of the transcript and a hidden marker
 *   `<!-- esc:<id> -->`. `ctx.created` is called as soon as GitHub answers with the issue.
 * - Size: an issue body or comment holds at most 65,536 characters (422 "body is too long").
 *   When the transcript does not fit, the issue body carries its first part and the rest goes
 *   into follow-up comments (`POST .../issues/{n}/comments`), each with a marker
 *   `<!-- esc:<id> part:N -->` (the issue body is part 1). The split is a pure function of the
 *   document, so every attempt computes the same parts.
 * - Resume (`ctx.known`): list the issue's comments and post only the parts whose marker is missing.
 * - Reconcile (`ctx.attempt > 1`, nothing known): an earlier attempt may have created the issue
 *   and lost the answer. List issues with the label (state=all, updated since a day before the
 *   escalation, following `Link: rel="next"` for a few pages) and look for the marker. GitHub drops
 *   labels silently when the token lacks push access, so when the labelled list has no match the
 *   unlabelled list (same time window) is checked too. Only then is a new issue created.
 * - Rate limits (GitHub REST docs, "Rate limits for the REST API"): 403/429 with `retry-after` →
 *   retry after it; with `x-ratelimit-remaining: 0` → retry at `x-ratelimit-reset`; a 429, or a 403
 *   whose message names a (secondary) rate limit, without either header → retry after 60 s.
 *   Any other 403 → permanent. 410 → permanent (issues are disabled), 422 → permanent (validation),
 *   401/404 → permanent; the rest through the shared `classifyHttp`.
 */
import type { DeliveryContext, DeliveryResult, RemoteTicket, TicketConnector, TicketDocument } from '../types.js';
import { classifyHttp, parseJson, request, requireSafeBaseUrl, retryAfterMs, type Failure } from '../http.js';
import { redactionStatement } from '../ticket-text.js';

export interface GithubConfig {
  /** `owner/repo`. */
  repository: string;
  /** Fine-grained PAT (Issues: write on this one repository) or an installation token. */
  token: string;
  /** Default https://api.github.com; GitHub Enterprise Server: https://<host>/api/v3. */
  apiUrl?: string;
  /** Human label, default "GitHub (owner/repo)". */
  label?: string;
  /** Per-request deadline in ms (default 30 s). */
  timeoutMs?: number;
  /**
   * Pause between comment POSTs (default 1000 ms): GitHub asks integrations to wait at least a
   * second between content-creating requests to stay clear of the secondary rate limit.
   */
  commentDelayMs?: number;
}

export const GITHUB_DEFAULT_API_URL = 'https://api.github.com';
export const GITHUB_ISSUE_LABEL = 'freebusy-escalation';
/** GitHub's cap on an issue body and on a comment body, in characters. */
export const GITHUB_BODY_MAX = 65_536;
/** When a rate-limited answer says nothing about when to come back (GitHub: "wait at least one minute"). */
export const GITHUB_SECONDARY_LIMIT_WAIT_MS = 60_000;
const TITLE_MAX = 256;
const SUMMARY_MAX = 32_000;
const DESCRIPTION_MAX = 4_000;
const FACTS_MAX = 2_000;
const MAX_ISSUE_PAGES = 5;
const MAX_COMMENT_PAGES = 10;

export function githubIssueMarker(escalationId: string): string {
  return `<!-- esc:${escalationId} -->`;
}

export function githubPartMarker(escalationId: string, part: number): string {
  return `<!-- esc:${escalationId} part:${part} -->`;
}

export interface GithubIssueContent {
  title: string;
  body: string;
  /** Follow-up comments, in order: comments[0] is part 2. Empty when everything fits in the body. */
  comments: string[];
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Splits `text` into chunks: the first at most `firstMax` characters, the others at most `restMax`.
 * Cuts after a line break when one falls in the second half of the window, never inside a
 * surrogate pair. The chunks concatenate back to `text` exactly.
 */
export function splitText(text: string, firstMax: number, restMax: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    const max = chunks.length === 0 ? firstMax : restMax;
    if (text.length - start <= max) {
      chunks.push(text.slice(start));
      break;
    }
    let end = start + max;
    const newline = text.lastIndexOf('\n', end - 1);
    if (newline >= start + Math.floor(max / 2)) end = newline + 1;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** Title, body and follow-up comments for an escalation; pure, so every attempt gets the same parts. */
export function githubIssueContent(doc: TicketDocument, max: number = GITHUB_BODY_MAX): GithubIssueContent {
  const title = cut(`[${doc.reference}] ${doc.title}`.replace(/[\r\n]+/g, ' '), TITLE_MAX);
  const facts = [`**Escalation ${doc.reference}** · urgency **${doc.urgency}**`];
  if (doc.errorId) facts.push(`Error: \`${doc.errorId}\``);
  if (doc.domain) facts.push(`Domain: ${doc.domain}`);
  facts.push(`Escalated: ${doc.createdAt}`);
  facts.push(redactionStatement(doc));
  const description = cut(doc.description, DESCRIPTION_MAX)
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  const header = `${cut(facts.join(' · '), FACTS_MAX)}\n\n${description}\n\n${cut(doc.summaryMarkdown, SUMMARY_MAX)}\n\n---\n\n`;
  const marker = githubIssueMarker(doc.escalationId);
  const transcript = doc.transcriptMarkdown.length > 0 ? doc.transcriptMarkdown : '_(empty transcript)_';

  const whole = `${header}### Conversation transcript\n\n${transcript}\n\n${marker}\n`;
  if (whole.length <= max) return { title, body: whole, comments: [] };

  // Room for the headings whatever the number of parts (up to 6 digits).
  const partHeading = (n: number | string, of: number | string): string => `### Conversation transcript (part ${n} of ${of})\n\n`;
  const worstHeading = partHeading('999999', '999999').length;
  const bodyFooter = `\n\n_The transcript continues in the comments below._\n\n${marker}\n`;
  const commentPrefix = (n: number | string, of: number | string): string =>
    `${githubPartMarker(doc.escalationId, Number(n))}\n${partHeading(n, of)}`;
  const worstCommentPrefix = `${githubPartMarker(doc.escalationId, 999999)}\n`.length + worstHeading;
  const firstMax = max - header.length - worstHeading - bodyFooter.length;
  const restMax = max - worstCommentPrefix;
  if (firstMax < 1000 || restMax < 1000) throw new Error('GitHub body limit too small for the escalation header');

  const chunks = splitText(transcript, firstMax, restMax);
  const total = chunks.length;
  const body = `${header}${partHeading(1, total)}${chunks[0] ?? ''}${bodyFooter}`;
  const comments = chunks.slice(1).map((chunk, i) => `${commentPrefix(i + 2, total)}${chunk}`);
  return { title, body, comments };
}

/** `owner/repo#123` (or `#123`) → 123. */
export function parseIssueNumber(key: string): number | undefined {
  const match = /#(\d+)$/.exec(key.trim());
  return match?.[1] ? Number(match[1]) : undefined;
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  return value === null ? undefined : value.trim();
}

/** GitHub's answer to a failed request → outcome (see the module comment). */
export function classifyGithub(
  status: number,
  headers: Headers,
  opts: { isCreate: boolean; body?: string; secrets?: readonly string[]; repository: string },
  now: number = Date.now(),
): Failure {
  const base = classifyHttp(status, headers, { isCreate: opts.isCreate, body: opts.body, secrets: opts.secrets });
  if (status === 403 || status === 429) {
    const retryAfter = header(headers, 'retry-after');
    const remaining = header(headers, 'x-ratelimit-remaining');
    const reset = header(headers, 'x-ratelimit-reset');
    const waits: number[] = [];
    if (retryAfter) {
      const ms = retryAfterMs({ 'retry-after': retryAfter }, now);
      if (ms !== undefined) waits.push(ms);
    }
    const primary = remaining === '0';
    if (primary && reset) {
      const ms = retryAfterMs({ 'x-ratelimit-reset': reset }, now);
      // Reset is whole seconds: come back just after it, not on the edge.
      if (ms !== undefined) waits.push(ms + 1000);
    }
    const mentionsLimit = /rate limit|abuse/i.test(opts.body ?? '');
    if (waits.length > 0) {
      const kind = primary ? 'primary' : 'secondary';
      return { kind: 'retry', reason: `GitHub ${kind} rate limit: ${base.reason}`, afterMs: Math.max(...waits) };
    }
    if (status === 429 || primary || mentionsLimit) {
      return {
        kind: 'retry',
        reason: `GitHub ${primary ? 'primary' : 'secondary'} rate limit (no reset time given): ${base.reason}`,
        afterMs: GITHUB_SECONDARY_LIMIT_WAIT_MS,
      };
    }
    return { kind: 'permanent', reason: `GitHub refused access to ${opts.repository} (token permissions?): ${base.reason}` };
  }
  if (status === 410) return { kind: 'permanent', reason: `issues are disabled in ${opts.repository}: ${base.reason}` };
  if (status === 404) {
    return { kind: 'permanent', reason: `${opts.repository} not found, or the token cannot see it: ${base.reason}` };
  }
  if (status === 401) return { kind: 'permanent', reason: `GitHub rejected the token: ${base.reason}` };
  if (status === 422) return { kind: 'permanent', reason: `GitHub refused the content: ${base.reason}` };
  return base;
}

/** The `rel="next"` target of a Link header. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[1] && match[2]?.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

interface IssueRef {
  number: number;
  url?: string;
}

type Found<T> = { ok: true; value: T } | { ok: false; result: Failure };

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export function createGithubConnector(config: GithubConfig): TicketConnector {
  const repository = config.repository.trim();
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new Error('GitHub repository must look like owner/repo');
  }
  if (!config.token) throw new Error('GitHub token is required');
  const token = config.token;
  const apiUrl = requireSafeBaseUrl('GitHub apiUrl', config.apiUrl ?? GITHUB_DEFAULT_API_URL);
  const apiOrigin = new URL(apiUrl).origin;
  const [owner, repo] = repository.split('/') as [string, string];
  const repoPath = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const timeoutMs = config.timeoutMs ?? 30_000;
  const commentDelayMs = config.commentDelayMs ?? 1000;
  const label = config.label ?? `GitHub (${repository})`;
  const secrets = [token];

  const headers = (withBody: boolean): Record<string, string> => {
    const h: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'freebusy-doctor',
    };
    if (withBody) h['content-type'] = 'application/json';
    return h;
  };

  const fail = (status: number, h: Headers, text: string, isCreate: boolean): Failure =>
    classifyGithub(status, h, { isCreate, body: text, secrets, repository });

  /** GETs a JSON array, following rel="next" (same origin only: the token must not travel) up to `maxPages`. */
  async function listAll(firstUrl: string, maxPages: number, signal: AbortSignal, visit: (item: unknown) => boolean): Promise<Found<boolean>> {
    let url: string | undefined = firstUrl;
    for (let page = 0; url !== undefined && page < maxPages; page++) {
      const r = await request(url, { method: 'GET', headers: headers(false) }, { signal, timeoutMs });
      if (!r.ok) return { ok: false, result: r.result.kind === 'unclear' ? { ...r.result, kind: 'retry' } : r.result };
      if (r.status !== 200) return { ok: false, result: fail(r.status, r.response.headers, r.text, false) };
      const items = parseJson(r.text);
      if (!Array.isArray(items)) return { ok: false, result: { kind: 'retry', reason: `GitHub list answer is not a JSON array (${new URL(url).pathname})` } };
      for (const item of items) if (visit(item)) return { ok: true, value: true };
      const next = nextLink(r.response.headers.get('link'));
      url = next !== undefined && new URL(next, url).origin === apiOrigin ? new URL(next, url).toString() : undefined;
    }
    return { ok: true, value: false };
  }

  /** The issue an earlier attempt created, found by its marker. */
  async function findIssue(doc: TicketDocument, signal: AbortSignal): Promise<Found<IssueRef | undefined>> {
    const marker = githubIssueMarker(doc.escalationId);
    const created = Date.parse(doc.createdAt);
    const since = new Date((Number.isNaN(created) ? Date.now() : created) - 24 * 3600_000).toISOString();
    let found: IssueRef | undefined;
    const visit = (item: unknown): boolean => {
      if (typeof item !== 'object' || item === null) return false;
      const { number, body, html_url: htmlUrl, pull_request: pr } = item as Record<string, unknown>;
      if (pr !== undefined || typeof number !== 'number' || typeof body !== 'string' || !body.includes(marker)) return false;
      found = typeof htmlUrl === 'string' ? { number, url: htmlUrl } : { number };
      return true;
    };
    const common = `state=all&sort=created&direction=desc&per_page=100&since=${encodeURIComponent(since)}`;
    const labelled = await listAll(`${repoPath}/issues?labels=${encodeURIComponent(GITHUB_ISSUE_LABEL)}&${common}`, MAX_ISSUE_PAGES, signal, visit);
    if (!labelled.ok) return labelled;
    if (found) return { ok: true, value: found };
    // Labels are dropped silently without push access: look at the unlabelled list too.
    const any = await listAll(`${repoPath}/issues?${common}`, MAX_ISSUE_PAGES, signal, visit);
    if (!any.ok) return any;
    return { ok: true, value: found };
  }

  async function createIssue(content: GithubIssueContent, signal: AbortSignal): Promise<Found<IssueRef>> {
    const r = await request(
      `${repoPath}/issues`,
      { method: 'POST', headers: headers(true), body: JSON.stringify({ title: content.title, body: content.body, labels: [GITHUB_ISSUE_LABEL] }) },
      { signal, timeoutMs },
    );
    if (!r.ok) return { ok: false, result: r.result };
    if (r.status !== 201 && r.status !== 200) return { ok: false, result: fail(r.status, r.response.headers, r.text, true) };
    const issue = parseJson(r.text) as { number?: unknown; html_url?: unknown } | undefined;
    if (typeof issue?.number !== 'number') {
      return { ok: false, result: { kind: 'unclear', reason: `GitHub answered ${r.status} without an issue number; the issue may exist` } };
    }
    return { ok: true, value: typeof issue.html_url === 'string' ? { number: issue.number, url: issue.html_url } : { number: issue.number } };
  }

  /** Posts the comment parts whose marker is not on the issue yet (all of them for a fresh issue). */
  async function postMissingComments(doc: TicketDocument, issue: IssueRef, comments: string[], fresh: boolean, signal: AbortSignal): Promise<Failure | undefined> {
    const present = new Set<number>();
    if (!fresh) {
      const partMarker = new RegExp(`<!-- esc:${doc.escalationId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} part:(\\d+) -->`);
      const listed = await listAll(`${repoPath}/issues/${issue.number}/comments?per_page=100`, MAX_COMMENT_PAGES, signal, (item) => {
        const body = typeof item === 'object' && item !== null ? (item as { body?: unknown }).body : undefined;
        const part = typeof body === 'string' ? partMarker.exec(body)?.[1] : undefined;
        if (part) present.add(Number(part));
        return false;
      });
      if (!listed.ok) return listed.result;
    }
    let posted = 0;
    for (const [i, comment] of comments.entries()) {
      const part = i + 2;
      if (present.has(part)) continue;
      if (posted > 0) await sleep(commentDelayMs, signal);
      const r = await request(
        `${repoPath}/issues/${issue.number}/comments`,
        { method: 'POST', headers: headers(true), body: JSON.stringify({ body: comment }) },
        { signal, timeoutMs },
      );
      if (!r.ok) return withPart(r.result, part, comments.length + 1);
      if (r.status !== 201 && r.status !== 200) return withPart(fail(r.status, r.response.headers, r.text, true), part, comments.length + 1);
      posted++;
    }
    return undefined;
  }

  async function deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    const content = githubIssueContent(doc);
    let issue: IssueRef | undefined;
    let fresh = false;
    if (ctx.known) {
      const number = parseIssueNumber(ctx.known.key);
      if (number === undefined) return { kind: 'permanent', reason: `recorded GitHub issue key "${ctx.known.key}" has no issue number` };
      issue = ctx.known.url ? { number, url: ctx.known.url } : { number };
    } else {
      if (ctx.attempt > 1) {
        const found = await findIssue(doc, ctx.signal);
        if (!found.ok) return found.result;
        if (found.value) {
          issue = found.value;
          ctx.created(ticketOf(issue));
        }
      }
      if (!issue) {
        const created = await createIssue(content, ctx.signal);
        if (!created.ok) return created.result;
        issue = created.value;
        fresh = true;
        ctx.created(ticketOf(issue));
      }
    }
    const ticket = ticketOf(issue);
    if (content.comments.length > 0) {
      const failure = await postMissingComments(doc, issue, content.comments, fresh, ctx.signal);
      if (failure) return failure;
    }
    return { kind: 'delivered', ticket };
  }

  function ticketOf(issue: IssueRef): RemoteTicket {
    const key = `${repository}#${issue.number}`;
    return issue.url ? { key, url: issue.url } : { key };
  }

  return { name: 'github', label, deliver };
}

function withPart(result: Failure, part: number, total: number): Failure {
  return { ...result, reason: `transcript comment ${part} of ${total}: ${result.reason}` };
}
