/**
 * Reads the cmdlet output an admin pasted into Teams or Slack into the shape of types.ts:
 * Format-List blocks and table rows become objects, property expressions become values, error
 * records, WARNING and VERBOSE lines are set apart, and the cleaned text stays whole for text
 * conditions. Reading is line by line and never throws: a paste it cannot make sense of is
 * still text.
 *
 * Order of work: classify each line (prompt, stream message, data), take out error records,
 * then read each run of data lines between them as lists, tables or loose lines.
 */
import { cleanPaste } from '../text/paste.js';
import { extractErrors } from './ps-errors.js';
import {
  firstCmdlet,
  isBlank,
  isCommandLine,
  isPropertyExpression,
  leadingCmdlet,
  matchPrompt,
  matchStream,
  propertyLine,
  type Kind,
  type Line,
} from './ps-lines.js';
import { flattenedAfterProse, parseList, type ListOptions } from './ps-list.js';
import { flattenedTable, parseTable, tableAt } from './ps-table.js';
import { isDistinctValue, isPlainValue } from './ps-values.js';
import type { OutputShape, ParsedOutput, PsObject, PsValue } from './types.js';

export interface ParseOptions {
  /** property names the caller expects, e.g. the fields a walk step reads; used to split flattened lists */
  knownFields?: string[];
}

