/**
 * The conversation, channel-free: triage a reported error, then walk its knowledge entry's
 * step graph one step at a time — ask for the values it needs, show the cmdlet, read the
 * pasted output, branch on it — until a fix works, the walk ends, or it escalates. Every
 * knowledge entry runs through this one machinery; the botbuilder dialogs only carry turns.
 */
import type { ErrorClassifier } from '../classifier/classify.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { AskStep, Command, FixStep, KnowledgeEntry, RunStep, Shell, Step, VariableDef } from '../knowledge/schema.js';
import { parsePowerShellOutput } from '../parse/powershell-output.js';
import type { ParsedOutput } from '../parse/types.js';
import { redact } from '../escalation/redact.js';
import { checkConfiguration, type CheckContext, type ConfigReport } from '../config-check/index.js';
import { FLOW_VERSION, MAX_KEPT_OUTPUT, newCase, trim, type CaseFile, type Urgency } from './case.js';
import { capture, conditionVariables, evaluate, fill, placeholders, type ConditionContext } from './conditions.js';

/** What the bot waits for after it has spoken. */
export type Expect =
  | { type: 'error' }
  | { type: 'paste'; command: string }
  | { type: 'choice'; options: string[] }
  | { type: 'variable'; name: string }
  | { type: 'done' };

export interface Reply {
  say: string[];
  expect: Expect;
  /**
   * The index in `say` of the case summary (the resolved summary, the escalation handover): a
   * channel that shows cards renders the case there from the CaseFile, beside that text.
   */
  summaryAt?: number;
  /**
   * Work for the channel layer, which owns the ticket store: show the escalation preview
   * (title, summary, redactions) or submit the escalation; its lines go after `say`.
   */
  action?: 'preview-escalation' | 'submit-escalation';
}

export const SHELL_NAMES: Record<Shell, string> = {
  exo: 'Exchange Online PowerShell',
  ems: 'the on-premises Exchange Management Shell',
  'exo-or-ems': 'the shell of the side that hosts the mailbox (Exchange Online PowerShell for a cloud mailbox, the Exchange Management Shell for an on-premises one)',
  msol: 'PowerShell with the MSOnline module (Connect-MsolService)',
  azuread: 'PowerShell with the AzureAD module (Connect-AzureAD)',
  adsync: 'PowerShell on the Microsoft Entra Connect server',
  'hybrid-agent': 'PowerShell with the Hybrid Agent module',
  windows: 'a command prompt or PowerShell on the Exchange server',
};

const SKIP = /^\s*(skip|i can'?t run (this|it)|can'?t run (this|it)|cannot run (this|it)|i can'?t|not possible|pass)\s*[.!]?\s*$/i;
const FIXED_OPTIONS = ['Yes, it works now', 'No, still broken', 'Skip this fix'];
const NONE_OF_THESE = 'None of these';
const ESCALATE_OPTIONS = ['Escalate to an engineer', 'Let me try another error text'];
const URGENCY_OPTIONS: [string, Urgency][] = [
  ['Low — it can wait', 'low'],
  ['Normal', 'normal'],
  ['High — many users affected', 'high'],
  ['Critical — business stopped', 'critical'],
];
const CONFIRM_OPTIONS = ['Send the ticket', 'Change the description', 'Cancel'];
export const HELP_TEXT = [
  'I troubleshoot Exchange hybrid free/busy errors. Paste the error you see (or describe it) and I walk you through the checks: I give you a cmdlet, you paste its output, I read it and tell you what I found and what to do.',
  'Commands that work at any point: **help**, **status** (where we are and what we found), **back** (previous step), **skip** (I can’t run this), **start over** / **cancel**, **escalate** (hand the case to an engineer).',
  'You can also paste a new error at any time and I switch to it.',
].join('\n\n');

/** What the case keeps of the admin's text: conversation state is stored, so secrets are masked first. */
function kept(text: string): string {
  return redact(text).text;
}

function block(commands: string[]): string {
  return '```powershell\n' + commands.join('\n') + '\n```';
}

function byShell(commands: Command[], vars: Record<string, string>): string[] {
  const out: string[] = [];
  let shell: Shell | undefined;
  let group: string[] = [];
  const flush = () => {
    if (shell && group.length) out.push(`In ${SHELL_NAMES[shell]}:\n${block(group)}`);
    group = [];
  };
  for (const c of commands) {
    if (c.shell !== shell) flush();
    shell = c.shell;
    group.push(fill(c.command, vars));
    if (c.note) {
      flush();
      out.push(fill(c.note, vars));
    }
  }
  flush();
  return out;
}

/** The cmdlet whose output a run step expects: its `expects`, else the last read cmdlet of the pipeline. */
export function expectedCmdlet(step: RunStep): string | undefined {
  if (step.expects) return step.expects;
  const cmdlets = [...step.command.matchAll(/\b((?:Get|Test|New|Invoke)-[A-Za-z]+)/g)].map((m) => m[1] as string);
  return cmdlets.at(-1);
}

const VALIDATORS: Record<VariableDef['kind'], RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  domain: /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i,
  url: /^https?:\/\/[^\s/]+(\/\S*)?$/i,
  hostname: /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  thumbprint: /^[0-9a-f]{40}$/i,
  text: /\S/,
};

