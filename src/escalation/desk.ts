/**
 * The escalation desk of a running bot: previews what a ticket will carry and, on confirm,
 * writes it to the local ticket store and its outbox in one transaction, before the admin is
 * told the reference. Delivery to ticket systems happens afterwards, in the worker; the turn
 * never waits for them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TurnContext } from 'botbuilder';
import type { EscalationDesk } from '../../dialogs/escalation-desk.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { conversationKey } from '../runtime/middleware.js';
import type { TicketDocument } from '../tickets/types.js';
import type { CaseFile } from '../walk/case.js';
import { mergeCounts, redact, totalRedactions, type RedactionCounts, type RedactionOptions } from './redact.js';
import type { EscalationStore } from './store.js';
import { organisationOf, summaryMarkdown, ticketTitle } from './summary.js';
import type { TranscriptStore } from './transcript-store.js';
import { transcriptFile, transcriptMarkdown } from './transcript-render.js';

export interface DeskOptions {
  kb: KnowledgeBase;
  store: EscalationStore;
  transcripts: TranscriptStore;
  redaction: RedactionOptions;
  /** The ticket systems enabled in this process, by name and label. */
  targets: { name: string; label: string }[];
  /** Where the Markdown and .transcript copies of each ticket are written (DATA_DIR/tickets). */
  ticketsDir?: string;
  /** Called after an escalation is stored: the worker starts delivering. */
  accepted?: () => void;
  log?: (message: string) => void;
}

function describeCounts(counts: RedactionCounts): string {
  const total = totalRedactions(counts);
  if (!total) return 'Redaction: applied; nothing needed masking.';
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k.replace('_', ' ')}${n > 1 ? 's' : ''}`);
  return `Redaction: applied; ${total} item${total > 1 ? 's' : ''} masked (${parts.join(', ')}).`;
}

export class TicketDesk implements EscalationDesk {
  constructor(private readonly o: DeskOptions) {}

  /** The redacted pieces of the ticket for this case and conversation. */
  private draft(ctx: TurnContext, c: CaseFile) {
    const conversation = conversationKey(ctx);
    const activities = this.o.transcripts.activities(conversation);
    // The transcript was redacted as it was stored (its counts kept with it); the summary is redacted here.
    const summaryRaw = summaryMarkdown(c, this.o.kb, { description: c.escalation?.description ?? c.escalationDraft?.description, urgency: c.escalation?.urgency ?? c.escalationDraft?.urgency, reason: c.escalation?.reason ?? c.escalationDraft?.reason });
    const summary = redact(summaryRaw, this.o.redaction);
    const transcriptCounts = this.o.transcripts.redactions(conversation);
    const counts = mergeCounts(summary.counts, transcriptCounts);
    return { conversation, activities, title: redact(ticketTitle(c, this.o.kb), this.o.redaction).text, summary: summary.text, counts };
  }

  async preview(ctx: TurnContext, c: CaseFile): Promise<string[]> {
    const d = this.draft(ctx, c);
    const where = this.o.targets.length ? `to ${this.o.targets.map((t) => t.label).join(', ')}, and kept in the local ticket store` : 'to the local ticket store (no ticket system is configured)';
    return [
      `**Title:** ${d.title}\n**Urgency:** ${c.escalationDraft?.urgency ?? 'normal'}\n**Goes:** ${where}, with the whole conversation (${d.activities.length} messages) as Markdown and as a .transcript file.`,
      d.summary,
      describeCounts(d.counts),
    ];
  }

  async submit(ctx: TurnContext, c: CaseFile): Promise<string[]> {
    const d = this.draft(ctx, c);
    const description = redact(c.escalation?.description ?? '', this.o.redaction).text;
    const { escalation, created } = this.o.store.accept({
      conversation: d.conversation,
      caseKey: `${d.conversation}/${c.caseId}`,
      conversationReference: TurnContext.getConversationReference(ctx.activity),
      connectors: this.o.targets.map((t) => t.name),
      document: (id, reference, createdAt): TicketDocument => ({
        escalationId: id,
        reference,
        title: d.title,
        description,
        urgency: c.escalation?.urgency ?? 'normal',
        summaryMarkdown: d.summary,
        transcriptMarkdown: transcriptMarkdown(d.activities, `${reference} ${d.title}`),
        transcriptJson: transcriptFile(d.activities),
        redaction: { total: totalRedactions(d.counts), counts: { ...d.counts } },
        errorId: c.errorId,
        domain: organisationOf(c, this.o.kb),
        createdAt,
      }),
    });
    if (c.escalation) c.escalation.reference = escalation.reference;
    if (created) {
      this.writeFiles(escalation.reference, escalation.document);
      this.o.accepted?.();
    }
    const targets = this.o.targets.map((t) => t.label);
    return [
      targets.length
        ? `Escalated: **${escalation.reference}** is saved. I am sending it to ${targets.join(', ')} and will post the ticket ${targets.length > 1 ? 'numbers' : 'number'} here when ${targets.length > 1 ? 'they answer' : 'it answers'}.`
        : `Escalated: **${escalation.reference}** is saved in the local ticket store (no ticket system is configured here; an operator sees it with \`freebusy-doctor tickets show ${escalation.reference}\`).`,
    ];
  }

  /** Readable copies beside the database; the database stays the record, so a failure here is only logged. */
  private writeFiles(reference: string, doc: TicketDocument): void {
    if (!this.o.ticketsDir) return;
    try {
      const dir = join(this.o.ticketsDir, reference);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'ticket.md'), `# ${doc.title}\n\n${doc.reference} · urgency ${doc.urgency} · ${doc.createdAt}\n\n${doc.description}\n\n${doc.summaryMarkdown}\n\n_Redaction applied: ${doc.redaction.total} item(s) masked._\n`);
      writeFileSync(join(dir, 'transcript.md'), doc.transcriptMarkdown);
      writeFileSync(join(dir, 'conversation.transcript'), doc.transcriptJson);
    } catch (err) {
      this.o.log?.(`could not write the files of ${reference}: ${(err as Error).message}`);
    }
  }
}
