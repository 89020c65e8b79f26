/**
 * Jira Cloud (REST v3) connector.
 *
 * One delivery = up to four idempotent steps:
 * 1. reconcile (attempt > 1, nothing known): `POST /rest/api/3/search/jql` for the label `esc-<id>`;
 * 2. create (nothing known or found): `POST /rest/api/3/issue` with an ADF description, then `ctx.created`;
 * 3. list attachments (issue known or found): `GET /rest/api/3/issue/{key}?fields=attachment`;
 * 4. upload each missing file: `POST /rest/api/3/issue/{key}/attachments` (multipart `file`, `X-Atlassian-Token: no-check`).
 * Jira has no idempotency key: the label `esc-<id>` is what lets a retry find the issue an unclear attempt created.
 * Known limit: JQL search is eventually consistent, so a lookup a second or two after an unclear create can miss
 * the issue; the worker's backoff before attempt 2 is what makes that unlikely.
 */
import type { DeliveryContext, DeliveryResult, RemoteTicket, TicketConnector, TicketDocument } from '../types.js';
import { basicAuth, classifyHttp, DEFAULT_TIMEOUT_MS, parseJson, request, requireSafeBaseUrl, type Failure } from '../http.js';
import { oneLine, redactionStatement, transcriptAttachments } from '../ticket-text.js';

export interface JiraConfig {
  /** https://your-site.atlassian.net */
  baseUrl: string;
  email: string;
  apiToken: string;
  projectKey: string;
  /** Default 'Task'. */
  issueType?: string;
  /** Per-request deadline; default 30 s. */
  timeoutMs?: number;
  /** Human label; default "Jira (<projectKey>)". */
  label?: string;
}

/** Jira refuses descriptions whose stored (serialized) form exceeds this. */
export const JIRA_DESCRIPTION_LIMIT = 32_767;
const SUMMARY_LIMIT = 255;

// ---------------------------------------------------------------------------------------------------------------
// Markdown → Atlassian Document Format (the subset summaryMarkdown uses)
// ---------------------------------------------------------------------------------------------------------------

type Mark = { type: 'strong' } | { type: 'code' };
export interface AdfText {
  type: 'text';
  text: string;
  marks?: Mark[];
}
export type AdfInline = AdfText | { type: 'hardBreak' };
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: (AdfNode | AdfInline)[];
}
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

function text(t: string, marks?: Mark[]): AdfText {
  return marks && marks.length > 0 ? { type: 'text', text: t, marks } : { type: 'text', text: t };
}

/** `**bold**` and `` `code` `` (ADF allows no other mark next to `code`). Everything else stays literal text. */
export function inlineToAdf(line: string, bold = false): AdfText[] {
  const out: AdfText[] = [];
  const strong: Mark[] = bold ? [{ type: 'strong' }] : [];
  let buf = '';
  const flush = () => {
    if (buf) out.push(text(buf, strong));
    buf = '';
  };
  let i = 0;
  while (i < line.length) {
    if (line[i] === '`') {
      const end = line.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(text(line.slice(i + 1, end), [{ type: 'code' }]));
        i = end + 1;
        continue;
      }
    }
    if (!bold && line.startsWith('**', i)) {
      const end = line.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push(...inlineToAdf(line.slice(i + 2, end), true));
        i = end + 2;
        continue;
      }
    }
    buf += line[i];
    i += 1;
  }
  flush();
  return out;
}

/** Lines joined by hard breaks, so line-oriented summaries ("Error: …" / "Confidence: …") keep their shape. */
function inlineLines(lines: string[]): AdfInline[] {
  const out: AdfInline[] = [];
  lines.forEach((l, n) => {
    if (n > 0) out.push({ type: 'hardBreak' });
    out.push(...inlineToAdf(l.trim()));
  });
  return out;
}

function paragraph(lines: string[] | string): AdfNode {
  return { type: 'paragraph', content: inlineLines(typeof lines === 'string' ? [lines] : lines) };
}