export class Walker {
  /** The last paste parsed: a turn checks it for a new error, then reads it, from the same text. */
  private lastParse?: { text: string; fields?: string[]; output: ParsedOutput };

  constructor(
    readonly kb: KnowledgeBase,
    readonly classifier: ErrorClassifier,
  ) {}

  private parse(text: string, fields?: string[]): ParsedOutput {
    const last = this.lastParse;
    if (last && last.text === text && last.fields === fields) return last.output;
    const output = parsePowerShellOutput(text, { knownFields: fields });
    this.lastParse = { text, fields, output };
    return output;
  }

  start(): { c: CaseFile; reply: Reply } {
    return { c: newCase(), reply: { say: ['Hi! I’m FreeBusy Doctor. Paste the free/busy error you see, or describe the problem (type **help** for what I can do).'], expect: { type: 'error' } } };
  }

  private entry(c: CaseFile): KnowledgeEntry {
    const e = c.errorId ? this.kb.byId.get(c.errorId) : undefined;
    if (!e) throw new Error(`unknown error id ${String(c.errorId)}`);
    return e;
  }

  private step(c: CaseFile, id = c.stepId): Step {
    const s = this.entry(c).procedure.steps.find((x) => x.id === id);
    if (!s) throw new Error(`unknown step ${String(id)} in ${String(c.errorId)}`);
    return s;
  }

  private record(c: CaseFile, step: Step, outcome: string): void {
    c.history.push({ errorId: c.errorId as string, stepId: step.id, title: step.title, outcome, at: new Date().toISOString() });
  }

  /** Where "skip" leads from a step: its own skip, else the way on; undefined when there is none. */
  private skipTarget(step: Step): string | undefined {
    if (step.kind === 'run') return step.skip ?? step.otherwise.next;
    if (step.kind === 'fix') return step.skip ?? step.notFixed;
    if (step.kind === 'ask' && step.skip) return step.skip;
    return undefined;
  }

  // ---------------------------------------------------------------- triage

  /** Classify a reported error and start its walk, or ask which one, or ask again. */
  triage(c: CaseFile, text: string): Reply {
    const config = this.configReport(c, this.parse(text));
    if (config) {
      c.phase = 'triage';
      return { say: [...this.describeReport(c, config, true), 'Paste more configuration output to check, or the error you see.'], expect: { type: 'error' } };
    }
    const r = this.classifier.classify(text);
    const top = r.candidates[0];
    if (r.decision === 'match' && top) return this.begin(c, text, top.id, { decision: r.decision, score: top.score, candidates: r.candidates.map((x) => x.id) });
    if (r.decision === 'ambiguous') {
      c.reported = kept(text);
      c.suggestions = r.suggestions.map((s) => s.id);
      c.phase = 'choose-error';
      return {
        say: ['That text fits more than one known error. Which one is closest to what you see? (The full message, with the HTTP status or the reason= part, or the Test-OAuthConnectivity output, would decide it.)'],
        expect: { type: 'choice', options: [...r.suggestions.map((s) => s.title), NONE_OF_THESE] },
      };
    }
    return this.miss(c, text);
  }

  private miss(c: CaseFile, text: string): Reply {
    c.misses++;
    c.reported = c.reported || kept(text);
    if (c.misses >= 2) {
      c.phase = 'offer-escalation';
      return {
        say: ['I still can’t match that to one of the hybrid free/busy errors I know. I can hand this to an engineer with what you sent, or you can try another error text.'],
        expect: { type: 'choice', options: ESCALATE_OPTIONS },
      };
    }
    c.phase = 'triage';
    return {
      say: [
        'I don’t recognise that as one of the hybrid free/busy errors I know. Please paste the exact error text. You find it in:',
        '- `Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity <cloud mailbox> -Verbose` (Exchange Online) or the on-premises equivalent\n- `Test-OAuthConnectivity -Service EWS -TargetUri <EWS URL> -Mailbox <mailbox> -Verbose | FL`\n- the Scheduling Assistant in Outlook or OWA (the error shown instead of free/busy)\n- the Remote Connectivity Analyzer free/busy test: https://testconnectivity.microsoft.com/tests/FreeBusy/input',
      ],
      expect: { type: 'error' },
    };
  }

