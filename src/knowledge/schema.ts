/**
 * The shape of a knowledge entry (one seeded free/busy error) and of the shared
 * vocabularies (variables, confusable clusters). Everything the bot knows is data
 * validated here, so a new error needs a YAML file, not code.
 */
import { z } from 'zod';

export const SEED_000 = '000_ccbb37ac2d6f8721.txt';
export const SEED_001 = '001_5384d1e14ee1d61f.txt';
export const SEED_002 = '002_889d653014d9c8f0.txt';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ErrorId = z.string().regex(kebab, 'must be kebab-case, e.g. proxy-401-preauth');
export const StepId = z.string().regex(kebab, 'must be kebab-case, e.g. check-trust');
export const VariableName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be camelCase, e.g. cloudMailbox');

const text = z.string().trim().min(1, 'must not be empty');

/** Where a command runs. The dialogs name the shell to the admin. */
export const Shell = z.enum([
  'exo', // Exchange Online PowerShell (Connect-ExchangeOnline)
  'ems', // on-premises Exchange Management Shell
  'exo-or-ems', // the side that hosts the mailbox in question
  'msol', // MSOnline module (Connect-MsolService)
  'azuread', // AzureAD module (Connect-AzureAD)
  'adsync', // the Microsoft Entra Connect server (ADSync module)
  'hybrid-agent', // the Hybrid Agent PowerShell module
  'windows', // a command prompt or plain PowerShell on an Exchange server
]);
export type Shell = z.infer<typeof Shell>;

export const Direction = z.enum(['cloud-to-onprem', 'onprem-to-cloud', 'both', 'cloud-to-cloud']);
export const Auth = z.enum(['oauth', 'dauth', 'either', 'not-applicable']);

export const SignatureWhere = z.enum([
  'free-busy', // the availability error itself (Scheduling Assistant, OWA, EWS trace, RCA)
  'test-oauthconnectivity',
  'test-organizationrelationship',
  'test-federationtrust',
  'get-federationinformation',
  'outlook',
  'rca',
  'iis-log',
  'wizard',
]);

export const Signature = z
  .object({
    text,
    where: SignatureWhere.default('free-busy'),
    /** true when other errors show the same text, so it cannot decide alone */
    shared: z.boolean().default(false),
  })
  .strict();

export const Source = z.union([
  z.object({ seed: z.literal(SEED_000) }).strict(),
  z.object({ seed: z.literal(SEED_001), section: text }).strict(),
  z
    .object({
      seed: z.literal(SEED_002),
      row: z.union([z.number().int().min(1).max(34), z.literal('unnumbered')]),
    })
    .strict(),
]);
export type Source = z.infer<typeof Source>;

/**
 * A branch condition, evaluated by the dialogs against the parsed cmdlet output,
 * the error text the admin reported, and the variables remembered so far.
 * Exactly one subject per condition; combine with allOf / anyOf / not.
 */
export interface Condition {
  field?: string;
  variable?: string;
  outputContains?: string;
  outputMatches?: string;
  reportedContains?: string;
  noObjects?: boolean;
  errorRecord?: boolean;
  always?: boolean;
  allOf?: Condition[];
  anyOf?: Condition[];
  not?: Condition;
  // operators for field / variable subjects
  equals?: string | string[];
  notEquals?: string | string[];
  contains?: string;
  lacks?: string;
  empty?: boolean;
  matches?: string;
  greaterThanField?: string;
  datePast?: boolean;
  // object selection for multi-object output
  where?: Condition;
  quantifier?: 'any' | 'all' | 'none';
}

const SUBJECTS = [
  'field',
  'variable',
  'outputContains',
  'outputMatches',
  'reportedContains',
  'noObjects',
  'errorRecord',
  'always',
  'allOf',
  'anyOf',
  'not',
] as const;
const OPERATORS = ['equals', 'notEquals', 'contains', 'lacks', 'empty', 'matches', 'greaterThanField', 'datePast'] as const;

function validRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const stringOrList = z.union([text, z.array(text).min(1)]);

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      field: text.optional(),
      variable: VariableName.optional(),
      outputContains: text.optional(),
      outputMatches: text.refine(validRegex, 'is not a valid regular expression').optional(),
      reportedContains: text.optional(),
      noObjects: z.literal(true).optional(),
      errorRecord: z.literal(true).optional(),
      always: z.literal(true).optional(),
      allOf: z.array(Condition).min(1).optional(),
      anyOf: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
      equals: stringOrList.optional(),
      notEquals: stringOrList.optional(),
      contains: text.optional(),
      lacks: text.optional(),
      empty: z.boolean().optional(),
      matches: text.refine(validRegex, 'is not a valid regular expression').optional(),
      greaterThanField: text.optional(),
      datePast: z.literal(true).optional(),
      where: Condition.optional(),
      quantifier: z.enum(['any', 'all', 'none']).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      const subjects = SUBJECTS.filter((k) => c[k] !== undefined);
      if (subjects.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `a condition needs exactly one of ${SUBJECTS.join(', ')} (found ${subjects.length ? subjects.join(', ') : 'none'})`,
        });
        return;
      }
      const ops = OPERATORS.filter((k) => c[k] !== undefined);
      const subject = subjects[0];
      if ((subject === 'field' || subject === 'variable') && ops.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${subject}" needs exactly one operator of ${OPERATORS.join(', ')} (found ${ops.length ? ops.join(', ') : 'none'})`,
        });
      }
      if (subject !== 'field' && subject !== 'variable' && ops.length > 0) {
        ctx.addIssue({ code: 'custom', message: `operators (${ops.join(', ')}) only apply to "field" or "variable"` });
      }
      if ((c.where || c.quantifier) && subject !== 'field') {
        ctx.addIssue({ code: 'custom', message: '"where" and "quantifier" only apply to "field"' });
      }
      if (subject === 'variable' && (c.greaterThanField || c.datePast)) {
        ctx.addIssue({ code: 'custom', message: 'greaterThanField and datePast only apply to "field"' });
      }
    }),
);

