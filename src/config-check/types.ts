/**
 * The configuration check: what it knows about the conversation, what it reports, and the
 * shape of the per-cmdlet rule tables it runs.
 */
import type { PsObject, PsValue } from '../parse/types.js';

export type Side = 'exo' | 'ems';
export type AuthKind = 'oauth' | 'dauth';
export type RuleAuth = AuthKind | 'both';
export type Status = 'pass' | 'fail' | 'warn' | 'skip';

/** What the conversation knows; any may be missing. */
export interface CheckContext {
  onPremDomain?: string;
  tenantRoutingDomain?: string;
  tenantDomain?: string;
  tenantId?: string;
  onPremEwsUrl?: string;
  /** Not in the original contract but in knowledge/variables.yaml: lets the EXO side's Autodiscover endpoint be compared exactly. */
  onPremAutodiscoverUrl?: string;
  /** where the paste came from, if known */
  side?: Side;
  authType?: AuthKind;
}

/** A context value a check may need, or 'side' when only the origin of the paste is unknown. */
export type Needed = Exclude<keyof CheckContext, 'side' | 'authType'> | 'side';

export interface CheckResult {
  /** stable id, e.g. 'authserver.acs.issuer-identifier' */
  checkId: string;
  /** the FreeBusyChecker id, e.g. 'O4', where the script has the check */
  ref?: string;
  cmdlet: string;
  /** which object (Name / Identity) when the output holds several */
  object?: string;
  field: string;
  status: Status;
  actual?: string;
  expected: string;
  /** why it matters for free/busy, in plain words */
  why: string;
  /** the command(s) that fix it, with {{variables}} from knowledge/variables.yaml */
  fix?: string;
  auth: RuleAuth;
  /** for status skip: the value the bot should ask for */
  needs?: Needed;
}

export interface NotChecked {
  object: string;
  reason: string;
}

export interface ConfigReport {
  cmdlet: string;
  side?: Side;
  results: CheckResult[];
  /** objects in the output the checks deliberately left alone (a partner organization's relationship, another partner application) */
  notChecked?: NotChecked[];
}

export interface CheckOptions {
  /** the moment expiry dates are compared with; tests pin it */
  now?: Date;
}

// ---- rule tables ---------------------------------------------------------------------------

/** What one rule concluded. `expected` says what a standard configuration holds. */
export interface Outcome {
  status: Status;
  expected: string;
  /** an extra sentence for `why`, e.g. that the Hybrid Agent is in use */
  note?: string;
  needs?: Needed;
  /** replaces the rule's fix where the outcome knows better */
  fix?: string;
  /** what to show as the actual value when the raw value is not it (the end date inside a whole certificate) */
  actual?: string;
}

export interface RuleEnv {
  context: CheckContext;
  now: Date;
  /** the object the rule reads, and every object of the output for checks that compare them */
  object: PsObject;
  objects: readonly PsObject[];
  /** the object's variant: its side, or which kind of auth server it is */
  variant?: string;
  side?: Side;
  /** the parser saw a cut value or column */
  truncated: boolean;
}

export type FixText = string | ((env: RuleEnv) => string);

/** One property of one object compared with its standard value. */
export interface FieldRule {
  id: string;
  ref?: string;
  field: string;
  /** other names the same value is printed under (calculated properties in the suggested commands) */
  aliases?: readonly string[];
  auth: RuleAuth;
  /** variants the rule applies to; absent means all */
  variants?: readonly string[];
  check(value: PsValue, env: RuleEnv): Outcome;
  why: string;
  fix?: FixText;
}

export interface CollectionEnv {
  context: CheckContext;
  now: Date;
  /** the objects the cmdlet's relevance filter kept */
  objects: readonly PsObject[];
  /** everything in the output */
  all: readonly PsObject[];
  side?: Side;
  truncated: boolean;
  /** the paste as text, for outputs that are only an error record */
  text: string;
  errors: readonly { message: string; cmdlet?: string }[];
}

/** A check over the whole output: something must be present (a role, an auth server). */
export interface CollectionRule {
  id: string;
  ref?: string;
  field: string;
  auth: RuleAuth;
  /** undefined when the rule does not apply to this output */
  check(env: CollectionEnv): (Outcome & { actual?: string; object?: string }) | undefined;
  why: string;
  fix?: string;
}

/** Property names that identify a cmdlet's output: all of `all`, none of `none`. */
export interface Signature {
  all: readonly string[];
  none?: readonly string[];
}

export interface VariantQuestion {
  needs: Needed;
  /** what the variant decides, for the skip text */
  what: string;
}

export interface CmdletSpec {
  cmdlet: string;
  /** where the cmdlet exists; one side means the report's side is known */
  sides: readonly Side[];
  signatures: readonly Signature[];
  /** breaks a tie between specs with equally strong signatures (the two virtual directories) */
  claims?(objects: readonly PsObject[]): boolean;
  /** a property-set match is accepted only when this holds (Get-User output of some other user is not ours) */
  accepts?(objects: readonly PsObject[], text: string): boolean;
  /** which variant an object is; undefined when it cannot be told */
  variantOf?(object: PsObject, env: { context: CheckContext; side?: Side; objects: readonly PsObject[] }): string | undefined;
  /** the side a variant implies when it is not a side itself (an ACS auth server exists only on-premises) */
  variantSide?: Readonly<Record<string, Side>>;
  /** asked when variant-bound rules meet an object whose variant is unknown */
  variantQuestion?: VariantQuestion;
  /** with several objects, the ones this returns false for are left alone */
  relevant?(object: PsObject, env: { context: CheckContext; side?: Side; variant?: string }): boolean;
  /** true: irrelevant objects are dropped even when none is relevant (the collection rules then report the absence) */
  strictRelevance?: boolean;
  /** why an irrelevant object is not checked; absent means do not list them */
  irrelevantReason?: string;
  /** how the object is named in results */
  label?(object: PsObject): string | undefined;
  rules: readonly FieldRule[];
  collectionRules?: readonly CollectionRule[];
}
