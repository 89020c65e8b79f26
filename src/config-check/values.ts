/**
 * Reading PowerShell values the way Exchange compares them: property names and values ignore
 * case, URLs ignore a trailing slash, multi-valued properties may arrive as a list, as "{a, b}"
 * text, or cut off with "...".
 */
import type { PsObject, PsValue } from '../parse/types.js';

/** A property by name, ignoring case; undefined when the output does not have it at all. */
export { fieldOf } from '../parse/powershell-output.js';
import { fieldOf } from '../parse/powershell-output.js';

/** The first of several names the object has, with the name it was found under. */
export function firstField(obj: PsObject, names: readonly string[]): { name: string; value: PsValue } | undefined {
  for (const name of names) {
    const value = fieldOf(obj, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** A single text value; a list joins with ", " as PowerShell prints it. */
export function text(v: PsValue | undefined): string {
  if (v === undefined || v === null) return '';
  return Array.isArray(v) ? v.join(', ') : v.trim();
}

/** The items of a multi-valued property. A "{a, b}" string (a parser that did not split it) is split here. */
export function items(v: PsValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((s) => s.trim()).filter((s) => s !== '');
  const t = v.trim();
  const braced = /^\{(.*)\}$/s.exec(t);
  if (braced) return (braced[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return t === '' ? [] : [t];
}

export function isBlank(v: PsValue | undefined): boolean {
  return items(v).length === 0;
}

export const lower = (s: string) => s.trim().toLowerCase();

export function sameText(a: string, b: string): boolean {
  return lower(a) === lower(b);
}

/** PowerShell prints booleans as True/False; pasted commands sometimes carry $true. */
export function asBool(v: PsValue | undefined): boolean | undefined {
  const t = lower(text(v)).replace(/^\$/, '');
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}

/** A value cut by Format-List or Format-Table ("contoso.mail.onmicro..."). */
export function isCut(s: string): boolean {
  return /(\.\.\.|…)$/.test(s.trim());
}

/** URL for comparison: case and trailing slashes do not matter to Exchange. */
export function normUrl(u: string): string {
  return lower(u).replace(/\/+$/, '');
}

export function sameUrl(a: string, b: string): boolean {
  return normUrl(a) === normUrl(b);
}

export function hostOf(u: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(u.trim());
  return m?.[1]?.toLowerCase();
}

/** Domain for comparison; also accepts the "contoso.com:Accepted" items of -IncludeExtendedDomainInfo. */
export function normDomain(d: string): string {
  return lower(d).replace(/:.*$/, '').replace(/\.$/, '');
}

export function listHasDomain(v: PsValue | undefined, domain: string): boolean {
  const want = normDomain(domain);
  return items(v).some((i) => normDomain(i) === want);
}

export function isGuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s.trim());
}

export function isOnMicrosoftDomain(d: string): boolean {
  return /\.onmicrosoft\.(com|us|de|cn)$/i.test(normDomain(d));
}

/** The hybrid Agent's published endpoint: https://<guid>.resource.mailboxmigration.his.msappproxy.net/... */
export function isHybridAgentUrl(u: string): boolean {
  return /\.resource\.mailboxmigration\.his\.msappproxy\.net(\/|$)/i.test(u.trim());
}

// ---- dates: one parser for the admin's culture, shared with the walk conditions

export { parseDate, type ParsedDate } from '../parse/dates.js';

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
