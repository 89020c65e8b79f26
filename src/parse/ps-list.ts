/**
 * Format-List output: "Name : Value" lines, one object per block. Blocks end at a blank line,
 * except that a value may itself hold blank lines (a certificate in Get-FederationTrust, a
 * long Detail in Test-OAuthConnectivity): those continue while the next line is indented
 * past the names, and the object goes on after them. A name seen twice starts a new object,
 * because chat clients drop the blank lines between objects.
 */
import { indentOf, isBlank, isDashRow, matchAlignedProperty, propertyLine, type Line, type PropertyLine } from './ps-lines.js';
import { tableAt } from './ps-table.js';
import { readValue, setField } from './ps-values.js';
import type { PsObject } from './types.js';

export interface ListOptions {
  /** property names the caller expects; they make a flattened one-line list splittable */
  knownFields?: readonly string[];
  /** the segment has at most one property line, so a single "Word : " inside it is a boundary */
  flattenedLikely: boolean;
}

export interface ListResult {
  objects: PsObject[];
  /** index of the first line not read */
  end: number;
  truncated: boolean;
  /** prose in front of a flattened list on its first line */
  prefix?: string;
}

interface Piece {
  text: string;
  /** width of the physical line, to tell a console wrap from a real line break */
  width: number;
}

interface Field {
  name: string;
  pieces: Piece[];
}

interface Pair {
  name: string;
  value: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Without known names, a boundary is a capitalised word with a lower-case letter: "IssuerIdentifier : ". */
const GUESSED_BOUNDARY = /(?:^|\s)([A-Z][A-Za-z0-9_]{0,63}) +:(?= |$)/g;

let lastKnown: { names: readonly string[]; re: RegExp } | undefined;

/** One pattern per list of names: a paste asks for it on every property line. */
function boundaryPattern(known: readonly string[] | undefined): RegExp {
  if (!known || known.length === 0) return GUESSED_BOUNDARY;
  if (lastKnown?.names !== known) lastKnown = { names: known, re: new RegExp(`(?:^|\\s)(${known.map(escapeRegex).join('|')}) +:(?= |$)`, 'gi') };
  return lastKnown.re;
}

/**
 * Cut "WindowsAzureACS IssuerIdentifier : 0000… Enabled : True" into the head value and the
 * pairs after it. Guessed names must contain a lower-case letter so "URL : x" inside an error
 * string is not taken for a property.
 */
export function splitPairs(text: string, known: readonly string[] | undefined): { head: string; pairs: Pair[] } {
  // most values hold no " :" at all; they need no regex
  if (!text.includes(' :')) return { head: text.trim(), pairs: [] };
  const guessed = !known || known.length === 0;
  const cuts: Array<{ at: number; after: number; name: string }> = [];
  for (const m of text.matchAll(boundaryPattern(known))) {
    const name = m[1] ?? '';
    if (guessed && !/[a-z]/.test(name)) continue;
    cuts.push({ at: m.index + m[0].indexOf(name), after: m.index + m[0].length, name });
  }
  const head = text.slice(0, cuts[0]?.at ?? text.length).trim();
  const pairs = cuts.map((c, k) => ({ name: c.name, value: text.slice(c.after, cuts[k + 1]?.at ?? text.length).trim() }));
  return { head, pairs };
}

/** How many pairs make a line count as flattened: one is enough with known names or a one-line list. */
function enoughPairs(count: number, options: ListOptions): boolean {
  const known = (options.knownFields?.length ?? 0) > 0;
  return count >= 2 || (count === 1 && (known || options.flattenedLikely));
}

/**
 * A line that is not a property line but carries a flattened list after something else. When
 * that something is a pasted command, two pairs are enough; after prose it takes three guessed
 * names, since a sentence may well say "the Status : Error and the Result : Failed".
 */
export function flattenedAfterProse(text: string, options: ListOptions, afterCommand: boolean): boolean {
  const { pairs } = splitPairs(text, options.knownFields);
  const known = (options.knownFields?.length ?? 0) > 0;
  return pairs.length >= (afterCommand || known ? 2 : 3);
}

/**
 * A wrapped value comes back together. Lists rejoin with a space after a comma (the wrap fell
 * on a space) and without one elsewhere. Text keeps its line breaks, except where a full-width
 * line without spaces was cut by the console (a URL, a base64 certificate).
 */
function joinPieces(pieces: Piece[]): string {
  const first = pieces[0] ?? { text: '', width: 0 };
  // parts and join, not +=: asking a growing string what it ends with flattens it every time
  const parts = [first.text];
  let previous = first;
  const isList = first.text.startsWith('{');
  for (const p of pieces.slice(1)) {
    if (isList) {
      if (p.text === '') continue;
      parts.push(previous.text.endsWith(',') ? ' ' : '', p.text);
    } else if (parts.length === 1 && parts[0] === '') parts[0] = p.text;
    else if (p.text === '') parts.push('\n');
    else {
      const cutByConsole = previous.width >= 60 && !/\s/.test(previous.text) && !/\s/.test(p.text);
      parts.push(cutByConsole ? '' : '\n', p.text);
    }
    previous = p;
  }
  return parts.join('');
}

class ObjectBuilder {
  readonly objects: PsObject[] = [];
  truncated = false;
  private fields: Field[] = [];
  private seen = new Set<string>();

