/**
 * The ticket's summary in Markdown, built from the case file: what was recognised and how
 * surely, direction and authentication, the domains and mailboxes involved, each step and what
 * came of it, the configuration findings, and what is left to try. Written so the engineer who
 * takes the ticket does not need to ask a question the bot already asked.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import type { CaseFile } from '../walk/case.js';

const DIRECTION: Record<string, string> = {
  'cloud-to-onprem': 'a cloud user looks up an on-premises user',
  'onprem-to-cloud': 'an on-premises user looks up a cloud user',
  both: 'either direction',
  'cloud-to-cloud': 'between two Microsoft 365 organisations',
};

export function ticketTitle(c: CaseFile, kb: KnowledgeBase): string {
  const e = c.errorId ? kb.byId.get(c.errorId) : undefined;
  const what = e?.title ?? 'Free/busy lookups fail (error not recognised)';
  const domain = organisationOf(c, kb);
  const title = `Free/busy: ${what}${domain ? ` — ${domain}` : ''}`;
  return title.length > 250 ? `${title.slice(0, 249)}…` : title;
}

/** The organisation as the case knows it: the first on-premises or tenant domain, else a mailbox's domain. */
export function organisationOf(c: CaseFile, kb: KnowledgeBase): string | undefined {
  const values = Object.entries(c.vars);
  const domain = values.find(([k]) => kb.variables.get(k)?.kind === 'domain')?.[1];
  if (domain) return domain;
  const mailbox = values.find(([k]) => kb.variables.get(k)?.kind === 'email')?.[1];
  return mailbox?.split('@')[1];
}

export function summaryMarkdown(c: CaseFile, kb: KnowledgeBase, extra: { description?: string; urgency?: string; reason?: string }): string {
  const e = c.errorId ? kb.byId.get(c.errorId) : undefined;
  const out: string[] = ['## Summary'];
  if (extra.description) out.push(`**Reported by the admin:** ${extra.description}`);
  if (extra.urgency) out.push(`**Urgency:** ${extra.urgency}`);
  if (extra.reason) out.push(`**Why escalated:** ${extra.reason}`);
  if (e) {
    const sure = c.recognition ? `${c.recognition.decision}, score ${c.recognition.score.toFixed(2)}${c.recognition.candidates.length > 1 ? `; other candidates: ${c.recognition.candidates.slice(1, 4).join(', ')}` : ''}` : 'chosen by the admin';
    out.push(`**Error:** ${e.title} (\`${e.id}\`) — recognised as ${sure}.`);
    out.push(`**Direction:** ${DIRECTION[e.direction] ?? e.direction}. **Authentication:** ${e.auth}.`);
  } else {
    out.push('**Error:** not matched to a known hybrid free/busy error.');
  }
  if (c.reported) out.push('**Error text as reported:**', '```', c.reported.slice(0, 2000), '```');
  const known = Object.entries(c.vars).map(([k, v]) => `- ${kb.variables.get(k)?.label ?? k}: ${v}`);
  if (known.length) out.push('## Domains, mailboxes and values', ...known);
  if (c.history.length) out.push('## Steps taken', ...c.history.map((h, i) => `${i + 1}. ${h.title} — ${h.outcome}`));
  if (c.findings.length) out.push('## Findings (including configuration checks)', ...c.findings.map((f) => `- ${f.text}`));
  const remaining = remainingCauses(c, kb);
  if (remaining.length) out.push('## Not yet ruled out', ...remaining.map((r) => `- ${r}`));
  return out.join('\n');
}

/** Causes of the recognised error whose fix was never tried in this case. */
function remainingCauses(c: CaseFile, kb: KnowledgeBase): string[] {
  const e = c.errorId ? kb.byId.get(c.errorId) : undefined;
  if (!e) return [];
  const visited = new Set(c.history.filter((h) => h.errorId === e.id).map((h) => h.stepId));
  const tried = new Set(e.procedure.steps.filter((s) => s.kind === 'fix' && visited.has(s.id)).map((s) => (s.kind === 'fix' ? s.cause : undefined)));
  return e.causes.filter((cause) => !tried.has(cause.id)).map((cause) => cause.text);
}
