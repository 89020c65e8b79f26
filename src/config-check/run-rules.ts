/**
 * Runs one cmdlet's rule table over the objects of a paste: picks the objects that matter,
 * works out each object's variant (side, kind of auth server), evaluates the field rules and
 * the whole-output rules, and words the results.
 */
import type { PsObject } from '../parse/types.js';
import type { CheckContext, CheckResult, CmdletSpec, CollectionEnv, ConfigReport, FieldRule, NotChecked, Outcome, RuleAuth, RuleEnv, Side } from './types.js';
import { NEEDED_SENTENCE } from './needed.js';
import { firstField, text } from './values.js';

export interface RunInput {
  objects: readonly PsObject[];
  context: CheckContext;
  now: Date;
  /** the side known from the context or an "EO" cmdlet prefix */
  side?: Side;
  truncated: boolean;
  text: string;
  errors: readonly { message: string; cmdlet?: string }[];
}

/** Why a check written for one authentication method matters less under the other. */
function otherAuthNote(rule: RuleAuth, used: CheckContext['authType']): string | undefined {
  if (used === undefined || rule === 'both' || rule === used) return undefined;
  return used === 'oauth'
    ? 'Free/busy here uses OAuth, so this only matters if you go back to DAuth (organization relationships).'
    : 'Free/busy here uses DAuth, so this only matters once you turn on OAuth (an enabled intra-organization connector).';
}

export function defaultLabel(obj: PsObject): string | undefined {
  const found = firstField(obj, ['Name', 'Identity', 'DisplayName']);
  const t = found ? text(found.value) : '';
  return t === '' ? undefined : t;
}

/** Words an outcome as a result: the why with its notes, the fix only where something deviates. */
function toResult(
  spec: CmdletSpec,
  rule: { id: string; ref?: string; auth: RuleAuth; why: string },
  outcome: Outcome,
  context: CheckContext,
  shown: { field: string; actual?: string; object?: string; fix: () => string | undefined },
): CheckResult {
  const sentences = [rule.why];
  if (outcome.note) sentences.push(outcome.note);
  let status = outcome.status;
  const other = otherAuthNote(rule.auth, context.authType);
  if (other && status === 'fail') {
    status = 'warn';
    sentences.push(other);
  }
  if (status === 'skip' && outcome.needs) sentences.push(`To check it I need ${NEEDED_SENTENCE[outcome.needs]}.`);
  const fix = status === 'fail' || status === 'warn' ? (outcome.fix ?? shown.fix()) : undefined;
  return {
    checkId: rule.id,
    ...(rule.ref ? { ref: rule.ref } : {}),
    cmdlet: spec.cmdlet,
    ...(shown.object !== undefined ? { object: shown.object } : {}),
    field: shown.field,
    status,
    ...(shown.actual !== undefined ? { actual: shown.actual } : {}),
    expected: outcome.expected,
    why: sentences.join(' '),
    ...(fix ? { fix } : {}),
    auth: rule.auth,
    ...(status === 'skip' && outcome.needs ? { needs: outcome.needs } : {}),
  };
}

function fieldResult(spec: CmdletSpec, rule: FieldRule, env: RuleEnv, label: string | undefined): CheckResult | undefined {
  const found = firstField(env.object, [rule.field, ...(rule.aliases ?? [])]);
  if (!found) return undefined; // the admin did not select this property: nothing to say about it
  let outcome: Outcome;
  if (rule.variants && env.variant === undefined) {
    const q = spec.variantQuestion;
    if (!q) return undefined;
    outcome = { status: 'skip', expected: `depends on ${q.what}`, needs: q.needs };
  } else if (rule.variants && !rule.variants.includes(env.variant as string)) {
    return undefined;
  } else {
    outcome = rule.check(found.value, env);
  }
  return toResult(spec, rule, outcome, env.context, {
    field: found.name,
    actual: outcome.actual ?? text(found.value),
    ...(label !== undefined ? { object: label } : {}),
    fix: () => (typeof rule.fix === 'function' ? rule.fix(env) : rule.fix),
  });
}

function sideOfVariant(spec: CmdletSpec, variant: string | undefined): Side | undefined {
  if (variant === 'exo' || variant === 'ems') return variant;
  return variant === undefined ? undefined : spec.variantSide?.[variant];
}

export function runSpec(spec: CmdletSpec, input: RunInput): ConfigReport {
  const { objects, context, now } = input;
  const side = input.side ?? (spec.sides.length === 1 ? spec.sides[0] : undefined);
  const several = objects.length > 1;
  const labelOf = (o: PsObject) => (spec.label ?? defaultLabel)(o);

  const classified = objects.map((object) => ({ object, variant: spec.variantOf?.(object, { context, side, objects }) }));
  let kept = classified;
  const notChecked: NotChecked[] = [];
  if (spec.relevant) {
    const isRelevant = (c: (typeof classified)[number]) => spec.relevant?.(c.object, { context, side, variant: c.variant }) ?? true;
    // With several objects the irrelevant ones (a partner organization's relationship) are set aside; with
    // one, or when none looks right, everything is checked so that a wrong value is still reported.
    const relevant = classified.filter(isRelevant);
    if (spec.strictRelevance || (several && relevant.length > 0)) {
      kept = relevant;
      if (spec.irrelevantReason) {
        for (const c of classified) if (!isRelevant(c)) notChecked.push({ object: labelOf(c.object) ?? '(unnamed)', reason: spec.irrelevantReason });
      }
    }
  }

  const results: CheckResult[] = [];
  for (const { object, variant } of kept) {
    const objectSide = side ?? sideOfVariant(spec, variant);
    const env: RuleEnv = { context, now, object, objects, variant, side: objectSide, truncated: input.truncated };
    const label = several ? labelOf(object) : undefined;
    const asked = new Set<string>();
    for (const rule of spec.rules) {
      const r = fieldResult(spec, rule, env, label);
      if (!r) continue;
      // With the variant unknown, the on-premises and the cloud rule for one field ask the same question once.
      if (r.status === 'skip' && r.needs === spec.variantQuestion?.needs && rule.variants) {
        if (asked.has(r.field)) continue;
        asked.add(r.field);
      }
      results.push(r);
    }
  }

  const collectionEnv: CollectionEnv = { context, now, objects: kept.map((k) => k.object), all: objects, side, truncated: input.truncated, text: input.text, errors: input.errors };
  for (const rule of spec.collectionRules ?? []) {
    const outcome = rule.check(collectionEnv);
    if (!outcome) continue;
    results.push(
      toResult(spec, rule, outcome, context, {
        field: rule.field,
        ...(outcome.actual !== undefined ? { actual: outcome.actual } : {}),
        ...(outcome.object !== undefined ? { object: outcome.object } : {}),
        fix: () => rule.fix,
      }),
    );
  }

  const sides = new Set(kept.map((k) => sideOfVariant(spec, k.variant)));
  const only = sides.size === 1 ? [...sides][0] : undefined;
  const reportSide = side ?? only;
  return { cmdlet: spec.cmdlet, ...(reportSide ? { side: reportSide } : {}), results, ...(notChecked.length > 0 ? { notChecked } : {}) };
}

/** The object's name quoted for a command, or the variable the bot fills in. */
export function identityOr(env: RuleEnv, variable: string): string {
  const name = defaultLabel(env.object);
  return name !== undefined && !/["`$]/.test(name) ? `"${name}"` : `"${variable}"`;
}
