/**
 * The case summary as an Adaptive Card (version 1.5, the newest Teams renders): the error, a
 * fact set of what is known, the steps taken, the findings and where the case stands. Built
 * from the CaseFile and the knowledge base, never from the markdown the engine says, and pure:
 * no botbuilder here, so it can be tested and reused without a turn.
 *
 * Teams rejects a message over about 28 KB (text, attachments and envelope together), so long
 * lists are cut deterministically ("… and N more steps") until the card fits its byte budget.
 */
import type { KnowledgeBase } from '../../knowledge/load.js';
import type { KnowledgeEntry } from '../../knowledge/schema.js';
import type { CaseFile } from '../../walk/case.js';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** What Teams accepts in one message, all of it counted. */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;
/** The part of a message a summary card may take by default: the text beside it needs room too. */
export const CARD_MAX_BYTES = 14 * 1024;

/** The element types these cards use (all of them Adaptive Cards 1.0, so 1.5 hosts render them). */
export const CARD_ELEMENT_TYPES = ['TextBlock', 'FactSet', 'Container'] as const;

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
}

export interface Container {
  type: 'Container';
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: TextBlock['spacing'];
  items: CardElement[];
}

export type CardElement = TextBlock | FactSet | Container;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof CARD_VERSION;
  body: CardElement[];
  /** Teams: use the width of the conversation rather than a narrow bubble. */
  msteams?: { width: 'Full' };
}

/** How much of each list and text a card shows; tried from the first until the card fits. */
interface Limits {
  steps: number;
  findings: number;
  /** characters of one line (a step, a finding, a fact value) */
  line: number;
}

const LEVELS: Limits[] = [
  { steps: 20, findings: 10, line: 300 },
  { steps: 10, findings: 5, line: 200 },
  { steps: 5, findings: 3, line: 120 },
  { steps: 0, findings: 0, line: 80 },
];

const DIRECTIONS: Record<KnowledgeEntry['direction'], string> = {
  'cloud-to-onprem': 'Exchange Online users looking up on-premises users',
  'onprem-to-cloud': 'On-premises users looking up Exchange Online users',
  both: 'Either direction between Exchange Online and on-premises',
  'cloud-to-cloud': 'Between two Microsoft 365 organizations',
};

const AUTHS: Record<KnowledgeEntry['auth'], string | undefined> = {
  oauth: 'OAuth (intra-organization connector)',
  dauth: 'DAuth (organization relationship)',
  either: 'OAuth or DAuth',
  'not-applicable': undefined,
};