/** the value of a property, case-insensitive name; for multi-object output, of the first object that has it, see firstFieldOf */
export function fieldOf(obj: PsObject, name: string): PsValue | undefined {
  if (Object.hasOwn(obj, name)) return obj[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : obj[key];
}

/** The value of a property in the first object of the output that has it. */
export function firstFieldOf(output: ParsedOutput, name: string): PsValue | undefined {
  for (const obj of output.objects) {
    const v = fieldOf(obj, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

interface Found {
  shape: 'list' | 'table';
  objects: PsObject[];
}

interface SegmentResult {
  found: Found[];
  loose: string[];
  truncated: boolean;
}

interface Context {
  out: ParsedOutput;
  /** the command line the output came from, to know whether bare lines are values */
  commandText?: string;
}

// PowerShell 7 colours table headers; a transcript or a terminal copy can keep the escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function emptyOutput(text: string): ParsedOutput {
  return { shape: 'empty', objects: [], errors: [], warnings: [], verbose: [], values: [], text, truncated: false };
}

function noteCommand(ctx: Context, command: string): void {
  if (ctx.out.command !== undefined) return;
  const cmdlet = firstCmdlet(command);
  if (cmdlet === undefined) return;
  ctx.out.command = cmdlet;
  ctx.commandText = command;
}

/** Prompts, pasted commands and stream messages are read here and kept out of the data. */
function classify(lines: Line[], ctx: Context): Kind[] {
  return lines.map((line) => {
    if (isBlank(line.text)) return 'blank';
    const prompt = matchPrompt(line.text);
    if (prompt) {
      noteCommand(ctx, prompt.command);
      return 'prompt';
    }
    const stream = matchStream(line.text);
    if (stream) {
      // DEBUG lines (Test-FederationTrust -Debug) have no field of their own; they stay in `text`
      if (stream.stream === 'warning') ctx.out.warnings.push(stream.message);
      else if (stream.stream === 'verbose') ctx.out.verbose.push(stream.message);
      return 'stream';
    }
    if (isCommandLine(line)) {
      noteCommand(ctx, line.text.trim());
      return 'prompt';
    }
    return 'data';
  });
}

/** Runs of data and blank lines; anything else (prompt, stream line, error record) separates them. */
function segments(lines: Line[], kinds: Kind[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  lines.forEach((line, i) => {
    const kind = kinds[i];
    if (kind === 'data' || kind === 'blank') current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Prose in front of a flattened list or table is often the command itself, pasted on the same
 * line ("Get-AuthServer | fl Name, Enabled  Name : WindowsAzureACS Enabled : True").
 */
function notePrefix(ctx: Context, result: SegmentResult, prefix: string | undefined): void {
  if (!prefix) return;
  if (leadingCmdlet(prefix) !== undefined) noteCommand(ctx, prefix);
  else result.loose.push(prefix);
}

function readSegment(seg: Line[], options: ParseOptions, ctx: Context): SegmentResult {
  const result: SegmentResult = { found: [], loose: [], truncated: false };
  const propertyLines = seg.filter((l) => propertyLine(l)).length;
  const listOptions: ListOptions = { flattenedLikely: propertyLines <= 1 };
  if (options.knownFields) listOptions.knownFields = options.knownFields;
  let i = 0;
  while (i < seg.length) {
    const line = seg[i] as Line;
    if (isBlank(line.text)) {
      i++;
      continue;
    }
    const header = tableAt(seg, i);
    if (header) {
      const table = parseTable(seg, header);
      if (table.objects.length > 0) {
        result.found.push({ shape: 'table', objects: table.objects });
        result.truncated ||= table.truncated;
        i = table.end;
        continue;
      }
    }
    if (propertyLine(line) || flattenedAfterProse(line.text, listOptions, leadingCmdlet(line.text) !== undefined)) {
      const list = parseList(seg, i, listOptions);
      notePrefix(ctx, result, list.prefix);
      result.found.push({ shape: 'list', objects: list.objects });
      result.truncated ||= list.truncated;
      i = Math.max(list.end, i + 1);
      continue;
    }
    const flat = flattenedTable(line.text);
    if (flat) {
      notePrefix(ctx, result, flat.prefix);
      result.found.push({ shape: 'table', objects: flat.objects });
      result.truncated ||= flat.truncated;
    } else result.loose.push(line.text);
    i++;
  }
  return result;
}

/**
 * Loose lines are values when each one could only be a value (a thumbprint, a domain, a path),
 * or, after a property expression such as (Get-AuthConfig).CurrentCertificateThumbprint, when
 * each is short and not a sentence. A leading "Here is the output:" does not count against it.
 */
function bareValues(loose: string[], commandText: string | undefined): string[] {
  const lines = loose.map((l) => l.trim()).filter((l) => l !== '');
  let k = 0;
  while (k < lines.length - 1 && /:$/.test(lines[k] ?? '')) k++;
  const body = lines.slice(k);
  if (body.length === 0) return [];
  const expression = commandText !== undefined && isPropertyExpression(commandText);
  return body.every(expression ? isPlainValue : isDistinctValue) ? body : [];
}

/** The shape with the most objects wins; on a tie, the one that came first. */
function dominant(found: Found[]): 'list' | 'table' {
  let list = 0;
  let table = 0;
  for (const f of found) {
    if (f.shape === 'list') list += f.objects.length;
    else table += f.objects.length;
  }
  if (list === table) return found.find((f) => f.objects.length > 0)?.shape ?? 'list';
  return list > table ? 'list' : 'table';
}

/** A paste of prompts alone is the empty output of its command: (Get-AuthConfig).CurrentCertificateThumbprint printed nothing. */
function shapeOf(out: ParsedOutput, found: Found[], kinds: Kind[]): OutputShape {
  if (out.objects.length > 0) return dominant(found);
  if (out.values.length > 0) return 'values';
  if (out.errors.length > 0) return 'error';
  return kinds.every((k) => k === 'prompt' || k === 'blank') ? 'empty' : 'text';
}

function read(text: string, options: ParseOptions): ParsedOutput {
  const out = emptyOutput(text);
  if (text.trim() === '') return out;
  const ctx: Context = { out };
  // tabs (Teams table cells, typed padding) count as the single space PowerShell would print
  const lines: Line[] = text.split('\n').map((t, i) => ({ text: t.replace(/\t/g, ' '), indentKnown: i > 0 }));
  const kinds = classify(lines, ctx);
  out.errors = extractErrors(lines, kinds);
  const found: Found[] = [];
  const loose: string[] = [];
  for (const seg of segments(lines, kinds)) {
    const r = readSegment(seg, options, ctx);
    // loops, not push(...): a paste of many short lines would overflow the argument list
    for (const f of r.found) found.push(f);
    for (const l of r.loose) loose.push(l);
    out.truncated ||= r.truncated;
  }
  out.objects = found.flatMap((f) => f.objects);
  if (out.objects.length === 0) out.values = bareValues(loose, ctx.commandText);
  out.shape = shapeOf(out, found, kinds);
  return out;
}

/** Read a pasted cmdlet output; see the file comment for what comes out where. */
export function parsePowerShellOutput(raw: string, options: ParseOptions = {}): ParsedOutput {
  let text = '';
  try {
    text = cleanPaste(String(raw ?? '').replace(ANSI, '')).text;
    return read(text, options);
  } catch {
    // A paste this reader trips over must not end the conversation: text conditions still work.
    return { ...emptyOutput(text), shape: text.trim() === '' ? 'empty' : 'text' };
  }
}
