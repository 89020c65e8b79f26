/**
 * What the dialogs need from the ticket store when an escalation is previewed and submitted.
 * The walk engine decides when; the desk (src/escalation/desk.ts in a running bot) knows the
 * transcript, redaction and the outbox. Without one (unit tests of the dialogs), the bot says
 * plainly that no ticket store is attached.
 */
import type { TurnContext } from 'botbuilder';
import type { CaseFile } from '../src/walk/case.js';

export interface EscalationDesk {
  /** Lines showing what will be sent: title, summary, redactions made. */
  preview(ctx: TurnContext, c: CaseFile): Promise<string[]>;
  /** Stores the escalation (sets `c.escalation.reference`) and says what happens next. */
  submit(ctx: TurnContext, c: CaseFile): Promise<string[]>;
}

export const NO_DESK: EscalationDesk = {
  async preview() {
    return ['(No ticket store is attached to this bot, so the ticket would only be shown here.)'];
  },
  async submit() {
    return ['No ticket store is attached to this bot: copy the handover below into your ticket system.'];
  },
};
