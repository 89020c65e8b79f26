/**
 * Single values as PowerShell prints them: in a Format-List line, a table cell, or alone on a
 * line from a property expression. Shared by the list, table and bare-value readers so that
 * `{a, b}`, an empty value and a cut value mean the same thing whichever shape they came in.
 */
import type { PsObject, PsValue } from './types.js';

export interface ReadValue {
  value: PsValue;
  /** the value ended in "..." (Windows PowerShell) or "…" (PowerShell 7): more was not shown */
  truncated: boolean;
}

const ELLIPSIS = /(?:\.\.\.|\u2026)$/;

/** Exchange prints certificate services as flag letters padded with dots ("....S..", "......."). */
const SERVICE_FLAGS = /^[A-Z.]+$/;

function endsCut(text: string, name: string): boolean {
  if (!ELLIPSIS.test(text)) return false;
  return !(/services/i.test(name) && SERVICE_FLAGS.test(text));
}

/**
 * `{...}` is an enumeration, but a JSON body (Invoke-WebRequest Content) also starts with a
 * brace; its quotes give it away.
 */
function isList(text: string): boolean {
  if (!text.startsWith('{') || /^\{\s*["']/.test(text)) return false;
  return text.endsWith('}') || ELLIPSIS.test(text);
}

/**
 * Items split at top-level commas only: Invoke-WebRequest prints headers as
 * `{[request-id, 6b0f…], [X-BEServer, EX01]}`, whose pairs hold commas of their own.
 */
function splitItems(inner: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '[' || c === '(' || c === '{') depth++;
    else if ((c === ']' || c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      items.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  items.push(inner.slice(from));
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * A list keeps the items it shows. `{a, b, c...}` is PowerShell's $FormatEnumerationLimit at
 * work: c is whole and more items exist, so the marker goes and `truncated` says so. A list
 * without its closing brace was cut by a table column.
 */
function readList(text: string): ReadValue {
  const closed = text.endsWith('}');
  let inner = text.slice(1, closed ? -1 : undefined).trim();
  const cut = !closed || ELLIPSIS.test(inner);
  inner = inner.replace(ELLIPSIS, '');
  return { value: splitItems(inner), truncated: cut };
}

/** Plain assignment, except that a property named __proto__ must stay a property and not become the prototype. */
export function setField(obj: PsObject, name: string, value: PsValue): void {
  if (name === '__proto__') Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
  else obj[name] = value;
}

/** Text as printed to a value: nothing is null, `{a, b}` a list, anything else the text itself. */
export function readValue(text: string, name = ''): ReadValue {
  const t = text.trim();
  if (t === '') return { value: null, truncated: false };
  if (isList(t)) return readList(t);
  return { value: t, truncated: endsCut(t, name) };
}

const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;
const GUID = /^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$/;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const FQDN = /^(?:[A-Za-z0-9_-]+\.)+[A-Za-z0-9_-]+\.?$/;
const ADDRESS = /^(?:[A-Za-z0-9]+:)?[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** contoso.local/Users/Exchange Online-ApplicationAccount, CONTOSO\admin; "and/or this fails" is not one */
const AD_PATH = /^(?:[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+(?:\/[^/\\]+)+|[A-Z0-9_-]+\\[^\s\\]+)$/;
const SCALAR = /^(?:True|False|-?\d+(?:[.,]\d+)*|\d{1,2}:\d{2}(?::\d{2})?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?: \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?)?)$/i;
const URN = /^urn:[\w.-]+:\S+$/i;

/** Lines that can only be a value, never a sentence: thumbprints, GUIDs, URLs, domains, addresses, paths. */
export function isDistinctValue(line: string): boolean {
  const t = line.trim();
  if (t.length === 0 || t.length > 300) return false;
  if ([THUMBPRINT, GUID, URL, FQDN, ADDRESS, URN, SCALAR].some((re) => re.test(t))) return true;
  return AD_PATH.test(t) && (t.match(/\s/g) ?? []).length <= 3 && !/[.:;!?]$/.test(t);
}

/**
 * Short text that is not obviously a sentence: acceptable as a value when the command says a
 * property expression printed it ("Default", "Pacific Standard Time").
 */
export function isPlainValue(line: string): boolean {
  const t = line.trim();
  if (t.length === 0 || t.length > 200) return false;
  if (isDistinctValue(t)) return true;
  return t.split(/\s+/).length <= 4 && !/[.:;!?,]$/.test(t) && !/^at\s/i.test(t);
}