  /** Start the walk of an error. */
  begin(c: CaseFile, reported: string, errorId: string, recognition?: CaseFile['recognition']): Reply {
    const e = this.kb.byId.get(errorId);
    if (!e) throw new Error(`unknown error id ${errorId}`);
    if (c.closed || c.resolved || c.escalation) {
      // A new error after a finished diagnosis is a new case: its own summary and escalation.
      const vars = c.vars;
      for (const key of Object.keys(c)) delete (c as unknown as Record<string, unknown>)[key];
      Object.assign(c, newCase(), { vars });
    }
    c.reported = kept(reported);
    c.errorId = errorId;
    c.recognition = recognition;
    c.stepId = e.procedure.start;
    c.phase = 'walk';
    c.misses = 0;
    c.retries = 0;
    c.closed = false;
    const intro = `This is **${e.title}**. ${e.summary}`;
    const next = this.present(c);
    return { say: [intro, ...next.say], expect: next.expect };
  }

  // ---------------------------------------------------------------- presenting a step

  /** Variables the current step needs that are not known yet. */
  private missingVariables(c: CaseFile, step: Step): string[] {
    // Asked: values the admin must type (commands). Elsewhere an unknown value reads as its label
    // (withDefaults), so an aside in an instruction does not add a question to the walk.
    const texts: string[] = [];
    const conds: string[] = [];
    if (step.kind === 'run') {
      texts.push(step.command);
      for (const o of step.outcomes) conds.push(...conditionVariables(o.when));
    }
    if (step.kind === 'fix') {
      texts.push(...(step.commands ?? []).map((x) => x.command), ...(step.alternatives ?? []).flatMap((a) => a.commands.map((x) => x.command)));
    }
    if (step.kind === 'ask') texts.push(...(step.commands ?? []).map((x) => x.command));
    const needed = [...texts.flatMap(placeholders), ...conds];
    // A captured value is filled by an earlier step's output, not asked: only ask what the admin can know.
    return [...new Set(needed)].filter((n) => !c.vars[n] && this.kb.variables.has(n) && !this.kb.variables.get(n)?.default && !this.capturedSomewhere(c, n));
  }

  /**
   * A value the walk reads from output is not asked while it may still be read; once a step that
   * reads it has been passed without finding it, it is asked.
   */
  private capturedSomewhere(c: CaseFile, name: string): boolean {
    const visited = new Set(c.history.filter((h) => h.errorId === c.errorId).map((h) => h.stepId));
    const readers = this.entry(c).procedure.steps.filter((s) => s.kind === 'run' && s.capture?.some((k) => k.variable === name) && s.id !== c.stepId);
    return readers.length > 0 && !readers.some((s) => visited.has(s.id));
  }

  /** What to say at the current step. Choices that the case already answers are taken at once. */
  present(c: CaseFile): Reply {
    const step = this.step(c);
    const missing = this.missingVariables(c, step);
    if (missing.length > 0) {
      const v = this.kb.variables.get(missing[0] as string) as VariableDef;
      c.pendingVariable = v.name;
      const hint = v.default ? ` Say **default** to use \`${v.default}\`.` : ` (for example \`${v.example}\`)`;
      return { say: [`${v.question}${hint}`], expect: { type: 'variable', name: v.name } };
    }
    c.pendingVariable = undefined;
    const vars = this.withDefaults(c);
    switch (step.kind) {
      case 'run': {
        const cmdlet = expectedCmdlet(step);
        return {
          say: [
            `**${fill(step.title, vars)}** — ${fill(step.why, vars)}`,
            `Run this in ${SHELL_NAMES[step.shell]}:\n${block([fill(step.command, vars)])}\nPaste the output here. I will read: ${fill(step.reads, vars)} (Say **skip** if you can’t run it.)`,
          ],
          expect: { type: 'paste', command: cmdlet ?? step.command },
        };
      }
      case 'ask': {
        const auto = this.autoChoice(c, step);
        if (auto !== undefined) return this.takeChoice(c, step, auto, true);
        const say = [`**${fill(step.title, vars)}**`];
        if (step.instruction) say.push(fill(step.instruction, vars));
        if (step.commands?.length) say.push(...byShell(step.commands, vars));
        say.push(fill(step.question, vars));
        return { say, expect: { type: 'choice', options: [...step.choices.map((ch) => fill(ch.label, vars)), 'Skip'] } };
      }
      case 'fix':
        return { say: this.fixText(step, vars).concat('Did this fix it? Check free/busy again (Scheduling Assistant or the Test-* cmdlet).'), expect: { type: 'choice', options: FIXED_OPTIONS } };
      case 'escalate':
        return this.escalate(c, fill(step.reason, vars), step.to === 'microsoft-support');
      case 'end':
        c.closed = true;
        c.phase = 'closed';
        this.record(c, step, 'walk ended');
        return { say: [`**${fill(step.title, vars)}** — ${fill(step.outcome, vars)}`, 'Paste another error if you want me to look at it. If the problem is still there, type **escalate** and I open a ticket with everything we did.'], expect: { type: 'error' } };
    }
  }