const FENCE = /^\s*(```+|~~~+)\s*([\w+#.-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const LIST_ITEM = /^(\s*)([-*+]|(\d{1,9})[.)])\s+(.*)$/;

interface ListMarker {
  indent: number;
  ordered: boolean;
  start: number;
  text: string;
}

function listMarker(line: string): ListMarker | undefined {
  const m = LIST_ITEM.exec(line);
  if (!m) return undefined;
  return { indent: (m[1] ?? '').length, ordered: m[3] !== undefined, start: Number(m[3] ?? 1), text: m[4] ?? '' };
}

const indentOf = (line: string) => line.length - line.trimStart().length;

function parseList(lines: string[], start: number): { node: AdfNode; next: number } {
  const first = listMarker(lines[start] ?? '');
  if (!first) throw new Error('parseList called on a non-list line');
  const items: AdfNode[] = [];
  let i = start;
  while (i < lines.length) {
    const m = listMarker(lines[i] ?? '');
    if (!m || m.indent !== first.indent || m.ordered !== first.ordered) break;
    const itemLines = [m.text];
    const nested: AdfNode[] = [];
    i += 1;
    while (i < lines.length) {
      const line = lines[i] ?? '';
      if (line.trim() === '') break;
      const inner = listMarker(line);
      if (inner && inner.indent > first.indent) {
        const sub = parseList(lines, i);
        nested.push(sub.node);
        i = sub.next;
        continue;
      }
      if (!inner && indentOf(line) > first.indent && nested.length === 0) {
        itemLines.push(line);
        i += 1;
        continue;
      }
      break;
    }
    items.push({ type: 'listItem', content: [paragraph(itemLines), ...nested] });
  }
  const node: AdfNode = first.ordered
    ? { type: 'orderedList', attrs: { order: first.start }, content: items }
    : { type: 'bulletList', content: items };
  return { node, next: i };
}

/** Converts Markdown to ADF blocks: `#`…`######` headings, paragraphs, `-`/`*` and `1.` lists (nested by
 *  indentation), fenced code, `>` quotes, `---` rules, `**bold**` and `` `code` ``. Other syntax stays literal. */
export function markdownToAdfBlocks(markdown: string): AdfNode[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: AdfNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) {
        code.push(lines[i] ?? '');
        i += 1;
      }
      i += 1; // closing fence (or end of input)
      const body = code.join('\n');
      const language = fence[2];
      blocks.push({
        type: 'codeBlock',
        ...(language ? { attrs: { language } } : {}),
        content: body ? [text(body)] : [],
      });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', attrs: { level: (heading[1] ?? '#').length }, content: inlineToAdf(heading[2] ?? '') });
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    if (listMarker(line)) {
      const { node, next } = parseList(lines, i);
      blocks.push(node);
      i = next;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        quoted.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
        i += 1;
      }
      const paras = quoted
        .join('\n')
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p) => paragraph(p.split('\n')));
      blocks.push({ type: 'blockquote', content: paras.length > 0 ? paras : [paragraph('')] });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (l.trim() === '' || FENCE.test(l) || HEADING.test(l) || RULE.test(l) || listMarker(l) || QUOTE.test(l)) break;
      para.push(l);
      i += 1;
    }
    blocks.push(paragraph(para));
  }
  return blocks;
}

export function markdownToAdf(markdown: string): AdfDoc {
  return { type: 'doc', version: 1, content: markdownToAdfBlocks(markdown) };
}

const EMPTY_DOC_LENGTH = JSON.stringify({ type: 'doc', version: 1, content: [] }).length;

function plainText(node: AdfNode | AdfInline): string {
  if (node.type === 'text') return (node as AdfText).text;
  if (node.type === 'hardBreak') return '\n';
  return ((node as AdfNode).content ?? []).map(plainText).join('');
}

