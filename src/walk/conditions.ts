/**
 * Evaluates the branch conditions of knowledge procedures against what the admin pasted,
 * the error they reported, and the values remembered so far. Comparisons ignore case and
 * surrounding space, as PowerShell does; {{variables}} in a condition take remembered values.
 */
import type { Condition } from '../knowledge/schema.js';
import type { ParsedOutput, PsObject, PsValue } from '../parse/types.js';
import { fieldOf } from '../parse/powershell-output.js';
import { parseDate } from '../parse/dates.js';

export interface ConditionContext {
  output?: ParsedOutput;
  /** the error text the admin reported at the start */
  reported: string;
  vars: Readonly<Record<string, string>>;
}

export interface Verdict {
  holds: boolean;
  /** the value that made a field condition hold, for {{value}} in findings */
  value?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Replace {{name}} with remembered values; a missing value stays visible as <name>. */
export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => vars[name] ?? `<${name}>`);
}

/** The variables a text needs. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Every variable a condition reads, so the walk can ask for them before the step. */
export function conditionVariables(c: Condition): string[] {
  const out: string[] = [];
  if (c.variable) out.push(c.variable);
  for (const v of [c.contains, c.lacks, c.matches, ...(Array.isArray(c.equals) ? c.equals : [c.equals]), ...(Array.isArray(c.notEquals) ? c.notEquals : [c.notEquals])]) {
    if (v) out.push(...placeholders(v));
  }
  for (const sub of [...(c.allOf ?? []), ...(c.anyOf ?? []), ...(c.not ? [c.not] : []), ...(c.where ? [c.where] : [])]) out.push(...conditionVariables(sub));
  return [...new Set(out)];
}

const norm = (s: string) => s.trim().toLowerCase();


function isEmpty(v: PsValue | undefined): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : v.trim() === '');
}

function show(v: PsValue | undefined): string {
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/** Times (07:30:00), numbers and dates compare as such; anything else does not compare. */
function comparable(s: string): number | undefined {
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (t) return Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3] ?? 0);
  if (/^-?\d+(\.\d+)?$/.test(s.trim())) return Number(s);
  return parseDate(s)?.date.getTime();
}

function regex(source: string): RegExp {
  return new RegExp(source, 'i');
}

/** Whether one value passes the operator of a field or variable condition. */
function passes(c: Condition, v: PsValue | undefined, obj: PsObject | undefined, vars: Readonly<Record<string, string>>): boolean {
  const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  const any = (pred: (s: string) => boolean) => items.some(pred);
  if (c.empty !== undefined) return isEmpty(v) === c.empty;
  if (c.equals !== undefined) {
    const wanted = (Array.isArray(c.equals) ? c.equals : [c.equals]).map((w) => norm(fill(w, vars)));
    return any((s) => wanted.includes(norm(s)));
  }
  if (c.notEquals !== undefined) {
    const unwanted = (Array.isArray(c.notEquals) ? c.notEquals : [c.notEquals]).map((w) => norm(fill(w, vars)));
    return items.length > 0 && !any((s) => unwanted.includes(norm(s)));
  }
  if (c.contains !== undefined) {
    const needle = norm(fill(c.contains, vars));
    return any((s) => norm(s).includes(needle));
  }
  if (c.lacks !== undefined) {
    const needle = norm(fill(c.lacks, vars));
    return !any((s) => norm(s).includes(needle));
  }
  if (c.matches !== undefined) {
    const re = regex(fill(c.matches, vars));
    return any((s) => re.test(s));
  }
  if (c.greaterThanField !== undefined) {
    const other = obj ? fieldOf(obj, c.greaterThanField) : undefined;
    const a = comparable(show(v));
    const b = comparable(show(other));
    return a !== undefined && b !== undefined && a > b;
  }
  if (c.datePast) {
    // A day/month-ambiguous date counts as past only if both readings are past.
    const d = parseDate(show(v));
    return !!d && d.date.getTime() < Date.now() && (!d.alternative || d.alternative.getTime() < Date.now());
  }
  return false;
}

function objectsOf(out: ParsedOutput | undefined): PsObject[] {
  return out?.objects ?? [];
}

export function evaluate(c: Condition, ctx: ConditionContext): Verdict {
  if (c.always) return { holds: true };
  if (c.allOf) {
    let value: string | undefined;
    for (const sub of c.allOf) {
      const v = evaluate(sub, ctx);
      if (!v.holds) return { holds: false };
      value ??= v.value;
    }
    return { holds: true, value };
  }
  if (c.anyOf) {
    for (const sub of c.anyOf) {
      const v = evaluate(sub, ctx);
      if (v.holds) return v;
    }
    return { holds: false };
  }
  if (c.not) return { holds: !evaluate(c.not, ctx).holds };
  const text = ctx.output?.text ?? '';
  if (c.outputContains !== undefined) return { holds: norm(text).includes(norm(fill(c.outputContains, ctx.vars))) };
  if (c.outputMatches !== undefined) return { holds: regex(fill(c.outputMatches, ctx.vars)).test(text) };
  if (c.reportedContains !== undefined) return { holds: norm(ctx.reported).includes(norm(fill(c.reportedContains, ctx.vars))) };
  if (c.noObjects) return { holds: objectsOf(ctx.output).length === 0 && (ctx.output?.values.length ?? 0) === 0 };
  if (c.errorRecord) return { holds: (ctx.output?.errors.length ?? 0) > 0 };
  if (c.variable !== undefined) {
    const v = ctx.vars[c.variable];
    return { holds: passes(c, v, undefined, ctx.vars), value: v };
  }
  if (c.field !== undefined) {
    const field = c.field;
    const candidates = objectsOf(ctx.output).filter((o) => !c.where || evaluate(c.where, { ...ctx, output: { ...(ctx.output as ParsedOutput), objects: [o] } }).holds);
    const hits = candidates.filter((o) => passes(c, fieldOf(o, field), o, ctx.vars));
    const quantifier = c.quantifier ?? 'any';
    if (quantifier === 'none') return { holds: candidates.length > 0 ? hits.length === 0 : true };
    if (quantifier === 'all') return { holds: candidates.length > 0 && hits.length === candidates.length, value: show(fieldOf(hits[0] ?? {}, field)) };
    const first = hits[0];
    return first ? { holds: true, value: show(fieldOf(first, field)) } : { holds: false };
  }
  return { holds: false };
}

/** The value a capture reads: the field of the first object that satisfies its `where`. */
export function capture(field: string, where: Condition | undefined, ctx: ConditionContext): string | undefined {
  for (const o of objectsOf(ctx.output)) {
    if (where && !evaluate(where, { ...ctx, output: { ...(ctx.output as ParsedOutput), objects: [o] } }).holds) continue;
    const v = fieldOf(o, field);
    if (!isEmpty(v)) return show(v);
  }
  if (ctx.output?.shape === 'values' && ctx.output.values.length === 1 && !where) return ctx.output.values[0];
  return undefined;
}
