/**
 * Building blocks for rule checks. Each takes the pasted value and returns an Outcome whose
 * `expected` text is what the admin should see next to the actual value.
 */
import type { PsValue } from '../parse/types.js';
import { NEEDED_LABEL } from './needed.js';
import type { Needed, Outcome, RuleEnv, Status } from './types.js';
import { asBool, formatDay, isBlank, isCut, isOnMicrosoftDomain, items, listHasDomain, normDomain, parseDate, sameText, sameUrl, text } from './values.js';

export const pass = (expected: string, note?: string): Outcome => ({ status: 'pass', expected, ...(note ? { note } : {}) });
export const fail = (expected: string, note?: string): Outcome => ({ status: 'fail', expected, ...(note ? { note } : {}) });
export const warn = (expected: string, note?: string): Outcome => ({ status: 'warn', expected, ...(note ? { note } : {}) });
export const skip = (expected: string, needs: Needed): Outcome => ({ status: 'skip', expected, needs });

/** A deviation that may be deliberate: reported, but not as an error. */
export function softly(o: Outcome): Outcome {
  return o.status === 'fail' ? { ...o, status: 'warn' } : o;
}

export function isTrue(v: PsValue): Outcome {
  return asBool(v) === true ? pass('True') : fail('True');
}

export function isBlankValue(v: PsValue): Outcome {
  return isBlank(v) ? pass('blank') : fail('blank');
}

export function isNotBlank(v: PsValue, what = 'a value'): Outcome {
  return isBlank(v) ? fail(what) : pass(what);
}

export function textIs(v: PsValue, ...wanted: string[]): Outcome {
  const expected = wanted.join(' or ');
  return wanted.some((w) => sameText(text(v), w)) ? pass(expected) : fail(expected);
}

export function urlIs(v: PsValue, ...wanted: string[]): Outcome {
  const expected = wanted.join(' or ');
  return wanted.some((w) => sameUrl(text(v), w)) ? pass(expected) : fail(expected);
}

/** blank, or one of the URLs */
export function blankOrUrl(v: PsValue, ...wanted: string[]): Outcome {
  const expected = ['blank', ...wanted].join(' or ');
  return isBlank(v) || wanted.some((w) => sameUrl(text(v), w)) ? pass(expected) : fail(expected);
}

/**
 * A multi-valued property that must list a domain from the context. When the list was cut off
 * ("...") a missing domain may only be hidden, so that is a warning asking for the full list.
 */
export function listsDomain(v: PsValue, domain: string | undefined, needs: Needed, env: RuleEnv): Outcome {
  if (domain === undefined) {
    const expected = `contains your ${NEEDED_LABEL[needs]}`;
    // Without the admin's domain a list can still be plainly wrong: no tenant domain where one
    // is needed, or only tenant domains where an on-premises one is needed.
    const list = items(v);
    const plausible = list.some(isCut) || (needs === 'onPremDomain' ? list.some((d) => !isOnMicrosoftDomain(d)) : list.some(isOnMicrosoftDomain));
    return plausible ? skip(expected, needs) : fail(expected);
  }
  const expected = `contains ${normDomain(domain)}`;
  if (listHasDomain(v, domain)) return pass(expected);
  if (env.truncated || items(v).some(isCut)) {
    return warn(expected, 'The list was cut off in the output, so the domain may only be hidden: run the command again with "| Select-Object -ExpandProperty <property>" to see all of it.');
  }
  return fail(expected);
}

/** A list that must contain a literal item (TokenIssuerUris, authentication methods). */
export function listsItem(v: PsValue, wanted: string, env: RuleEnv): Outcome {
  const expected = `contains ${wanted}`;
  if (items(v).some((i) => sameText(i, wanted))) return pass(expected);
  if (env.truncated || items(v).some(isCut)) return warn(expected, 'The list was cut off in the output; widen it to be sure.');
  return fail(expected);
}

const DAY = 24 * 3600 * 1000;

function expiryStatus(date: Date, now: Date, warnDays: number): Status {
  if (date.getTime() <= now.getTime()) return 'fail';
  return date.getTime() - now.getTime() < warnDays * DAY ? 'warn' : 'pass';
}

/**
 * A certificate's end date must lie ahead. Within `warnDays` it is a warning: renewing an
 * OAuth or federation certificate takes days to reach Exchange Online.
 */
export function notExpired(v: PsValue, env: RuleEnv, warnDays = 30): Outcome {
  const o = expiryOutcome(v, env, warnDays);
  const raw = notAfterText(text(v));
  return raw !== undefined && raw !== text(v) ? { ...o, actual: raw } : o;
}

function expiryOutcome(v: PsValue, env: RuleEnv, warnDays: number): Outcome {
  const expected = `a date after ${formatDay(env.now)}`;
  const raw = notAfterText(text(v));
  const parsed = raw === undefined ? undefined : parseDate(raw);
  if (!parsed) return warn(expected, 'The date could not be read; check it by hand.');
  const status = expiryStatus(parsed.date, env.now, warnDays);
  if (parsed.alternative && expiryStatus(parsed.alternative, env.now, warnDays) !== status) {
    return warn(expected, `The date can be read as ${formatDay(parsed.date)} or ${formatDay(parsed.alternative)}; check which one your regional format means.`);
  }
  if (status === 'fail') return fail(expected, `It ended on ${formatDay(parsed.date)}.`);
  if (status === 'warn') return warn(expected, `It ends on ${formatDay(parsed.date)}, in less than ${warnDays} days.`);
  return pass(expected);
}

/** A certificate printed whole by Format-List has its end date after "[Not After]". */
function notAfterText(t: string): string | undefined {
  if (t === '') return undefined;
  const m = /\[Not After\]\s*([^[]+)/i.exec(t);
  return (m?.[1] ?? t).trim();
}
