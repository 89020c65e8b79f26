/**
 * What a single pasted line is: a prompt, a stream message, a Format-List property, a table
 * dash row. The shape readers build on these; none of them looks further than one line.
 */

/** What the first pass made of a line; the shape readers only look at data and blank lines. */
export type Kind = 'blank' | 'data' | 'prompt' | 'stream' | 'error';

/** One line of the paste and whether its indentation is real (cleanPaste trims the first line). */
export interface Line {
  text: string;
  indentKnown: boolean;
  /** matchProperty's answer, kept because every reader asks it */
  property?: PropertyLine | null;
}

/**
 * The approved PowerShell verbs that appear in Exchange, Entra and generic cmdlets. Knowing
 * them tells "Get-User : message" (an error) from a property named with a hyphen.
 */
const VERBS = new Set(
  [
    'add', 'approve', 'assert', 'backup', 'block', 'clear', 'close', 'compare', 'complete', 'compress', 'confirm',
    'connect', 'convert', 'convertfrom', 'convertto', 'copy', 'debug', 'deny', 'disable', 'disconnect', 'dismount',
    'edit', 'enable', 'enter', 'exit', 'expand', 'export', 'find', 'format', 'get', 'grant', 'group', 'hide', 'import',
    'initialize', 'install', 'invoke', 'join', 'limit', 'lock', 'measure', 'merge', 'mount', 'move', 'new', 'open',
    'optimize', 'out', 'ping', 'pop', 'protect', 'publish', 'push', 'read', 'receive', 'redo', 'register', 'remove',
    'rename', 'repair', 'request', 'reset', 'resize', 'resolve', 'restart', 'restore', 'resume', 'revoke', 'save',
    'search', 'select', 'send', 'set', 'show', 'skip', 'split', 'start', 'step', 'stop', 'submit', 'suspend', 'switch',
    'sync', 'test', 'trace', 'unblock', 'undo', 'uninstall', 'unlock', 'unprotect', 'unpublish', 'unregister',
    'update', 'use', 'wait', 'watch', 'where', 'write',
  ],
);

// \b keeps the scan linear: without it a long run of letters is retried from every position
const CMDLET = /\b[A-Za-z]+-[A-Za-z][A-Za-z0-9]*/g;
const LEADING_CMDLET = /^\(?\s*([A-Za-z]+-[A-Za-z][A-Za-z0-9]*)/;

/** "Get-FederationTrust", not "Online-ApplicationAccount". */
export function isCmdletName(word: string): boolean {
  const dash = word.indexOf('-');
  return dash > 0 && VERBS.has(word.slice(0, dash).toLowerCase()) && /^[A-Za-z]+-[A-Za-z][A-Za-z0-9]*$/.test(word);
}

/** The first cmdlet a command line runs, as typed. */
export function firstCmdlet(command: string): string | undefined {
  for (const m of command.matchAll(CMDLET)) {
    if (isCmdletName(m[0])) return m[0];
  }
  return undefined;
}

/** The cmdlet a line starts with, as in "Get-AuthServer | fl Name" or "(Get-AuthConfig).Realm". */
export function leadingCmdlet(text: string): string | undefined {
  const name = LEADING_CMDLET.exec(text.trim())?.[1];
  return name !== undefined && isCmdletName(name) ? name : undefined;
}

/**
 * EMS "[PS] C:\Windows\system32>", Windows PowerShell "PS C:\>", PowerShell 7 on Linux
 * "PS /home/admin>", remote sessions "[ex01.contoso.com]: PS C:\>". The path part must look
 * like a path so that "PS I think a > b" stays prose.
 */
const PROMPT = /^\s*(?:\[[^\]\n]{1,120}\]:\s*)?(?:\[PS\]\s*[A-Za-z]:\\[^>\n]*|PS\s+(?:[A-Za-z][\w-]*:\\?[^>\n]*|\/[^>\n]*|~[^>\n]*))>\s?(.*)$/;
/** the ">> " of a command continued on the next line */
const CONTINUATION_PROMPT = /^\s*>>(?:\s|$)/;

export interface Prompt {
  /** what was typed after the prompt, possibly nothing */
  command: string;
}

export function matchPrompt(text: string): Prompt | undefined {
  const m = PROMPT.exec(text);
  if (m) return { command: (m[1] ?? '').trim() };
  if (CONTINUATION_PROMPT.test(text)) return { command: '' };
  return undefined;
}