export function utf8Bytes(value: unknown): number {
  return Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/** One line of at most `max` characters: whitespace collapsed, an ellipsis where it was cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function more(n: number, what: string): TextBlock {
  return { type: 'TextBlock', text: `… and ${n} more ${what}${n === 1 ? '' : 's'}`, isSubtle: true, wrap: true, spacing: 'None' };
}

function heading(text: string): TextBlock {
  return { type: 'TextBlock', text, weight: 'Bolder', wrap: true, spacing: 'Medium' };
}

function recognition(c: CaseFile): string | undefined {
  const r = c.recognition;
  if (!r) return undefined;
  if (r.decision === 'match') return `a clear match (score ${r.score})`;
  if (r.decision === 'ambiguous') return `your choice among ${r.candidates.length} close matches`;
  return r.decision;
}

function facts(c: CaseFile, kb: KnowledgeBase, e: KnowledgeEntry | undefined, limits: Limits): Fact[] {
  const out: Fact[] = [];
  if (e) {
    out.push({ title: 'Error', value: e.id });
    const how = recognition(c);
    if (how) out.push({ title: 'Recognised as', value: how });
    out.push({ title: 'Direction', value: DIRECTIONS[e.direction] });
    const auth = AUTHS[e.auth];
    if (auth) out.push({ title: 'Authentication', value: auth });
  }
  if (c.reported.trim()) out.push({ title: 'Reported', value: clip(c.reported, limits.line) });
  for (const [name, value] of Object.entries(c.vars)) {
    out.push({ title: capitalised(kb.variables.get(name)?.label ?? name), value: clip(value, limits.line) });
  }
  return out;
}

function state(c: CaseFile, kb: KnowledgeBase, e: KnowledgeEntry | undefined, limits: Limits): Container | undefined {
  const box = (style: Container['style'], text: string): Container => ({ type: 'Container', style, spacing: 'Medium', items: [{ type: 'TextBlock', text, wrap: true }] });
  if (c.closed && c.resolved && c.resolved.errorId === c.errorId) {
    const cause = c.resolved.cause ? ` Cause: ${clip(c.resolved.cause, limits.line)}` : '';
    return box('good', `**Resolved by:** ${clip(c.resolved.fix, limits.line)}.${cause}`);
  }
  if (c.closed && c.escalation) return box('attention', `**Escalated:** ${clip(c.escalation.reason, limits.line)}`);
  if (e && c.stepId && !c.closed) {
    const step = e.procedure.steps.find((s) => s.id === c.stepId);
    const at = c.pendingVariable ? `${step?.title ?? c.stepId} (waiting for ${kb.variables.get(c.pendingVariable)?.label ?? c.pendingVariable})` : (step?.title ?? c.stepId);
    return box('emphasis', `**Now at:** ${clip(at, limits.line)}`);
  }
  if (c.closed) return box('emphasis', '**Walk ended.** Paste another error to start a new one.');
  return undefined;
}

function build(c: CaseFile, kb: KnowledgeBase, limits: Limits): AdaptiveCard {
  const e = c.errorId ? kb.byId.get(c.errorId) : undefined;
  const body: CardElement[] = [
    { type: 'TextBlock', text: e ? clip(e.title, 200) : 'Free/busy case: no error recognised yet', size: 'Medium', weight: 'Bolder', wrap: true },
  ];
  const fs = facts(c, kb, e, limits);
  if (fs.length) body.push({ type: 'FactSet', facts: fs });

  if (c.history.length) {
    body.push(heading(`Steps taken (${c.history.length})`));
    const shown = c.history.slice(0, limits.steps);
    if (shown.length) {
      const lines = shown.map((h, i) => `${i + 1}. ${clip(`${h.title} — ${h.outcome}`, limits.line)}`);
      body.push({ type: 'TextBlock', text: lines.join('\r'), wrap: true, spacing: 'Small' });
    }
    if (c.history.length > shown.length) body.push(more(c.history.length - shown.length, 'step'));
  }

  if (c.findings.length) {
    body.push(heading(`Findings (${c.findings.length})`));
    const shown = c.findings.slice(0, limits.findings);
    if (shown.length) body.push({ type: 'TextBlock', text: shown.map((f) => `- ${clip(f.text, limits.line)}`).join('\r'), wrap: true, spacing: 'Small' });
    if (c.findings.length > shown.length) body.push(more(c.findings.length - shown.length, 'finding'));
  }

  const where = state(c, kb, e, limits);
  if (where) body.push(where);
  return { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: CARD_VERSION, body, msteams: { width: 'Full' } };
}

/**
 * The case as an Adaptive Card of at most `maxBytes` (JSON, UTF-8) where the case allows it:
 * the fullest level of detail that fits, else the most compact one.
 */
export function summaryCard(c: CaseFile, kb: KnowledgeBase, maxBytes = CARD_MAX_BYTES): AdaptiveCard {
  let card: AdaptiveCard | undefined;
  for (const limits of LEVELS) {
    card = build(c, kb, limits);
    if (utf8Bytes(card) <= maxBytes) return card;
  }
  return card as AdaptiveCard;
}

/** Whether a case has anything a card would show beyond "nothing yet". */
export function hasSummary(c: CaseFile): boolean {
  return Boolean(c.errorId || c.reported.trim() || c.findings.length || c.history.length || c.escalation);
}
