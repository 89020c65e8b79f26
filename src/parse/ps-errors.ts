/**
 * Error records in the three ways admins paste them:
 * - Windows PowerShell and the EMS: the message (after "Get-User : " when the error is local),
 *   "At line:1 char:1" with the echoed command, then "    + CategoryInfo : ..." fields;
 * - Exchange Online modules: "Write-ErrorMessage : |Microsoft...Exception|message", whose
 *   CategoryInfo, when pasted, names the real cmdlet;
 * - PowerShell 7: "Get-Mailbox: message", or "Get-Mailbox:" over a "Line |" block.
 * The lines of a record are marked 'error' so the shape readers never see them.
 */
import { isBlank, isCmdletName, isDashRow, propertyLine, type Kind, type Line } from './ps-lines.js';
import type { PsErrorRecord } from './types.js';

const RECORD_FIELD = /^\s*\+\s*([A-Z][A-Za-z]*)\s*:\s?(.*)$/;
const POSITION = /^\s*At (?:line:\d+|\S.*:\d+) char:\d+\s*$/;
/** "+ Get-User ..." and "+ ~~~~" under the position line */
const ECHO = /^\s*\+(?:\s|$)/;
const CMDLET_MESSAGE = /^([A-Za-z]+-[A-Za-z][A-Za-z0-9]*) ?:(?:\s+(.*))?$/;
const EXO_MESSAGE = /^[^|]*\|([\w.`]+)\|(.*)$/;
const PS7_LINE = /^\s*(?:Line\s*|\d+\s*)?\|(.*)$/;
const TILDES = /^\s*~+\s*$/;

interface Found {
  start: number;
  record: PsErrorRecord;
}

function startsMessage(text: string): boolean {
  const m = CMDLET_MESSAGE.exec(text);
  return m !== null && isCmdletName(m[1] ?? '');
}

const lastSegment = (typeName: string) => typeName.split('.').pop() ?? typeName;

/** The message and what its first line tells: the cmdlet prefix, or EXO's exception type. */
function readMessage(texts: string[]): Pick<PsErrorRecord, 'message' | 'cmdlet' | 'exceptionType'> {
  const parts = texts.map((t) => t.trim()).filter((t) => t !== '');
  const out: Pick<PsErrorRecord, 'message' | 'cmdlet' | 'exceptionType'> = { message: '' };
  const m = CMDLET_MESSAGE.exec(parts[0] ?? '');
  if (m && isCmdletName(m[1] ?? '')) {
    const first = m[2] ?? '';
    const exo = /^write-errormessage$/i.test(m[1] ?? '') ? EXO_MESSAGE.exec(first) : null;
    if (exo) {
      out.exceptionType = lastSegment(exo[1] ?? '');
      parts[0] = exo[2] ?? '';
    } else {
      if (!/^write-errormessage$/i.test(m[1] ?? '')) out.cmdlet = m[1];
      parts[0] = first;
    }
  }
  out.message = parts.filter((t) => t !== '').join(' ');
  return out;
}

/** "NotSpecified: (:) [Test-OrganizationRelationship], FormatException" */
function readCategory(info: string): Pick<PsErrorRecord, 'category' | 'cmdlet' | 'exceptionType'> {
  const out: Pick<PsErrorRecord, 'category' | 'cmdlet' | 'exceptionType'> = {};
  const category = /^\s*([A-Za-z]+)\s*:/.exec(info);
  if (category) out.category = category[1];
  const tail = /\[([^[\]]+)\]\s*,\s*([\w.`]+)\s*$/.exec(info);
  if (tail) {
    out.cmdlet = (tail[1] ?? '').trim();
    out.exceptionType = lastSegment(tail[2] ?? '');
  }
  return out;
}

/** A wrapped field continues while a bracket is open or the line broke after a hyphen or comma. */
function unfinished(value: string): boolean {
  return value.lastIndexOf('[') > value.lastIndexOf(']') || value.endsWith('-') || value.endsWith(',');
}

/** A field wraps over a few console lines at most; the cap keeps a hostile paste linear. */
const MAX_WRAPPED = 20;

/**
 * The "+ Name : value" fields from a CategoryInfo line down. The console wraps them at its
 * width, mid-word, so pieces join without a space.
 */
function readFields(lines: Line[], kinds: Kind[], from: number): { fields: Map<string, string>; end: number } {
  const fields = new Map<string, string>();
  let last: string | undefined;
  let wrapped = 0;
  let k = from;
  for (; k < lines.length && kinds[k] === 'data'; k++) {
    const text = lines[k]?.text ?? '';
    if (isBlank(text)) break;
    const m = RECORD_FIELD.exec(text);
    if (m) {
      last = m[1] ?? '';
      wrapped = 0;
      fields.set(last, (m[2] ?? '').trim());
      continue;
    }
    const previous = last === undefined ? undefined : fields.get(last);
    if (last === undefined || previous === undefined || wrapped >= MAX_WRAPPED || !(/^\s/.test(text) || unfinished(previous))) break;
    wrapped++;
    fields.set(last, previous + text.trim());
  }
  return { fields, end: k };
}