/**
 * A command pasted without its prompt, e.g. "Get-FederationTrust | fl" above its output.
 * What follows the cmdlet must look like parameters, a pipe, a quoted identity or one bare
 * identity, so a sentence that starts with a cmdlet name ("Get-FederationTrust shows two
 * trusts") is not taken for one; "Get-User : message" is an error record, not a command.
 */
export function isCommandLine(line: Line): boolean {
  if (line.indentKnown && /^\s/.test(line.text)) return false;
  const m = /^\(?\s*([A-Za-z]+-[A-Za-z][A-Za-z0-9]*)(.*)$/.exec(line.text.trim());
  if (!m || !isCmdletName(m[1] ?? '')) return false;
  const rest = m[2] ?? '';
  return (
    rest === '' ||
    /^\s*\)\.\w/.test(rest) ||
    /^\s*\|/.test(rest) ||
    /^\s+-[A-Za-z]/.test(rest) ||
    /^\s+["'<$(@{]/.test(rest) ||
    /^\s+[^\s|:]+\s*(?:\|.*)?$/.test(rest)
  );
}

/** `(Get-AuthConfig).CurrentCertificateThumbprint` or `... | Select -ExpandProperty X`: only values follow. */
export function isPropertyExpression(command: string): boolean {
  return /\)\.\w+\s*$/.test(command) || /-ExpandProperty\b|\|\s*(?:%|ForEach(?:-Object)?)\s+\w+\s*$/i.test(command);
}

export type Stream = 'warning' | 'verbose' | 'debug';

const STREAM = /^\s*(WARNING|VERBOSE|DEBUG):\s?(.*)$/;

export function matchStream(text: string): { stream: Stream; message: string } | undefined {
  const m = STREAM.exec(text);
  if (!m) return undefined;
  return { stream: (m[1] ?? '').toLowerCase() as Stream, message: (m[2] ?? '').trim() };
}

export function indentOf(text: string): number {
  const m = /^ */.exec(text);
  return m ? m[0].length : 0;
}

const BLANK = /^\s*$/;

export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

export interface PropertyLine {
  name: string;
  value: string;
  indent: number;
  /** column of the " : " colon, which Format-List aligns across a block */
  colon: number;
}

/**
 * Format-List pads every name to the same width and writes " : " before the value, so a
 * property line is a name-like token, at least one space, a colon, then a space or nothing.
 * That excludes "RESULT: Success.", URLs and times; the token rule excludes prose.
 */
const PROPERTY = /^( *)([A-Za-z_][\w.-]{0,63})( +):(?: (.*))?$/;
const SPACED_NAME = /^[A-Za-z_][\w.-]*(?: [\w.-]+){1,5}$/;

export function matchProperty(text: string): PropertyLine | undefined {
  const m = PROPERTY.exec(text);
  if (!m) return undefined;
  const name = m[2] ?? '';
  // "Get-User : The operation couldn't be performed" is Windows PowerShell's error line.
  if (isCmdletName(name)) return undefined;
  const indent = (m[1] ?? '').length;
  return { name, value: m[4] ?? '', indent, colon: indent + name.length + (m[3] ?? '').length };
}

export function propertyLine(line: Line): PropertyLine | undefined {
  if (line.property === undefined) line.property = matchProperty(line.text) ?? null;
  return line.property ?? undefined;
}

/**
 * A calculated property may have spaces in its name ("Org Cert NotAfter"). Such a line is only
 * believed when its colon sits in the column the block's other properties use.
 */
export function matchAlignedProperty(text: string, colon: number): PropertyLine | undefined {
  if (text[colon] !== ':' || text[colon - 1] !== ' ' || (text.length > colon + 1 && text[colon + 1] !== ' ')) return undefined;
  const indent = indentOf(text);
  const name = text.slice(indent, colon).trim();
  if (name.length > 64 || !SPACED_NAME.test(name)) return undefined;
  return { name, value: text.slice(colon + 2), indent, colon };
}

const DASH_ROW = /^ *-+(?: +-+)* *$/;

/** The "----  ----" line under a table header. */
export function isDashRow(text: string): boolean {
  return DASH_ROW.test(text) && text.replace(/[ ]/g, '').length >= 2;
}

/** [start, end) of each run of dashes. */
export function dashGroups(text: string): Array<[number, number]> {
  return [...text.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
}