  get current(): Field | undefined {
    return this.fields[this.fields.length - 1];
  }

  add(name: string, value: string, width: number): void {
    if (this.seen.has(name.toLowerCase())) this.flush();
    this.seen.add(name.toLowerCase());
    this.fields.push({ name, pieces: [{ text: value.trim(), width }] });
  }

  flush(): void {
    if (this.fields.length === 0) return;
    const obj: PsObject = {};
    for (const f of this.fields) {
      const read = readValue(joinPieces(f.pieces), f.name);
      setField(obj, f.name, read.value);
      this.truncated ||= read.truncated;
    }
    this.objects.push(obj);
    this.fields = [];
    this.seen = new Set();
  }
}

interface Layout {
  /** indentation of the property names; deeper lines continue a value */
  base?: number;
  /** column of the aligned colons, for names with spaces */
  colon?: number;
  /** false while the colon column comes from the first line, whose indentation is lost */
  colonKnown?: boolean;
  /** where the first value started, for deciding before `base` is known */
  valueColumn?: number;
}

/**
 * A property line that belongs to this block. The first pasted line lost its indentation to
 * cleanPaste, so until a line with real indentation sets `base`, only lines left of the first
 * value column can be properties.
 */
function propertyOf(line: Line, layout: Layout): PropertyLine | undefined {
  const indent = indentOf(line.text);
  if (line.indentKnown) {
    if (layout.base !== undefined && indent > layout.base) return undefined;
    if (layout.base === undefined && layout.valueColumn !== undefined && indent >= layout.valueColumn) return undefined;
  }
  const strict = propertyLine(line);
  if (strict) return strict;
  return layout.colon === undefined ? undefined : matchAlignedProperty(line.text, layout.colon);
}

function addProperty(builder: ObjectBuilder, prop: PropertyLine, width: number, options: ListOptions): void {
  const { head, pairs } = splitPairs(prop.value, options.knownFields);
  if (!enoughPairs(pairs.length, options)) {
    builder.add(prop.name, prop.value, width);
    return;
  }
  builder.add(prop.name, head, 0);
  for (const p of pairs) builder.add(p.name, p.value, 0);
}

/** Read Format-List objects from `seg[start]` on. */
export function parseList(seg: Line[], start: number, options: ListOptions): ListResult {
  const builder = new ObjectBuilder();
  const layout: Layout = {};
  let prefix: string | undefined;
  let pendingBlank = false;
  let i = start;
  const first = seg[start];
  if (first && !propertyLine(first)) {
    const { head, pairs } = splitPairs(first.text, options.knownFields);
    prefix = head;
    for (const p of pairs) builder.add(p.name, p.value, 0);
    i++;
  }
  for (; i < seg.length; i++) {
    const line = seg[i] as Line;
    if (isBlank(line.text)) {
      pendingBlank = true;
      continue;
    }
    const deeper = line.indentKnown && indentOf(line.text) > (layout.base ?? 0);
    // a table starts here, unless the dashes are indented inside a long value
    if (!deeper && (isDashRow(line.text) || tableAt(seg, i))) break;
    const prop = propertyOf(line, layout);
    if (prop) {
      if (line.indentKnown) layout.base ??= prop.indent;
      // the first line's colon column is only a guess (its indentation is gone) until a later line confirms one
      if (layout.colon === undefined || (line.indentKnown && !layout.colonKnown)) {
        layout.colon = prop.colon;
        layout.colonKnown = line.indentKnown;
      }
      layout.valueColumn ??= prop.colon + 2;
      // A blank line ends the object, unless it came out of a multi-line value (a certificate
      // prints blank lines and one after itself); a repeated name still starts a new object.
      if (pendingBlank && (builder.current?.pieces.length ?? 0) <= 1) builder.flush();
      pendingBlank = false;
      addProperty(builder, prop, line.text.length, options);
      continue;
    }
    const current = builder.current;
    if (!current || (pendingBlank && !deeper)) break;
    if (pendingBlank) current.pieces.push({ text: '', width: 0 });
    current.pieces.push({ text: line.text.trim(), width: line.text.length });
    pendingBlank = false;
  }
  builder.flush();
  const result: ListResult = { objects: builder.objects, end: i, truncated: builder.truncated };
  if (prefix) result.prefix = prefix;
  return result;
}