/** The longest prefix of a text block (paragraph, heading, code) that fits `budget` serialized chars, or undefined. */
function shrinkBlock(block: AdfNode, budget: number): AdfNode | undefined {
  if (!['paragraph', 'heading', 'codeBlock'].includes(block.type)) return undefined;
  const full = plainText(block);
  const make = (n: number): AdfNode => {
    let cut = full.slice(0, n);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    const t = `${cut}…`;
    return block.type === 'codeBlock' ? { ...block, content: [text(t)] } : { ...block, content: [text(t)] };
  };
  if (JSON.stringify(make(0)).length > budget) return undefined;
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (JSON.stringify(make(mid)).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? make(lo) : undefined;
}

/**
 * A doc whose JSON stays within `limit` chars: blocks are kept in order while they fit; the first that does not is
 * cut (text blocks) or dropped, and a note saying the full transcript is attached ends the doc.
 */
export function fitAdf(blocks: AdfNode[], limit = JIRA_DESCRIPTION_LIMIT): AdfDoc {
  const sizes = blocks.map((b) => JSON.stringify(b).length);
  const total = EMPTY_DOC_LENGTH + sizes.reduce((a, b) => a + b, 0) + Math.max(0, blocks.length - 1);
  if (total <= limit) return { type: 'doc', version: 1, content: blocks };
  const note = paragraph('… shortened to fit the Jira description limit; the full transcript attached (transcript.md) has everything.');
  const noteSize = JSON.stringify(note).length;
  const kept: AdfNode[] = [];
  let used = EMPTY_DOC_LENGTH + noteSize;
  for (const [n, block] of blocks.entries()) {
    const size = sizes[n] ?? 0;
    if (used + size + 1 <= limit) {
      kept.push(block);
      used += size + 1;
      continue;
    }
    const cut = shrinkBlock(block, limit - used - 1);
    if (cut) kept.push(cut);
    break;
  }
  return { type: 'doc', version: 1, content: [...kept, note] };
}

// ---------------------------------------------------------------------------------------------------------------
// Connector
// ---------------------------------------------------------------------------------------------------------------

export function jiraDescription(doc: TicketDocument): AdfDoc {
  const facts: string[] = [
    `**Reference:** ${doc.reference}`,
    `**Urgency:** ${doc.urgency}`,
    `**Escalation id:** \`esc-${doc.escalationId}\``,
  ];
  if (doc.errorId) facts.push(`**Error:** \`${doc.errorId}\``);
  if (doc.domain) facts.push(`**Domain:** ${doc.domain}`);
  const blocks: AdfNode[] = [
    { type: 'bulletList', content: facts.map((f) => ({ type: 'listItem', content: [paragraph(f)] })) },
    { type: 'heading', attrs: { level: 2 }, content: [text("Admin's description")] },
    paragraph(doc.description.split(/\r?\n/)),
    ...markdownToAdfBlocks(doc.summaryMarkdown),
    paragraph(redactionStatement(doc)),
    paragraph('Full transcript attached: transcript.md (readable) and conversation.transcript (Bot Framework Emulator).'),
  ];
  return fitAdf(blocks);
}

function jqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function withStep(step: string, f: Failure): Failure {
  return { ...f, reason: `${step}: ${f.reason}` };
}

type Step<T> = { ok: true; value: T } | { ok: false; result: Failure };

export class JiraConnector implements TicketConnector {
  readonly name = 'jira';
  readonly label: string;
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(private readonly config: JiraConfig) {
    this.base = requireSafeBaseUrl('JIRA_BASE_URL', config.baseUrl);
    this.auth = basicAuth(config.email, config.apiToken);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.label = config.label ?? `Jira (${config.projectKey})`;
  }

  private ticketFor(key: string): RemoteTicket {
    return { key, url: `${this.base}/browse/${key}` };
  }

  private async call(step: string, method: string, path: string, ctx: DeliveryContext, extra: { json?: unknown; form?: FormData; isCreate?: boolean } = {}): Promise<Step<unknown>> {
    const headers: Record<string, string> = { authorization: this.auth, accept: 'application/json' };
    let body: RequestInit['body'];
    if (extra.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(extra.json);
    } else if (extra.form) {
      headers['x-atlassian-token'] = 'no-check';
      body = extra.form;
    }
    const r = await request(`${this.base}${path}`, { method, headers, body }, { signal: ctx.signal, timeoutMs: this.timeoutMs });
    if (!r.ok) return { ok: false, result: withStep(step, r.result) };
    if (!r.response.ok) {
      const f = classifyHttp(r.status, r.response.headers, { isCreate: extra.isCreate ?? false, body: r.text, secrets: [this.config.apiToken] });
      return { ok: false, result: withStep(step, f) };
    }
    return { ok: true, value: parseJson(r.text) };
  }

  /** The issue carrying the label `esc-<id>`, if any. */
  async findByEscalation(escalationId: string, ctx: DeliveryContext): Promise<Step<RemoteTicket | undefined>> {
    const r = await this.call('Jira lookup', 'POST', '/rest/api/3/search/jql', ctx, {
      json: { jql: `labels = ${jqlString(`esc-${escalationId}`)}`, fields: ['key'], maxResults: 1 },
    });
    if (!r.ok) return r;
    const issues = (r.value as { issues?: { key?: unknown }[] } | undefined)?.issues ?? [];
    const key = issues[0]?.key;
    return { ok: true, value: typeof key === 'string' && key ? this.ticketFor(key) : undefined };
  }

  createPayload(doc: TicketDocument): unknown {
    return {
      fields: {
        project: { key: this.config.projectKey },
        issuetype: { name: this.config.issueType ?? 'Task' },
        summary: oneLine(doc.title, SUMMARY_LIMIT),
        labels: ['freebusy-doctor', `esc-${doc.escalationId}`, `urgency-${doc.urgency}`],
        description: jiraDescription(doc),
      },
    };
  }

  async deliver(doc: TicketDocument, ctx: DeliveryContext): Promise<DeliveryResult> {
    let ticket = ctx.known;
    let fresh = false;
    if (!ticket && ctx.attempt > 1) {
      const found = await this.findByEscalation(doc.escalationId, ctx);
      if (!found.ok) return found.result;
      if (found.value) {
        ticket = found.value;
        ctx.created(ticket);
      }
    }
    if (!ticket) {
      const c = await this.call('Jira create issue', 'POST', '/rest/api/3/issue', ctx, { json: this.createPayload(doc), isCreate: true });
      if (!c.ok) return c.result;
      const key = (c.value as { key?: unknown } | undefined)?.key;
      if (typeof key !== 'string' || key === '') {
        return { kind: 'unclear', reason: 'Jira create issue: a 2xx answer without an issue key' };
      }
      ticket = this.ticketFor(key);
      ctx.created(ticket);
      fresh = true;
    }

    const issuePath = `/rest/api/3/issue/${encodeURIComponent(ticket.key)}`;
    const existing = new Set<string>();
    if (!fresh) {
      const r = await this.call(`Jira issue ${ticket.key} attachment list`, 'GET', `${issuePath}?fields=attachment`, ctx);
      if (!r.ok) return r.result;
      const list = (r.value as { fields?: { attachment?: { filename?: unknown }[] } } | undefined)?.fields?.attachment ?? [];
      for (const a of list) if (typeof a.filename === 'string') existing.add(a.filename);
    }
    for (const file of transcriptAttachments(doc)) {
      if (existing.has(file.name)) continue;
      const form = new FormData();
      form.append('file', new Blob([file.content], { type: file.contentType }), file.name);
      const r = await this.call(`Jira issue ${ticket.key} created; attaching ${file.name}`, 'POST', `${issuePath}/attachments`, ctx, { form });
      if (!r.ok) return r.result;
    }
    return { kind: 'delivered', ticket };
  }
}
