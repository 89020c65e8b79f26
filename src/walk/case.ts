/**
 * Everything a conversation has learned, kept in dialog state: for "status", for the summary
 * when a walk ends, and for the escalation ticket.
 */

import { randomUUID } from 'node:crypto';

/** Bump when the shape of this state or the dialog flow changes: older conversations start over. */
export const FLOW_VERSION = 2;

export interface StepRecord {
  errorId: string;
  stepId: string;
  title: string;
  /** what happened: the finding, the choice taken, "fixed", "not fixed", "skipped" */
  outcome: string;
  at: string;
}

export interface PastedOutput {
  errorId: string;
  stepId: string;
  command: string;
  text: string;
  at: string;
}

export type Phase = 'triage' | 'choose-error' | 'offer-escalation' | 'walk' | 'escalating' | 'closed';

export type Urgency = 'low' | 'normal' | 'high' | 'critical';

/** An escalation being prepared: what the admin has answered so far, and where to go back on cancel. */
export interface EscalationDraft {
  reason: string;
  microsoftSupport: boolean;
  question: 'describe' | 'urgency' | 'confirm';
  description?: string;
  urgency?: Urgency;
  resume: { phase: Phase; closed?: boolean };
}

export interface CaseFile {
  flowVersion: number;
  phase: Phase;
  /** error ids offered as "did you mean" */
  suggestions?: string[];
  /** the variable the bot asked for and waits for */
  pendingVariable?: string;
  /** the error text or description the admin gave first */
  reported: string;
  errorId?: string;
  /** how the error was recognised: the decision and the best score */
  recognition?: { decision: string; score: number; candidates: string[] };
  /** where the walk stands */
  stepId?: string;
  vars: Record<string, string>;
  outputs: PastedOutput[];
  findings: { errorId: string; stepId: string; text: string }[];
  history: StepRecord[];
  /** consecutive triage attempts that named no known error */
  misses: number;
  /** consecutive unusable answers at the current step */
  retries: number;
  resolved?: { errorId: string; cause?: string; fix: string; at: string };
  /** Identifies this diagnosis: one escalation per case, a new case after "start over" or a new error. */
  caseId: string;
  escalationDraft?: EscalationDraft;
  /** Set once the escalation is accepted into the local ticket store. */
  escalation?: { reason: string; at: string; reference?: string; description?: string; urgency?: Urgency; microsoftSupport?: boolean };
  closed?: boolean;
}

export function newCase(reported = ''): CaseFile {
  return { flowVersion: FLOW_VERSION, caseId: randomUUID(), phase: 'triage', reported, vars: {}, outputs: [], findings: [], history: [], misses: 0, retries: 0 };
}

/** Output kept in state is capped: a 5 MB paste must not bloat every state write. */
export const MAX_KEPT_OUTPUT = 16 * 1024;
/** A case keeps its most recent outputs and steps: state is read and written on every turn. */
export const MAX_KEPT_OUTPUTS = 20;
export const MAX_KEPT_STEPS = 200;

/** Drop the oldest outputs and steps beyond the caps (the transcript keeps the whole conversation). */
export function trim(c: CaseFile): void {
  if (c.outputs.length > MAX_KEPT_OUTPUTS) c.outputs.splice(0, c.outputs.length - MAX_KEPT_OUTPUTS);
  if (c.history.length > MAX_KEPT_STEPS) c.history.splice(0, c.history.length - MAX_KEPT_STEPS);
  if (c.findings.length > MAX_KEPT_STEPS) c.findings.splice(0, c.findings.length - MAX_KEPT_STEPS);
}