/** The lines above a CategoryInfo line that belong to its record, up to a blank line or a cmdlet prefix. */
function recordStart(lines: Line[], kinds: Kind[], at: number): number {
  let start = at;
  for (let j = at - 1; j >= 0 && at - j <= 40; j--) {
    const line = lines[j];
    const text = line?.text ?? '';
    if (!line || kinds[j] !== 'data' || isBlank(text)) break;
    if (!ECHO.test(text) && !POSITION.test(text) && (propertyLine(line) || isDashRow(text))) break;
    start = j;
    if (startsMessage(text)) break;
  }
  return start;
}

/** Message lines are those before "At line:…", minus the echoed command. */
function messageLines(lines: Line[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let j = from; j < to; j++) {
    const text = lines[j]?.text ?? '';
    if (POSITION.test(text)) break;
    if (!ECHO.test(text)) out.push(text);
  }
  return out;
}

function build(message: ReturnType<typeof readMessage>, fields: Map<string, string>): PsErrorRecord {
  const info = fields.get('CategoryInfo');
  const category = info === undefined ? {} : readCategory(info);
  const record: PsErrorRecord = { message: message.message };
  const cmdlet = category.cmdlet ?? message.cmdlet;
  if (cmdlet) record.cmdlet = cmdlet;
  if (category.category) record.category = category.category;
  const exceptionType = category.exceptionType ?? message.exceptionType;
  if (exceptionType) record.exceptionType = exceptionType;
  const id = fields.get('FullyQualifiedErrorId');
  if (id) record.fullyQualifiedErrorId = id;
  return record;
}

function mark(kinds: Kind[], from: number, to: number): void {
  for (let j = from; j < to; j++) kinds[j] = 'error';
}

function withCategoryInfo(lines: Line[], kinds: Kind[]): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    if (kinds[i] !== 'data' || !text.includes('CategoryInfo') || RECORD_FIELD.exec(text)?.[1] !== 'CategoryInfo') continue;
    const start = recordStart(lines, kinds, i);
    const { fields, end } = readFields(lines, kinds, i);
    found.push({ start, record: build(readMessage(messageLines(lines, start, i)), fields) });
    mark(kinds, start, end);
    i = end - 1;
  }
  return found;
}

/** PowerShell 7's "Get-Mailbox:" over "Line |", "   1 |  code", "     |  ~~~~", "     | message". */
function ps7Block(lines: Line[], kinds: Kind[], at: number): { end: number; message: string[] } | undefined {
  const pieces: string[] = [];
  let afterTildes: string[] | undefined;
  let k = at + 1;
  for (; k < lines.length && kinds[k] === 'data'; k++) {
    const m = PS7_LINE.exec(lines[k]?.text ?? '');
    if (!m) break;
    const content = m[1] ?? '';
    if (TILDES.test(content)) afterTildes = [];
    else if (afterTildes) afterTildes.push(content);
    else pieces.push(content);
  }
  if (k === at + 1) return undefined;
  return { end: k, message: afterTildes ?? pieces.slice(1) };
}

/** Where a record without CategoryInfo ends: a blank line, a property, a table or another record. */
function standaloneEnd(lines: Line[], kinds: Kind[], at: number): number {
  let k = at + 1;
  for (; k < lines.length && kinds[k] === 'data'; k++) {
    const line = lines[k] as Line;
    const text = line.text;
    if (isBlank(text) || startsMessage(text) || propertyLine(line) || isDashRow(text)) break;
    if (isDashRow(lines[k + 1]?.text ?? '')) break;
  }
  return k;
}

function standalone(lines: Line[], kinds: Kind[]): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // an error line starts at the margin; only the first line, whose margin cleanPaste trimmed, is exempt
    if (!line || kinds[i] !== 'data' || !/^[A-Za-z]/.test(line.text)) continue;
    const m = CMDLET_MESSAGE.exec(line.text.trimEnd());
    if (!m || !isCmdletName(m[1] ?? '')) continue;
    const block = m[2] === undefined ? ps7Block(lines, kinds, i) : undefined;
    if (m[2] === undefined && !block) continue;
    const end = block ? block.end : standaloneEnd(lines, kinds, i);
    const texts = block ? [`${m[1] ?? ''}: ${block.message.join(' ')}`] : messageLines(lines, i, end);
    found.push({ start: i, record: build(readMessage(texts), new Map()) });
    mark(kinds, i, end);
    i = end - 1;
  }
  return found;
}

/** Every error record in the paste, in order; their lines are marked 'error' in `kinds`. */
export function extractErrors(lines: Line[], kinds: Kind[]): PsErrorRecord[] {
  const found = [...withCategoryInfo(lines, kinds), ...standalone(lines, kinds)];
  return found.sort((a, b) => a.start - b.start).map((f) => f.record);
}
