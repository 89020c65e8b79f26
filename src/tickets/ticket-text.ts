/**
 * Text and files that every ticket carries, whatever the target system: the redaction statement (the escalation
 * contract requires each ticket to say that redaction was applied and how many items were masked) and the two
 * transcript attachments. One implementation here, so Jira, ServiceNow, Zendesk, GitHub and e-mail cannot drift apart.
 */
import type { TicketDocument } from './types.js';

/** A file attached to a ticket (or inlined where the target has no attachments). */
export interface TicketAttachment {
  name: string;
  contentType: string;
  content: string;
}

/** Flattens line breaks, tabs and runs of whitespace to single spaces and caps the result at `max` chars (… when cut). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Always states that redaction ran, and how many items were masked, by kind. */
export function redactionStatement(doc: TicketDocument): string {
  const kinds = Object.entries(doc.redaction.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return doc.redaction.total > 0
    ? `Redacted before sending: ${doc.redaction.total} value(s)${kinds ? ` (${kinds})` : ''}.`
    : 'Redaction ran before sending: nothing needed removing.';
}

/** The two transcript files: readable Markdown, and the Bot Framework .transcript (JSON array of activities). */
export function transcriptAttachments(doc: TicketDocument): TicketAttachment[] {
  return [
    { name: 'transcript.md', contentType: 'text/markdown; charset=utf-8', content: doc.transcriptMarkdown },
    { name: 'conversation.transcript', contentType: 'application/json', content: doc.transcriptJson },
  ];
}