/** Remember a value read from the output, e.g. a new certificate thumbprint. */
export const Capture = z
  .object({
    variable: VariableName,
    field: text,
    where: Condition.optional(),
  })
  .strict();

export const Command = z
  .object({
    shell: Shell,
    command: text,
    note: text.optional(),
  })
  .strict();
export type Command = z.infer<typeof Command>;

const Outcome = z
  .object({
    when: Condition,
    finding: text.optional(),
    set: z.record(VariableName, text).optional(),
    next: StepId,
  })
  .strict();

const Otherwise = z
  .object({
    finding: text.optional(),
    next: StepId,
  })
  .strict();

/** Run a cmdlet whose output the bot reads and branches on. */
export const RunStep = z
  .object({
    id: StepId,
    kind: z.literal('run'),
    title: text,
    why: text,
    shell: Shell,
    command: text,
    /** the cmdlet whose output is expected; defaults to the last Get-/Test-/New- cmdlet in the command */
    expects: z.string().regex(/^[A-Za-z]+-[A-Za-z]+$/).optional(),
    /** what in the output matters, told to the admin */
    reads: text,
    /** properties the output should show; missing ones mean truncated or wrong output */
    fields: z.array(text).optional(),
    capture: z.array(Capture).optional(),
    outcomes: z.array(Outcome).min(1),
    otherwise: Otherwise,
    skip: StepId.optional(),
  })
  .strict();

const Choice = z
  .object({
    label: text,
    /** when this holds (e.g. on the reported error text), the dialog may take the choice without asking */
    when: Condition.optional(),
    finding: text.optional(),
    set: z.record(VariableName, text).optional(),
    next: StepId,
  })
  .strict();

/** Ask the admin to look at something (a log, IIS, a browser, a test) or answer a question. */
export const AskStep = z
  .object({
    id: StepId,
    kind: z.literal('ask'),
    title: text,
    topic: z.enum(['log', 'iis', 'browser', 'gui', 'rca', 'dns', 'network', 'scope', 'version', 'topology', 'directory']),
    instruction: text.optional(),
    commands: z.array(Command).optional(),
    question: text,
    choices: z.array(Choice).min(2),
    skip: StepId.optional(),
  })
  .strict();

const Alternative = z
  .object({
    label: text,
    commands: z.array(Command).min(1),
  })
  .strict();

/** A change to make; the dialog then asks "did this fix it?". */
export const FixStep = z
  .object({
    id: StepId,
    kind: z.literal('fix'),
    title: text,
    cause: z.string().optional(),
    instruction: text,
    commands: z.array(Command).optional(),
    alternatives: z.array(Alternative).min(2).optional(),
    notFixed: StepId,
    skip: StepId.optional(),
  })
  .strict();

/** The walk cannot go further without Microsoft Support or another engineer. */
export const EscalateStep = z
  .object({
    id: StepId,
    kind: z.literal('escalate'),
    title: text,
    reason: text,
    to: z.enum(['microsoft-support', 'engineer']).default('engineer'),
  })
  .strict();

/** The walk ends without a fix to verify (e.g. a transient error). */
export const EndStep = z
  .object({
    id: StepId,
    kind: z.literal('end'),
    title: text,
    outcome: text,
  })
  .strict();

export const Step = z.discriminatedUnion('kind', [RunStep, AskStep, FixStep, EscalateStep, EndStep]);
export type Step = z.infer<typeof Step>;
export type RunStep = z.infer<typeof RunStep>;
export type AskStep = z.infer<typeof AskStep>;
export type FixStep = z.infer<typeof FixStep>;

export const Cause = z.object({ id: StepId, text }).strict();

export const KnowledgeEntry = z
  .object({
    id: ErrorId,
    title: text,
    summary: text,
    direction: Direction,
    directionNote: text.optional(),
    auth: Auth,
    authNote: text.optional(),
    lids: z.array(z.number().int().positive()).default([]),
    clusters: z.array(z.string().regex(/^K\d+$/)).default([]),
    signatures: z.array(Signature).min(1),
    /** realistic pastes and fragments the classifier learns from (never the evaluation set) */
    examples: z.array(text).min(3),
    /** how admins describe it in their own words */
    symptoms: z.array(text).min(2),
    causes: z.array(Cause).min(1),
    procedure: z
      .object({
        start: StepId,
        steps: z.array(Step).min(2),
      })
      .strict(),
    errata: z.array(text).default([]),
    sources: z.array(Source).min(1),
  })
  .strict();
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;

export const VariableDef = z
  .object({
    name: VariableName,
    label: text,
    question: text,
    kind: z.enum(['email', 'domain', 'url', 'hostname', 'guid', 'thumbprint', 'text']),
    example: text,
    default: text.optional(),
  })
  .strict();
export type VariableDef = z.infer<typeof VariableDef>;

export const ClusterDef = z
  .object({
    id: z.string().regex(/^K\d+$/),
    name: text,
    members: z.array(ErrorId).min(2),
    separator: text,
    followUp: text,
  })
  .strict();
export type ClusterDef = z.infer<typeof ClusterDef>;