  /**
   * Remembered values, over the defaults that match what the Hybrid Configuration Wizard
   * creates, over a readable stand-in (<an on-premises Exchange server name>) for the rest.
   */
  private withDefaults(c: CaseFile): Record<string, string> {
    const vars: Record<string, string> = {};
    for (const v of this.kb.variables.values()) vars[v.name] = v.default ?? `<${v.label}>`;
    return Object.assign(vars, c.vars);
  }

  private fixText(step: FixStep, vars: Record<string, string>): string[] {
    const say = [`**Fix: ${fill(step.title, vars)}** — ${fill(step.instruction, vars)}`];
    if (step.commands?.length) say.push(...byShell(step.commands, vars));
    step.alternatives?.forEach((a, i) => say.push(`Option ${i + 1}, ${a.label}:`, ...byShell(a.commands, vars)));
    return say;
  }

  private autoChoice(c: CaseFile, step: AskStep): number | undefined {
    const ctx: ConditionContext = { reported: c.reported, vars: this.withDefaults(c) };
    const holding = step.choices.map((ch, i) => (ch.when && evaluate(ch.when, ctx).holds ? i : -1)).filter((i) => i >= 0);
    return holding.length === 1 ? holding[0] : undefined;
  }

  private takeChoice(c: CaseFile, step: AskStep, index: number, automatic: boolean): Reply {
    const ch = step.choices[index];
    if (!ch) throw new Error(`choice ${index} out of range`);
    const say: string[] = [];
    if (automatic) say.push(`${fill(step.question, this.withDefaults(c))} — from what you told me: **${fill(ch.label, this.withDefaults(c))}**.`);
    Object.assign(c.vars, ch.set ?? {});
    if (ch.finding) {
      const f = fill(ch.finding, this.withDefaults(c));
      c.findings.push({ errorId: c.errorId as string, stepId: step.id, text: f });
      say.push(f);
    }
    this.record(c, step, automatic ? `answered from earlier: ${ch.label}` : ch.label);
    return this.go(c, ch.next, say);
  }

  private go(c: CaseFile, next: string, say: string[]): Reply {
    c.stepId = next;
    c.retries = 0;
    trim(c);
    const r = this.present(c);
    return { say: [...say, ...r.say], expect: r.expect };
  }

  // ---------------------------------------------------------------- answers

  /** The admin's answer to whatever the bot expected. `choice` is the option index a prompt recognised. */
  answer(c: CaseFile, text: string, choice?: number): Reply {
    if (c.phase === 'escalating') return this.answerEscalation(c, text, choice);
    if (c.phase === 'choose-error') return this.answerWhichError(c, text, choice);
    if (c.phase === 'offer-escalation') {
      if (choice === 0) return this.escalate(c, 'The error could not be matched to a known hybrid free/busy error.', false);
      c.misses = 0;
      c.phase = 'triage';
      return { say: ['Paste the error text you want me to look at.'], expect: { type: 'error' } };
    }
    if (c.phase !== 'walk' || c.closed || !c.errorId) return this.triage(c, text);
    if (c.pendingVariable) return this.answerVariable(c, c.pendingVariable, text);
    const step = this.step(c);
    switch (step.kind) {
      case 'run':
        return this.answerRun(c, step, text);
      case 'ask':
        if (choice === step.choices.length || SKIP.test(text)) return this.skip(c, step);
        if (choice === undefined) return { say: ['Please pick one of the options.'], expect: { type: 'choice', options: [...step.choices.map((x) => fill(x.label, this.withDefaults(c))), 'Skip'] } };
        return this.takeChoice(c, step, choice, false);
      case 'fix':
        if (choice === 0) return this.resolved(c, step);
        if (choice === 2 || SKIP.test(text)) return this.skip(c, step);
        this.record(c, step, 'not fixed');
        return this.go(c, step.notFixed, ['Noted, that did not fix it. Next check:']);
      default:
        return this.triage(c, text);
    }
  }

  private answerWhichError(c: CaseFile, text: string, choice: number | undefined): Reply {
    const ids = c.suggestions ?? [];
    if (choice !== undefined && choice < ids.length) {
      return this.begin(c, c.reported, ids[choice] as string, { decision: 'ambiguous', score: 0, candidates: ids });
    }
    c.phase = 'triage';
    return this.miss(c, text);
  }

