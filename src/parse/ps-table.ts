/**
 * Format-Table output: a header, a dash row, data rows. The dash row gives each column's start,
 * so values with spaces ("Exchange Online-ApplicationAccount", "Mailbox Search") are cut where
 * PowerShell put them. When a chat client collapsed the padding, a row no longer lines up with
 * the dashes and its words are dealt to the columns left to right instead (best effort: only
 * the last column can then hold spaces).
 */
import { dashGroups, indentOf, isBlank, isDashRow, propertyLine, type Line } from './ps-lines.js';
import { isPlainValue, readValue, setField } from './ps-values.js';
import type { PsObject } from './types.js';

export interface TableResult {
  objects: PsObject[];
  end: number;
  truncated: boolean;
  /** prose in front of a table flattened onto one line */
  prefix?: string;
}

export interface Header {
  names: string[];
  starts: number[];
  /** index of the dash row */
  dashes: number;
  /** header, blank, dashes: a column pasted one cell per code block, as in seed 002 */
  spaced: boolean;
}

const HEADER_NAME = /^[\w.-]+(?: [\w.-]+)*(?:\.\.\.|\u2026)?$/;

function cut(text: string, starts: number[]): string[] {
  return starts.map((s, k) => text.slice(s, starts[k + 1] ?? text.length).trim());
}

/** Every column boundary falls on the separating space: the row still has its padding. */
function lined(text: string, starts: number[]): boolean {
  return starts.every((s, k) => k === 0 || text.length <= s || text[s - 1] === ' ');
}

/** Words, with a `{a, b}` enumeration kept as one. */
function tokens(text: string): string[] {
  return text.match(/\{[^}]*\}?|\S+/g) ?? [];
}

function dealt(text: string, n: number): string[] {
  const wide = text.trim().split(/ {2,}/);
  if (wide.length === n) return wide;
  const words = tokens(text);
  if (words.length <= n) return [...words, ...Array<string>(n - words.length).fill('')];
  return [...words.slice(0, n - 1), words.slice(n - 1).join(' ')];
}

function namesOf(headerText: string, starts: number[]): string[] {
  const words = headerText.trim().split(/\s+/);
  // the header words are the column names whenever there is one per column, aligned or not
  if (words.length === starts.length) return words;
  return cut(headerText, starts);
}

/** The table whose header is at `i`, if there is one. */
export function tableAt(seg: Line[], i: number): Header | undefined {
  const header = seg[i];
  if (!header || isBlank(header.text) || isDashRow(header.text)) return undefined;
  const spaced = isBlank(seg[i + 1]?.text ?? 'x') && isDashRow(seg[i + 2]?.text ?? '');
  const dashes = spaced ? i + 2 : i + 1;
  const dashText = seg[dashes]?.text ?? '';
  if (!isDashRow(dashText)) return undefined;
  const groups = dashGroups(dashText);
  if (spaced && groups.length !== 1) return undefined;
  // cleanPaste trimmed the first line: give the header back the indentation of its dashes
  const headerText = header.indentKnown ? header.text : ' '.repeat(indentOf(dashText)) + header.text.trimStart();
  const starts = groups.map(([s]) => s);
  const names = namesOf(headerText, starts);
  if (!names.every((n) => n.length > 0 && n.length <= 64 && HEADER_NAME.test(n))) return undefined;
  // a lone word over a short rule is a Markdown heading, not a column
  const only = groups[0];
  if (groups.length === 1 && (!only || /\s/.test(names[0] ?? '') || only[1] - only[0] < (names[0]?.length ?? 0))) return undefined;
  return { names, starts, dashes, spaced };
}

function toObject(names: string[], cells: string[]): { obj: PsObject; truncated: boolean } {
  const obj: PsObject = {};
  let truncated = false;
  names.forEach((name, k) => {
    const read = readValue(cells[k] ?? '', name);
    setField(obj, name, read.value);
    truncated ||= read.truncated || /(?:\.\.\.|\u2026)$/.test(name);
  });
  return { obj, truncated };
}

function isSentence(text: string): boolean {
  return /[.!?:]$/.test(text) && text.split(/\s+/).length >= 4;
}

/** In a one-cell-per-block column, rows are separated by single blank lines and hold one short value. */
function spacedRowFollows(seg: Line[], j: number): boolean {
  const next = seg[j + 1]?.text ?? '';
  return !isBlank(next) && isPlainValue(next) && !isDashRow(seg[j + 2]?.text ?? '');
}

/** The rows under `header`, up to a blank line or the next table. */
export function parseTable(seg: Line[], header: Header): TableResult {
  const rows: string[][] = [];
  let j = header.dashes + 1;
  for (; j < seg.length; j++) {
    const text = seg[j]?.text ?? '';
    if (isBlank(text)) {
      if (header.spaced && spacedRowFollows(seg, j)) continue;
      break;
    }
    if (isDashRow(text) || isDashRow(seg[j + 1]?.text ?? '')) break;
    const aligned = lined(text, header.starts);
    // a Format-List line right under the table belongs to the next object, not to a row
    if (!aligned && propertyLine(seg[j] as Line)) break;
    const cells = aligned ? cut(text, header.starts) : dealt(text, header.starts.length);
    const previous = rows[rows.length - 1];
    // -Wrap continues a row on the next line with the first column left empty
    if (aligned && previous && cells[0] === '' && header.starts.length > 1) {
      cells.forEach((c, k) => {
        if (c !== '') previous[k] = previous[k] ? `${previous[k]} ${c}` : c;
      });
      continue;
    }
    rows.push(cells);
  }
  // A heading underlined in Markdown looks like a one-column table; its "rows" are sentences.
  if (header.starts.length === 1 && rows.some(([cell]) => isSentence(cell ?? ''))) return { objects: [], end: j, truncated: false };
  const objects: PsObject[] = [];
  let truncated = false;
  for (const cells of rows) {
    const r = toObject(header.names, cells);
    objects.push(r.obj);
    truncated ||= r.truncated;
  }
  return { objects, end: j, truncated };
}

/**
 * A table flattened onto one line: "Name ApplicationIdentifier ---- --------------------- WindowsLiveId 260563".
 * It is only believed when each dash run is at least as long as its name and the words after
 * the dashes fill whole rows.
 */
export function flattenedTable(text: string): TableResult | undefined {
  if (!text.includes(' --')) return undefined;
  const words = tokens(text);
  const d = words.findIndex((w) => /^-+$/.test(w));
  if (d < 0) return undefined;
  let k = 0;
  while (/^-+$/.test(words[d + k] ?? '')) k++;
  if (k < 2 || d < k) return undefined;
  const names = words.slice(d - k, d);
  const fits = names.every((n, x) => /^[A-Za-z_][\w.-]*$/.test(n) && (words[d + x]?.length ?? 0) >= n.length);
  const cells = words.slice(d + k);
  if (!fits || cells.length === 0 || cells.length % k !== 0) return undefined;
  const objects: PsObject[] = [];
  let truncated = false;
  for (let r = 0; r < cells.length; r += k) {
    const row = toObject(names, cells.slice(r, r + k));
    objects.push(row.obj);
    truncated ||= row.truncated;
  }
  const result: TableResult = { objects, end: 0, truncated };
  const prefix = words.slice(0, d - k).join(' ');
  if (prefix) result.prefix = prefix;
  return result;
}