  private answerVariable(c: CaseFile, name: string, text: string): Reply {
    const v = this.kb.variables.get(name) as VariableDef;
    let value = text.trim().replace(/^["'`]|["'`]$/g, '');
    if (/^default$/i.test(value) && v.default) value = v.default;
    if (v.name === 'direction') value = /on-?prem(ises)?\s*(to|->|→)\s*(cloud|o365|exo|online)/i.test(value) || /^onprem-to-cloud$/i.test(value) ? 'onprem-to-cloud' : /cloud|o365|exo|online/i.test(value) ? 'cloud-to-onprem' : value;
    if (v.name === 'authType') value = /oauth/i.test(value) ? 'oauth' : /dauth|organi[sz]ation relationship|wssecurity/i.test(value) ? 'dauth' : value;
    if (!VALIDATORS[v.kind].test(value)) {
      return { say: [`That doesn’t look like ${v.label} (expected something like \`${v.example}\`). ${v.question}`], expect: { type: 'variable', name } };
    }
    c.vars[name] = value;
    c.pendingVariable = undefined;
    return this.present(c);
  }

  private answerRun(c: CaseFile, step: RunStep, text: string): Reply {
    if (SKIP.test(text)) return this.skip(c, step);
    const parsed = this.parse(text, step.fields);
    const problem = this.unusable(step, parsed);
    if (problem) {
      c.retries++;
      const offer = c.retries >= 2 ? ' If you can’t get it, say **skip** and I’ll move on.' : '';
      return { say: [`${problem}${offer}`], expect: { type: 'paste', command: expectedCmdlet(step) ?? step.command } };
    }
    const output = this.withBareValues(step, parsed);
    c.outputs.push({ errorId: c.errorId as string, stepId: step.id, command: fill(step.command, this.withDefaults(c)), text: kept(output.text.slice(0, MAX_KEPT_OUTPUT)), at: new Date().toISOString() });
    const ctx: ConditionContext = { output, reported: c.reported, vars: this.withDefaults(c) };
    let next = step.otherwise.next;
    let finding = step.otherwise.finding;
    let value: string | undefined;
    for (const o of step.outcomes) {
      const v = evaluate(o.when, ctx);
      if (v.holds) {
        next = o.next;
        finding = o.finding;
        value = v.value;
        Object.assign(c.vars, o.set ?? {});
        break;
      }
    }
    for (const k of step.capture ?? []) {
      const got = capture(k.field, k.where, ctx);
      if (got) c.vars[k.variable] = got;
    }
    const say: string[] = [];
    if (finding) {
      const f = fill(finding, { ...this.withDefaults(c), value: value ?? '' });
      c.findings.push({ errorId: c.errorId as string, stepId: step.id, text: f });
      say.push(`Found: ${f}`);
    } else {
      say.push('Thanks, I read the output.');
    }
    const config = this.configReport(c, output, step.shell === 'exo' || step.shell === 'ems' ? step.shell : undefined);
    // Get-ExchangeCertificate is checked as the OAuth certificate only when the walk asked for that one.
    const aboutAuthCertificate = config?.cmdlet !== 'Get-ExchangeCertificate' || /AuthConfig/i.test(step.command);
    if (config && aboutAuthCertificate && config.results.some((r) => r.status === 'fail' || r.status === 'warn')) say.push(...this.describeReport(c, config, false));
    if (output.truncated) say.push('Note: some values in your paste were cut off with "..." — if a check below seems wrong, run the cmdlet again after `$FormatEnumerationLimit = -1` and with `| Format-List`.');
    this.record(c, step, finding ? fill(finding, { ...this.withDefaults(c), value: value ?? '' }) : 'output read');
    return this.go(c, next, say);
  }

  /** A paste the step cannot use, said specifically; undefined when it is usable. */
  private unusable(step: RunStep, parsed: ParsedOutput): string | undefined {
    const cmdlet = expectedCmdlet(step);
    const wanted = cmdlet ? `the output of \`${cmdlet}\`` : 'the output';
    const expectsNothing = step.outcomes.some((o) => JSON.stringify(o.when).includes('noObjects'));
    if (parsed.shape === 'empty') return parsed.command && expectsNothing ? undefined : `That was empty. Please paste ${wanted}.`;
    const stepCmdlets = [...step.command.matchAll(/\b([A-Za-z]+-[A-Za-z]+)\b/g)].map((m) => (m[1] as string).toLowerCase());
    if (parsed.command && cmdlet && !stepCmdlets.includes(parsed.command.toLowerCase())) {
      return `That is the output of \`${parsed.command}\`, but this step needs ${wanted}. Please run the command above and paste its output.`;
    }
    const textOnly = step.outcomes.every((o) => !JSON.stringify(o.when).includes('"field"'));
    if (textOnly || parsed.errors.length > 0) return undefined;
    const fields = step.fields ?? [];
    if (fields.length === 0) return undefined;
    const has = (f: string) => parsed.objects.some((o) => Object.keys(o).some((k) => k.toLowerCase() === f.toLowerCase()));
    if (parsed.shape === 'values' && parsed.values.length > 0) return undefined;
    if (parsed.objects.length === 0 && expectsNothing) return undefined;
    if (!fields.some(has)) {
      const found = parsed.objects.length ? ` I see ${Object.keys(parsed.objects[0] ?? {}).slice(0, 4).join(', ')}${Object.keys(parsed.objects[0] ?? {}).length > 4 ? ', …' : ''} instead.` : '';
      return `I can’t find ${fields.join(', ')} in what you pasted.${found} Please paste ${wanted} (the command above, including its \`| FL\` part).`;
    }
    return undefined;
  }

  /** `(Get-X).Property` prints bare values: give them the step's field name so conditions read them. */
  private withBareValues(step: RunStep, parsed: ParsedOutput): ParsedOutput {
    const field = step.fields?.[0];
    if (parsed.objects.length > 0 || parsed.values.length === 0 || !field || (step.fields?.length ?? 0) !== 1) return parsed;
    return { ...parsed, objects: [{ [field]: parsed.values.length === 1 ? (parsed.values[0] as string) : parsed.values }] };
  }

  private skip(c: CaseFile, step: Step): Reply {
    this.record(c, step, 'skipped');
    const target = this.skipTarget(step);
    // A question the walk cannot do without: hand over rather than guess an answer.
    if (!target) return this.escalate(c, `The check “${fill(step.title, this.withDefaults(c))}” could not be done, and the walk needs its answer to go on.`, false);
    return this.go(c, target, ['Skipped. Moving on:']);
  }

  private resolved(c: CaseFile, step: FixStep): Reply {
    const e = this.entry(c);
    const cause = e.causes.find((x) => x.id === step.cause)?.text;
    c.resolved = { errorId: e.id, cause, fix: step.title, at: new Date().toISOString() };
    c.closed = true;
    c.phase = 'closed';
    this.record(c, step, 'fixed');
    const say = [
      `Great, fixed. **Summary** — error: ${e.title}. ${cause ? `Cause: ${cause} ` : ''}Fix: ${fill(step.title, this.withDefaults(c))}.`,
      ...(c.findings.length ? [`What we found: ${c.findings.map((f) => f.text).join(' ')}`] : []),
      'Paste another error any time.',
    ];
    return { say, expect: { type: 'error' }, summaryAt: 0 };
  }

  // ---------------------------------------------------------------- configuration check

  /** The configuration check of a paste of a hybrid configuration cmdlet, with what the case knows. */
  private configReport(c: CaseFile, parsed: ParsedOutput, side?: 'exo' | 'ems'): ConfigReport | undefined {
    if (parsed.objects.length === 0 && parsed.values.length === 0) return undefined;
    const v = c.vars;
    const ctx: CheckContext = {
      onPremDomain: v.onPremDomain,
      tenantRoutingDomain: v.tenantRoutingDomain,
      tenantDomain: v.tenantDomain,
      tenantId: v.tenantId,
      onPremEwsUrl: v.onPremEwsUrl,
      onPremAutodiscoverUrl: v.onPremAutodiscoverUrl,
      side,
      authType: v.authType === 'oauth' || v.authType === 'dauth' ? v.authType : undefined,
    };
    return checkConfiguration(parsed, ctx);
  }

  /** Deviations with why and fix; with `full`, also what passed and what could not be checked. */
  private describeReport(c: CaseFile, report: ConfigReport, full: boolean): string[] {
    const vars = this.withDefaults(c);
    const bad = report.results.filter((r) => r.status === 'fail' || r.status === 'warn');
    const passed = report.results.filter((r) => r.status === 'pass');
    const skipped = report.results.filter((r) => r.status === 'skip');
    const where = (r: { object?: string }) => (r.object ? ` (${r.object})` : '');
    const say = [`**Configuration check of ${report.cmdlet}**: ${passed.length} passed, ${bad.length} to fix${skipped.length ? `, ${skipped.length} not checked` : ''}.`];
    for (const r of bad) {
      const text = `${r.status === 'fail' ? '✗' : '⚠'} ${r.field}${where(r)} is ${r.actual === undefined || r.actual === '' ? 'empty' : `\`${r.actual}\``}; expected ${r.expected}. ${r.why}`;
      c.findings.push({ errorId: c.errorId ?? 'configuration', stepId: report.cmdlet, text: `${report.cmdlet}: ${r.field}${where(r)} is ${r.actual ?? 'empty'}, expected ${r.expected}.` });
      say.push(r.fix ? `${text}
Fix:
${block([fill(r.fix, vars)])}` : text);
    }
    if (full && passed.length) say.push(`Passed: ${[...new Set(passed.map((r) => `${r.field}${where(r)}`))].join(', ')}.`);
    if (full && skipped.length) {
      const needs = [...new Set(skipped.map((r) => r.needs).filter((n): n is NonNullable<typeof n> => !!n))];
      say.push(`Not checked yet: ${[...new Set(skipped.map((r) => r.field))].join(', ')}${needs.length ? ` — I need ${needs.map((n) => (n === 'side' ? 'to know whether this is Exchange Online or on-premises output' : (this.kb.variables.get(n)?.label ?? n))).join(', ')}` : ''}.`);
    }
    for (const n of (full ? report.notChecked : undefined) ?? []) say.push(`Left alone: ${n.object} — ${n.reason}`);
    return say;
  }

  // ---------------------------------------------------------------- global commands

  /** Start preparing an escalation: a one-line description, the urgency, then a preview to confirm. */
  escalate(c: CaseFile, reason: string, microsoftSupport: boolean): Reply {
    if (c.escalation) {
      const as = c.escalation.reference ? ` as **${c.escalation.reference}**` : '';
      return { say: [`This case is already escalated${as}. Type **status** for its summary, or paste a new error to start another case.`], expect: { type: 'error' } };
    }
    if (c.phase === 'escalating' && c.escalationDraft) return this.askEscalation(c);
    c.escalationDraft = { reason, microsoftSupport, question: 'describe', resume: { phase: c.phase, closed: c.closed } };
    c.phase = 'escalating';
    const who = microsoftSupport ? ' This needs Microsoft Support as well: open a case with them and put its number in the description.' : '';
    const r = this.askEscalation(c);
    return { say: [`**Escalation** — ${reason}${who} I will open a ticket with this whole conversation and what we found, so the engineer does not have to ask again.`, ...r.say], expect: r.expect };
  }

  private askEscalation(c: CaseFile): Reply {
    const d = c.escalationDraft;
    if (!d) return this.again(c);
    if (d.question === 'describe') {
      const suggestion = this.defaultDescription(c);
      return { say: [`In one line, what should the engineer know (since when, who is affected)? Type **skip** to use “${suggestion}”.`], expect: { type: 'variable', name: 'escalation description' } };
    }
    if (d.question === 'urgency') return { say: ['How urgent is it?'], expect: { type: 'choice', options: URGENCY_OPTIONS.map(([label]) => label) } };
    return { say: ['Here is what I will send:', 'Send it?'], expect: { type: 'choice', options: CONFIRM_OPTIONS }, action: 'preview-escalation' };
  }

  private defaultDescription(c: CaseFile): string {
    const title = c.errorId ? this.kb.byId.get(c.errorId)?.title : undefined;
    const first = (title ?? c.reported.split('\n').find((l) => l.trim()) ?? 'Free/busy lookups fail').trim();
    return first.length > 150 ? `${first.slice(0, 147)}…` : first;
  }

  private answerEscalation(c: CaseFile, text: string, choice?: number): Reply {
    const d = c.escalationDraft;
    if (!d) {
      c.phase = 'triage';
      return this.triage(c, text);
    }
    if (/^\s*cancel\s*$/i.test(text) || (d.question === 'confirm' && choice === 2)) return this.cancelEscalation(c);
    if (d.question === 'describe') {
      const line = text.replace(/\s+/g, ' ').trim();
      d.description = SKIP.test(text) || !line ? this.defaultDescription(c) : line.length > 300 ? `${line.slice(0, 297)}…` : line;
      d.question = 'urgency';
      return this.askEscalation(c);
    }
    if (d.question === 'urgency') {
      const picked = choice ?? URGENCY_OPTIONS.findIndex(([label, u]) => text.trim().toLowerCase() === u || text.trim().toLowerCase() === label.toLowerCase());
      const urgency = URGENCY_OPTIONS[picked]?.[1];
      if (!urgency) return { say: ['Please pick one of the urgencies.'], expect: { type: 'choice', options: URGENCY_OPTIONS.map(([label]) => label) } };
      d.urgency = urgency;
      d.question = 'confirm';
      return this.askEscalation(c);
    }
    if (choice === 1) {
      d.question = 'describe';
      return this.askEscalation(c);
    }
    if (choice !== 0) return { say: ['Please choose: send the ticket, change the description, or cancel.'], expect: { type: 'choice', options: CONFIRM_OPTIONS } };
    c.escalation = { reason: d.reason, at: new Date().toISOString(), description: d.description, urgency: d.urgency, microsoftSupport: d.microsoftSupport };
    c.escalationDraft = undefined;
    c.closed = true;
    c.phase = 'closed';
    // The channel layer stores the ticket and adds its reference; `status` then shows the handover.
    return { say: [], expect: { type: 'error' }, action: 'submit-escalation' };
  }

  private cancelEscalation(c: CaseFile): Reply {
    const resume = c.escalationDraft?.resume ?? { phase: 'triage' as const };
    c.escalationDraft = undefined;
    c.phase = resume.phase === 'escalating' ? 'triage' : resume.phase;
    c.closed = resume.closed;
    const a = this.again(c);
    return { say: ['Escalation cancelled; nothing was sent.', ...(a.say.length ? a.say : ['Paste an error whenever you want me to look at one.'])], expect: a.expect };
  }

  /** Where we are and what we found, in a few lines. */
  status(c: CaseFile): string {
    if (!c.errorId) {
      const lines = [c.reported ? `No error recognised yet. You reported: “${c.reported.slice(0, 200)}”.` : c.findings.length ? 'No error reported yet.' : 'Nothing yet: paste the error you see.'];
      if (c.findings.length) lines.push(`Findings: ${c.findings.map((f) => f.text).join(' ')}`);
      return lines.join('\n');
    }
    const e = this.entry(c);
    const lines = [`Error: **${e.title}** (${e.id})${c.recognition ? `, recognised as ${c.recognition.decision}` : ''}.`];
    const known = Object.entries(c.vars).map(([k, v]) => `${this.kb.variables.get(k)?.label ?? k}: ${v}`);
    if (known.length) lines.push(`Known: ${known.join('; ')}.`);
    if (c.history.length) lines.push(`Steps so far:\n${c.history.map((h, i) => `${i + 1}. ${h.title} — ${h.outcome}`).join('\n')}`);
    if (c.findings.length) lines.push(`Findings: ${c.findings.map((f) => f.text).join(' ')}`);
    if (c.resolved) lines.push(`Resolved by: ${c.resolved.fix}.`);
    else if (c.escalation) lines.push(`Escalated${c.escalation.reference ? ` as ${c.escalation.reference}` : ''}: ${c.escalation.reason}`);
    else if (c.stepId && !c.closed) lines.push(`Now at: ${this.step(c).title}.`);
    return lines.join('\n');
  }

  /** Go back to the previous step of the current walk. */
  back(c: CaseFile): Reply {
    const previous = [...c.history].reverse().find((h) => h.errorId === c.errorId && h.stepId !== c.stepId);
    if (!previous || c.phase !== 'walk') {
      const a = this.again(c);
      return { say: ['There is no earlier step to go back to.', ...a.say], expect: a.expect };
    }
    c.history.push({ ...previous, outcome: 'went back to it', at: new Date().toISOString() });
    c.stepId = previous.stepId;
    c.retries = 0;
    c.pendingVariable = undefined;
    const r = this.present(c);
    return { say: ['Back to the previous step:', ...r.say], expect: r.expect };
  }

  /** Say the current question again (after help or status). */
  again(c: CaseFile): Reply {
    if (c.phase === 'escalating') return this.askEscalation(c);
    if (c.phase === 'walk' && !c.closed && c.errorId) return this.present(c);
    return { say: [], expect: { type: 'error' } };
  }

  /**
   * A message that is clearly a new error rather than the answer expected: the classifier is
   * confident, names another error, and the text is not usable as the output asked for.
   */
  isNewError(c: CaseFile, text: string): string | undefined {
    // While an escalation is prepared the admin's description may quote the error: it is no new case.
    if (text.trim().length < 20 || c.phase === 'escalating') return undefined;
    const said = text.trim().toLowerCase();
    if (this.options(c).some((o) => o.toLowerCase() === said)) return undefined;
    if (c.pendingVariable) {
      const v = this.kb.variables.get(c.pendingVariable);
      if (v && VALIDATORS[v.kind].test(text.trim())) return undefined;
    }
    // The output the step asked for is the common case: recognise it before running the classifier.
    if (c.phase === 'walk' && c.errorId && !c.closed && !c.pendingVariable) {
      const step = this.step(c);
      if (step.kind === 'run' && !this.unusable(step, this.parse(text, step.fields))) return undefined;
    }
    const r = this.classifier.classify(text);
    const top = r.candidates[0];
    if (r.decision !== 'match' || !top || top.id === c.errorId) return undefined;
    return top.id;
  }

  /** The options the bot offered at this point, if it asked a choice. */
  private options(c: CaseFile): string[] {
    if (c.phase === 'choose-error') return [...(c.suggestions ?? []).map((id) => this.kb.byId.get(id)?.title ?? id), NONE_OF_THESE];
    if (c.phase === 'offer-escalation') return ESCALATE_OPTIONS;
    if (c.phase !== 'walk' || c.closed || !c.errorId || c.pendingVariable) return [];
    const step = this.step(c);
    if (step.kind === 'fix') return FIXED_OPTIONS;
    if (step.kind === 'ask') return [...step.choices.map((ch) => fill(ch.label, this.withDefaults(c))), 'Skip'];
    return [];
  }

  /** A case written by an older flow cannot be resumed safely. */
  static isCurrent(c: CaseFile | undefined): c is CaseFile {
    return !!c && c.flowVersion === FLOW_VERSION;
  }
}
