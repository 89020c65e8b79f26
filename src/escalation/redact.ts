/**
 * Redaction applied before anything of a conversation is stored in a ticket or sent to a ticket
 * system. Admins paste cmdlet output, IIS/Exchange logs, scripts, config files and HTTP traces;
 * secrets sometimes ride along. Each secret is replaced by a visible placeholder,
 * `[redacted:<kind>]`, that keeps the structure around it (the key in `Password=…`, the quotes in
 * `-Password '…'`, the scheme in `Authorization: Bearer …`), so the next engineer still sees
 * *that* a secret was there and where.
 *
 * Always masked: passwords, client secrets, bearer/JWT/API tokens, SAS signatures, private key
 * material and the secret parts of connection strings. Optional: the local part of e-mail
 * addresses (`maskEmails`) and GUIDs that are not Microsoft constants (`maskTenantIds`).
 *
 * Deliberately kept, because the diagnosis needs them and they are not secrets: error codes,
 * HTTP statuses, LIDs, HRESULTs (0x80048800), AADSTS codes, cmdlet names and parameters,
 * endpoint URLs, domain names, certificate thumbprints (public identifiers of a certificate,
 * needed to match the two sides' configuration), public certificate data (`RawData`, X.509
 * base64, `-----BEGIN CERTIFICATE-----`), federation ApplicationIdentifiers (260563, 292841),
 * Microsoft's well-known application and tenant GUIDs, and `WWW-Authenticate` challenges (the
 * server's, not the client's). With the default options, a paste without secrets comes out
 * byte for byte unchanged.
 *
 * Connection strings: only the secret parts are masked (`Password=`, `Pwd=`, `AccountKey=`,
 * `SharedAccessKey=`, `SharedAccessSignature=`, the password of `scheme://user:pass@host`); the
 * server, database, account name and endpoint suffix stay.
 *
 * Every pattern runs in linear time on hostile input: each repeated quantifier either starts only
 * at the start of a run of its own characters (a negative look-behind on the same class), is
 * bounded, or stops at a character the next match must start with. Redaction is idempotent:
 * placeholders never match again, so a second pass changes nothing and counts nothing.
 */
import { createHmac } from 'node:crypto';
import { MAGIC_GUIDS } from '../classifier/features.js';

export const REDACTION_KINDS = ['password', 'client_secret', 'token', 'sas', 'private_key', 'connection_string', 'email', 'tenant_id'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];
export type RedactionCounts = Record<RedactionKind, number>;

export interface RedactionOptions {
  /** Mask the local part of e-mail addresses (the domain stays: it matters for the diagnosis). */
  maskEmails: boolean;
  /** Replace GUIDs that are not Microsoft constants by a stable keyed-hash token, `<guid:1a2b3c4d>`. */
  maskTenantIds: boolean;
  /**
   * The HMAC key for GUID tokens. Unset: a fixed project-wide key, so tokens are stable across
   * restarts and deployments, but anyone who reads this file can confirm a guessed GUID (tenant ids
   * are discoverable from a domain). Set REDACT_HASH_KEY in production: tokens stay stable as long
   * as the key does, and cannot be confirmed without it.
   */
  hashKey?: string;
}

export interface RedactionResult {
  text: string;
  counts: RedactionCounts;
}

export const DEFAULT_REDACTION_OPTIONS: Readonly<RedactionOptions> = Object.freeze({ maskEmails: false, maskTenantIds: false });

const DEFAULT_HASH_KEY = 'freebusy-doctor/redaction/guid-token/v1';

export function emptyCounts(): RedactionCounts {
  return { password: 0, client_secret: 0, token: 0, sas: 0, private_key: 0, connection_string: 0, email: 0, tenant_id: 0 };
}

/** The sum of any number of count records (a new record; the inputs are not changed). */
export function mergeCounts(...all: Readonly<RedactionCounts>[]): RedactionCounts {
  const out = emptyCounts();
  for (const counts of all) for (const kind of REDACTION_KINDS) out[kind] += counts[kind];
  return out;
}

export function totalRedactions(counts: Readonly<RedactionCounts>): number {
  return REDACTION_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}

/**
 * REDACT_EMAILS, REDACT_TENANT_IDS (true|false, any case, default false; empty means unset) and
 * REDACT_HASH_KEY (optional, 16+ characters). A malformed value throws an Error naming the variable
 * (never echoing the hash key).
 */
export function redactionOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): RedactionOptions {
  const flag = (name: string): boolean => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return false;
    if (/^true$/i.test(raw)) return true;
    if (/^false$/i.test(raw)) return false;
    throw new Error(`${name} must be true or false (got "${raw.slice(0, 40)}")`);
  };
  const options: RedactionOptions = { maskEmails: flag('REDACT_EMAILS'), maskTenantIds: flag('REDACT_TENANT_IDS') };
  const key = env.REDACT_HASH_KEY;
  if (key !== undefined && key !== '') {
    if (key.length < 16) throw new Error('REDACT_HASH_KEY must be at least 16 characters (value hidden)');
    options.hashKey = key;
  }
  return options;
}

/* ------------------------------------------------------------------------------------------ */

const placeholder = (kind: RedactionKind): string => `[redacted:${kind}]`;

class Run {
  readonly counts = emptyCounts();
  constructor(readonly options: RedactionOptions) {}
  mask(kind: RedactionKind): string {
    this.counts[kind]++;
    return placeholder(kind);
  }
}

type Edit = readonly [start: number, end: number, replacement: string];

/** Applies edits sorted by start and not overlapping. */
function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end, replacement] of edits) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

/* ---------------------------------- values and quotes ------------------------------------- */

/** Values that are not secrets: placeholders, variables, booleans, masks, templates. */
function isBenignValue(value: string, quote?: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (v.startsWith('[redacted:') || /^<guid:[0-9a-f]{8}>$/.test(v)) return true;
  if (/^(?:\$?true|\$?false|\$?null|none|undefined|nil|n\/a|not set|\{\}|\[\]|\(\))$/i.test(v)) return true;
  // A .NET type name, as Format-List prints objects: System.Security.SecureString, System.Security.Cryptography.RSACryptoServiceProvider
  if (/^(?:System|Microsoft)\.[A-Za-z0-9_.`+[\]]+$/.test(v)) return true;
  if (/^([*xX•●#.])\1{2,}$/.test(v)) return true;
  if (/^(?:<[^<>]{1,60}>|\{\{[^{}]{1,60}\}\}|%[A-Za-z0-9_]{1,60}%|\$\{[^{}]{1,60}\})$/.test(v)) return true;
  // A PowerShell/shell variable or subexpression, except inside single quotes (a literal there).
  if (quote !== "'" && quote !== '‘' && quote !== '&#39;' && /^\$[A-Za-z_({]/.test(v)) return true;
  if (quote === undefined && /^(?:\(|@\{|@\()/.test(v)) return true;
  // `$pw = ConvertTo-SecureString …`, `$password = Read-Host -AsSecureString`: a cmdlet call, not a literal.
  if (quote === undefined && /^(?:Get|Set|New|Read|ConvertTo|ConvertFrom|Import|Export|Invoke|Protect|Unprotect|Test|Select|Join)-[A-Z][A-Za-z0-9]{1,60}$/.test(v)) return true;
  // "use the -Password parameter": prose about a parameter, not its value.
  if (quote === undefined && /^(?:parameter|param|switch|option|flag|argument|field|property|value|and|or|is|was|the|to|with|for|of|in|on|as|if)$/i.test(v)) return true;
  return false;
}

const QUOTES: [open: string, close: string][] = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['”', '”'],
  ['‘', '’'],
  ['’', '’'],
  ['&quot;', '&quot;'],
  ['&#39;', '&#39;'],
  ['&#x27;', '&#x27;'],
  ['&apos;', '&apos;'],
];

interface Quoted {
  /** where the content starts and ends (between the quotes) */
  start: number;
  end: number;
  /** just after the closing quote */
  after: number;
  quote: string;
}

const isLineBreak = (c: number) => c === 10 || c === 13;

/**
 * A quoted string starting at `pos`, closed on the same line. Backslash escapes inside "…"
 * (JSON) and doubled '' inside '…' (PowerShell) do not close it. The scan stops at the first
 * closing quote or line break, so scans started at different positions never overlap.
 */
function readQuoted(text: string, pos: number): Quoted | undefined {
  for (const [open, close] of QUOTES) {
    if (!text.startsWith(open, pos)) continue;
    const start = pos + open.length;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isLineBreak(c)) return undefined;
      if (open === '"' && c === 92 /* \ */) {
        i++;
        continue;
      }
      if (text.startsWith(close, i)) {
        if (open === "'" && text[i + 1] === "'") {
          i++;
          continue;
        }
        return { start, end: i, after: i + close.length, quote: open };
      }
    }
    return undefined;
  }
  return undefined;
}

/** Characters that end an unquoted value: whitespace, quotes, separators, markup. */
const UNQUOTED_VALUE = /[^\s"'“”‘’&;,<>|`]+/y;

function readUnquoted(text: string, pos: number, pattern: RegExp = UNQUOTED_VALUE): [number, number] | undefined {
  pattern.lastIndex = pos;
  const m = pattern.exec(text);
  return m ? [pos, pos + m[0].length] : undefined;
}

/** The rest of the line from `pos`: up to a line break, an HTML tag or a ``` fence; trailing blanks trimmed. */
function readRestOfLine(text: string, pos: number): [number, number] {
  let i = pos;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) break;
    if (c === 60 /* < */ && /[A-Za-z/!]/.test(text[i + 1] ?? '')) break;
    if (c === 96 /* ` */ && text.startsWith('```', i)) break;
  }
  let end = i;
  while (end > pos && /[ \t]/.test(text[end - 1] ?? '')) end--;
  return [pos, end];
}

function skipBlanks(text: string, pos: number): number {
  let i = pos;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** Is `pos` the first thing on its line (after blanks), where Format-List and YAML keys stand? */
function atLineStart(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < 0) return true;
  const c = text[i];
  return c === '\n' || c === '\r' || c === '>' || c === '`';
}

/* ------------------------------------ keys of secrets ------------------------------------- */

/**
 * The kind of secret a key names (`Password`, `client_secret`, `-AppPassword`, `X-Api-Key`,
 * `AccountKey`, `sig`…), or undefined for an ordinary key. Keys that merely contain such a word
 * stay ordinary: PublicKeyToken, TokenIssuerUri, UseCachedToken, PasswordLastSet, KeyId.
 */
export function secretKindOfKey(name: string): RedactionKind | undefined {
  const k = name.replace(/^[-/]+/, '').toLowerCase();
  if (k === '' || k.length > 80) return undefined;
  if (k === 'microsoftapppassword' || /secret(?:[_.-]?(?:value|text|key|string))?$/.test(k)) return 'client_secret';
  if (/(?:password|passwd|passphrase|pwd)$/.test(k) || k === 'pw' || k === 'pass') return 'password';
  if (k === 'sig' || k === 'sharedaccesssignature') return 'sas';
  if (/(?:^|[_.-])(?:account|shared[_-]?access)[_-]?key$/.test(k)) return 'connection_string';
  if (/(?:^|[_.-])(?:private[_-]?key|pfx[_-]?(?:data|blob|base64)|key[_-]?material)$/.test(k)) return 'private_key';
  if (
    /(?:^|[_.-])(?:(?:access|refresh|id|auth|bearer|session|api|bot|app|user|oauth|slack|github|gh|signing|csrf|xsrf|verification|security)[_-]?)?token$/.test(k) ||
    /(?:^|[_.-])(?:x-)?(?:api|subscription|access|functions|master|host)[_-]?key$/.test(k) ||
    /^(?:x-slack-signature|x-hub-signature(?:-256)?|x-amz-signature|(?:proxy-)?authorization|(?:set-)?cookie)$/.test(k)
  )
    return 'token';
  return undefined;
}

const AUTH_SCHEME = /(Bearer|Basic|Digest|Negotiate|NTLM|SharedKey(?:Lite)?|SharedAccessSignature|Token|OAuth|MAC|HOBA|PoP|AWS4-HMAC-SHA256)(?:[ \t]+|(?=["'\r\n]|$))/iy;
/** Schemes whose credentials are a parameter list running to the end of the value. */
const LIST_SCHEMES = /^(?:Digest|OAuth|SharedAccessSignature|AWS4-HMAC-SHA256)$/i;

/**
 * The secret part of an Authorization value starting at `pos`: the scheme stays, the credentials
 * go. Inside quotes (`limit`) everything after the scheme is the secret; unquoted, one token, or
 * the rest of the line for schemes with parameter lists (Digest, OAuth, SharedAccessSignature…).
 */
function authSecret(text: string, pos: number, limit?: number): [number, number] | undefined {
  AUTH_SCHEME.lastIndex = pos;
  const scheme = AUTH_SCHEME.exec(text);
  let from = pos;
  let listy = false;
  if (scheme && (limit === undefined || pos + scheme[0].length <= limit)) {
    from = pos + scheme[0].length;
    listy = LIST_SCHEMES.test(scheme[1] ?? '');
  }
  if (limit !== undefined) return from < limit ? [from, limit] : undefined;
  return listy ? readRestOfLine(text, from) : readUnquoted(text, from);
}

/** A Format-List `Value : …` whose record says `Type : Symmetric|Password` (Get-MsolServicePrincipalCredential). */
function isSymmetricCredentialValue(text: string, keyStart: number): boolean {
  const before = text.slice(Math.max(0, keyStart - 600), keyStart).split(/\r?\n/).slice(-6, -1).reverse();
  for (const line of before) {
    if (line.trim() === '') return false;
    if (/(?:^|[>`])[ \t]*Type[ \t]*:[ \t]*(?:Symmetric|Password)[ \t]*$/i.test(line)) return true;
  }
  return false;
}

/**
 * `key=value`, `key: value`, `"key": "value"`, `key => 'value'`, Format-List `Key : value`,
 * HTTP headers, query strings and connection-string pairs. Only the keys of secrets consume their
 * value; every other key is skipped, so its value is still searched for keys.
 */
const KEY_CANDIDATE = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,80})(["'”’]|&quot;|&#39;)?[ \t]{0,64}(=>|=|:)[ \t]{0,16}/g;

function redactKeyValues(text: string, run: Run): string {
  const edits: Edit[] = [];
  const re = new RegExp(KEY_CANDIDATE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const key = m[1] ?? '';
    const bareKey = key.replace(/^[-/]+/, '').toLowerCase();
    let kind = secretKindOfKey(key);
    const keyStart = m.index;
    const sep = m[3] ?? '';
    const valueAt = m.index + m[0].length;
    const lineMode = sep === ':' && m[2] === undefined && atLineStart(text, keyStart);
    if (!kind && bareKey === 'value' && lineMode && isSymmetricCredentialValue(text, keyStart)) kind = 'client_secret';
    if (!kind) continue;

    let span: [number, number] | undefined;
    let quote: string | undefined;
    let end = valueAt;
    const quoted = readQuoted(text, valueAt);
    const trailingOk = (q: Quoted) => !lineMode || /^[ \t,;]*(?:$|[\r\n<`])/.test(text.slice(q.after, q.after + 40));
    if (bareKey === 'authorization' || bareKey === 'proxy-authorization') {
      if (quoted && trailingOk(quoted)) {
        span = authSecret(text, quoted.start, quoted.end);
        quote = quoted.quote;
        end = quoted.after;
      } else {
        span = authSecret(text, valueAt);
      }
    } else if (quoted && trailingOk(quoted)) {
      span = [quoted.start, quoted.end];
      quote = quoted.quote;
      end = quoted.after;
    } else if (lineMode || bareKey === 'cookie' || bareKey === 'set-cookie') {
      span = readRestOfLine(text, valueAt);
    } else if (bareKey === 'sharedaccesssignature') {
      span = readUnquoted(text, valueAt, /[^\s"'“”‘’;<>|`]+/y);
    } else {
      const from = /^["'“”‘’]/.test(text[valueAt] ?? '') ? valueAt + 1 : valueAt; // an unclosed quote
      span = readUnquoted(text, from);
    }
    if (!span || span[0] >= span[1]) continue;
    end = Math.max(end, span[1]);
    const value = text.slice(span[0], span[1]);
    // PrivateKey, PfxData…: only key material itself, not an object or a path.
    if (kind === 'private_key' && !/^[A-Za-z0-9+/=\s]{32,}$/.test(value)) continue;
    // Inline "key: word" is often prose ("Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: …"):
    // a plain word or a dotted type name there is not taken for a secret.
    const prose = sep === ':' && !lineMode && !quote && m[2] === undefined && /^(?:[A-Za-z]+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)[.,:;!?]?$/.test(value);
    if (prose || isBenignValue(value, quote)) {
      re.lastIndex = end;
      continue;
    }
    if (kind === 'password' && /^(?:password|pwd)$/.test(bareKey)) {
      // A password inside a connection string (Server=…;Password=…;) counts as a connection string.
      const before = text.slice(Math.max(0, keyStart - 12), keyStart);
      if (/(?<!&#?[A-Za-z0-9]{1,8});[ \t]*$/.test(before) || (!quote && text[span[1]] === ';')) kind = 'connection_string';
    }
    edits.push([span[0], span[1], run.mask(kind)]);
    re.lastIndex = end;
  }
  return applyEdits(text, edits);
}

/** `<Password>…</Password>`, `<wsse:Password Type="…">…</wsse:Password>`, `<client_secret>…</client_secret>`. */
function redactXmlElements(text: string, run: Run): string {
  if (!text.includes('</')) return text;
  const edits: Edit[] = [];
  const re = /<((?:[A-Za-z0-9_-]{1,40}:)?([A-Za-z0-9_.-]{1,60}))(?:\s[^<>]{0,512})?>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const kind = secretKindOfKey(m[2] ?? '');
    if (!kind) continue;
    const start = m.index + m[0].length;
    const close = text.indexOf('<', start);
    if (close < 0 || !text.startsWith(`</${m[1]}>`, close)) continue;
    if (!isBenignValue(text.slice(start, close))) edits.push([start, close, run.mask(kind)]);
    re.lastIndex = close;
  }
  return applyEdits(text, edits);
}

/* ------------------------------------ command lines --------------------------------------- */

/** `-Password P@ss`, `-ClientSecret "…"`, `--token abc`, `-Value x` of `-Type Symmetric` credentials. */
function redactCommandFlags(text: string, run: Run): string {
  const edits: Edit[] = [];
  const re = /(?<![A-Za-z0-9_.-])--?([A-Za-z][A-Za-z0-9_-]{0,60})[ \t]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const name = m[1] ?? '';
    let kind = secretKindOfKey(name);
    if (!kind && /^value$/i.test(name)) {
      const near = text.slice(Math.max(0, m.index - 400), m.index + 400);
      const at = m.index - Math.max(0, m.index - 400);
      const line = near.slice(near.lastIndexOf('\n', at) + 1, (near.indexOf('\n', at) + 1 || near.length + 1) - 1);
      if (/-Type[ \t]+["']?(?:Symmetric|Password)\b/i.test(line)) kind = 'client_secret';
    }
    if (!kind) continue;
    const at = m.index + m[0].length;
    const quoted = readQuoted(text, at);
    const span: [number, number] | undefined = quoted ? [quoted.start, quoted.end] : readUnquoted(text, at, /[^\s"'“”‘’|;,`]+/y);
    if (!span || span[0] >= span[1]) continue;
    const value = text.slice(span[0], span[1]);
    if (value.startsWith('-') || isBenignValue(value, quoted?.quote)) continue;
    edits.push([span[0], span[1], run.mask(kind)]);
    re.lastIndex = quoted ? quoted.after : span[1];
  }
  return applyEdits(text, edits);
}

const CLOSE_TO_OPEN: Record<string, string> = { '"': '"', "'": "'", '”': '“', '’': '‘' };

/** The literal piped into a cmdlet at `at` ('P@ss' | ConvertTo-SecureString), read backwards, not before `floor`. */
function pipedLiteral(text: string, at: number, floor: number): [number, number] | undefined {
  let i = at - 1;
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < floor || text[i] !== '|') return undefined;
  i--;
  while (i >= floor && (text[i] === ' ' || text[i] === '\t')) i--;
  const open = CLOSE_TO_OPEN[text[i] ?? ''];
  if (i < floor || open === undefined) return undefined;
  const end = i;
  for (let j = end - 1; j >= Math.max(floor, end - 512); j--) {
    const c = text[j];
    if (c === '\n' || c === '\r') return undefined;
    if (c === open) return j + 1 < end && !isBenignValue(text.slice(j + 1, end), open) ? [j + 1, end] : undefined;
  }
  return undefined;
}

/** `ConvertTo-SecureString 'P@ss' -AsPlainText -Force`, `-String "…"`, and `'P@ss' | ConvertTo-SecureString …`. */
function redactSecureStrings(text: string, run: Run): string {
  if (!/ConvertTo-SecureString/i.test(text)) return text;
  const edits: Edit[] = [];
  const re = /\bConvertTo-SecureString\b/gi;
  let m: RegExpExecArray | null;
  let lastEnd = 0;
  while ((m = re.exec(text))) {
    const piped = pipedLiteral(text, m.index, lastEnd);
    if (piped) edits.push([piped[0], piped[1], run.mask('password')]);
    // argument: ConvertTo-SecureString [-AsPlainText] [-Force] [-String] 'P@ss'
    let at = m.index + m[0].length;
    for (let guard = 0; guard < 6; guard++) {
      const next = skipBlanks(text, at);
      const flag = /-(?:AsPlainText|Force|String)(?::\$?true)?(?=[\s:])/iy;
      flag.lastIndex = next;
      const f = flag.exec(text);
      if (f && next > at) {
        at = next + f[0].length;
        continue;
      }
      if (next === at) break;
      const quoted = readQuoted(text, next);
      const span: [number, number] | undefined = quoted ? [quoted.start, quoted.end] : readUnquoted(text, next, /[^\s"'“”‘’|;,()`]+/y);
      if (span && span[0] < span[1]) {
        const value = text.slice(span[0], span[1]);
        if (!value.startsWith('-') && !isBenignValue(value, quoted?.quote)) {
          edits.push([span[0], span[1], run.mask('password')]);
          lastEnd = span[1];
        }
      }
      break;
    }
    if (lastEnd > re.lastIndex) re.lastIndex = lastEnd;
  }
  edits.sort((a, b) => a[0] - b[0]);
  return applyEdits(text, edits);
}

/** `New-Object System.Management.Automation.PSCredential('user', 'P@ss')` and `-ArgumentList 'user','P@ss'`. */
function redactPsCredential(text: string, run: Run): string {
  if (!/PSCredential/i.test(text)) return text;
  const edits: Edit[] = [];
  const re = /\bPSCredential\b[ \t]*(?:-ArgumentList[ \t]*)?@?\(?[ \t]*/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const user = readQuoted(text, m.index + m[0].length);
    if (!user) continue;
    const comma = /[ \t]*,[ \t]*/y;
    comma.lastIndex = user.after;
    if (!comma.exec(text)) continue;
    const pass = readQuoted(text, comma.lastIndex);
    if (!pass || isBenignValue(text.slice(pass.start, pass.end), pass.quote)) continue;
    edits.push([pass.start, pass.end, run.mask('password')]);
    re.lastIndex = pass.after;
  }
  return applyEdits(text, edits);
}

/**
 * `net use Z: \\server\share P@ss /user:CONTOSO\bob`: the password is the first argument after the
 * share that is not a switch (`/user:…`, `/persistent:no`) or `*` (prompt).
 */
function redactNetUse(text: string, run: Run): string {
  return text.replace(/(?<![A-Za-z0-9_-])net[ \t]+use[ \t][^\r\n]*/gi, (line) => {
    let seenShare = false;
    for (const t of line.matchAll(/"[^"]*"|'[^']*'|\S+/g)) {
      const token = t[0];
      if (/^["']?\\\\/.test(token)) {
        seenShare = true;
        continue;
      }
      if (!seenShare || token.startsWith('/')) continue;
      const quoted = /^["']/.test(token) && token.length >= 2;
      const start = quoted ? t.index + 1 : t.index;
      const end = quoted ? t.index + token.length - 1 : t.index + token.length;
      const value = line.slice(start, end);
      // "net use \\srv\share and it fails with 53": prose, not a password
      if (value === '*' || isBenignValue(value, quoted ? "'" : undefined) || /^(?:but|then|fails?|failed|works?|worked|gives|returns|says|from|it|we|which|that|error)$/i.test(value)) return line;
      return line.slice(0, start) + run.mask('password') + line.slice(end);
    }
    return line;
  });
}

/** `curl -u user:pass`, `--user user:pass`. */
function redactCurlUser(text: string, run: Run): string {
  return text.replace(/(?<![A-Za-z0-9_-])(-u|--user)([ \t]+)(["']?)([^\s:"']+):([^\s"']+)\3/g, (all, flag: string, gap: string, q: string, user: string, pass: string) =>
    isBenignValue(pass) ? all : `${flag}${gap}${q}${user}:${run.mask('password')}${q}`,
  );
}

/* ------------------------------------ shaped secrets -------------------------------------- */

/** The password may hold a raw "@": the user-info runs to the last "@" before the path. */
const URL_WITH_CREDENTIALS = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:@/?#"'<>\\|]*):([^\s/?#"'<>\\|]+)@/g;
const DATABASE_SCHEME = /^(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mssql|sqlserver|jdbc|oracle|couchdb|cassandra|neo4j|clickhouse)$/i;

function redactUrlCredentials(text: string, run: Run): string {
  return text.replace(URL_WITH_CREDENTIALS, (all, scheme: string, user: string, pass: string) =>
    isBenignValue(pass) ? all : `${scheme}://${user}:${run.mask(DATABASE_SCHEME.test(scheme) ? 'connection_string' : 'password')}@`,
  );
}

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}/g;
const SLACK_TOKEN = /(?<![A-Za-z0-9_-])(?:xox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g;
const GITHUB_TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g;
/** Entra ID (Azure AD) client secrets since 2021: 3 characters, a digit, "Q~", 31-34 more. */
const AZURE_CLIENT_SECRET = /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g;
const SLACK_WEBHOOK = /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9_/-]+/g;
const BARE_BEARER = /(?<![A-Za-z0-9_-])(Bearer[ \t]+)[A-Za-z0-9\-._~+/]{20,}=*/gi;

function redactShapes(text: string, run: Run): string {
  return text
    .replace(JWT, () => run.mask('token'))
    .replace(SLACK_TOKEN, () => run.mask('token'))
    .replace(GITHUB_TOKEN, () => run.mask('token'))
    .replace(AZURE_CLIENT_SECRET, () => run.mask('client_secret'))
    .replace(SLACK_WEBHOOK, (_all, prefix: string) => `${prefix}${run.mask('token')}`);
}

function redactBareBearer(text: string, run: Run): string {
  return text.replace(BARE_BEARER, (_all, prefix: string) => `${prefix}${run.mask('token')}`);
}

/* ------------------------------------- private keys --------------------------------------- */

const isB64 = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;

function lineBreakLength(text: string, at: number): number {
  if (text.startsWith('\r\n', at)) return 2;
  if (text[at] === '\n' || text[at] === '\r') return 1;
  if (text.startsWith('\\r\\n', at)) return 4;
  if (text.startsWith('\\n', at)) return 2;
  return 0;
}

/**
 * The end of base64 key material continuing on the following lines from `pos`: whole lines of
 * base64 (indented, as Format-List wraps them, or not, as in PEM) and PEM headers (Proc-Type,
 * DEK-Info). It stops after a short line, the last line of a block, so a word on the next line
 * is not taken for base64. `continues`: the line before `pos` was a full one.
 */
function scanKeyBody(text: string, pos: number, continues: boolean): number {
  let at = pos;
  let more = continues;
  while (more) {
    const br = lineBreakLength(text, at);
    if (br === 0) break;
    const p = skipBlanks(text, at + br);
    const header = /(?:Proc-Type|DEK-Info):[^\r\n\\]{0,200}/y;
    header.lastIndex = p;
    const h = header.exec(text);
    if (h) {
      at = p + h[0].length;
      continue;
    }
    let q = p;
    while (q < text.length && isB64(text.charCodeAt(q))) q++;
    let pad = 0;
    while (pad < 2 && text[q] === '=') {
      q++;
      pad++;
    }
    if (q - p < 4) break;
    const r = skipBlanks(text, q);
    if (!(r >= text.length || lineBreakLength(text, r) > 0 || text.startsWith('-----', r) || /["',]/.test(text[r] ?? ''))) break;
    at = q;
    more = q - p >= 40 && pad === 0;
  }
  return at;
}

/** PEM private key blocks, whole: RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP; also cut short or flattened into one JSON line. */
function redactPemBlocks(text: string, run: Run): string {
  if (!text.includes('-----BEGIN ')) return text;
  const begins = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]{1,60})-----/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, privateKey: /PRIVATE KEY/.test(m[1] ?? '') }));
  const ends = [...text.matchAll(/-----END [A-Z0-9 ]{1,60}-----/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const edits: Edit[] = [];
  let endAt = 0;
  let cursor = 0;
  for (let i = 0; i < begins.length; i++) {
    const b = begins[i];
    if (!b || !b.privateKey || b.start < cursor) continue;
    while (endAt < ends.length && (ends[endAt]?.start ?? 0) < b.end) endAt++;
    const e = ends[endAt];
    const nextBegin = begins[i + 1];
    let blockEnd: number;
    if (e && e.start - b.end <= 65_536 && (!nextBegin || nextBegin.start > e.start)) {
      blockEnd = e.end;
      endAt++;
    } else {
      blockEnd = scanKeyBody(text, b.end, true);
    }
    edits.push([b.start, blockEnd, run.mask('private_key')]);
    cursor = blockEnd;
  }
  return applyEdits(text, edits);
}

/**
 * Unarmoured private key material: base64 DER of PKCS#12 (.pfx), PKCS#8 (plain and encrypted),
 * PKCS#1 RSA and SEC1 EC keys, told apart from public certificates (`MIIC…CCA…gAwIBAgI`, kept)
 * by their first bytes. Format-List continuation lines of the same blob go too.
 */
const KEY_BLOB =
  /(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{3}IB(?:ADAN|AAKC|AzCC)|MII[A-Za-z0-9+/]{5}Bg[ko]qhkiG9w0B(?:BQ0w|DAE)|MIG[A-Za-z0-9+/]AgE[AB](?:MB|BD)|MHcCAQEE)[A-Za-z0-9+/]*={0,2}/g;

function redactKeyBlobs(text: string, run: Run): string {
  if (!/M(?:II|IG|Hc)/.test(text)) return text;
  const edits: Edit[] = [];
  for (const m of text.matchAll(KEY_BLOB)) {
    const end = m.index + m[0].length;
    const blockEnd = scanKeyBody(text, end, m[0].length >= 40 && !m[0].endsWith('='));
    edits.push([m.index, blockEnd, run.mask('private_key')]);
  }
  return applyEdits(text, edits);
}

/* --------------------------------- e-mail and GUIDs (optional) ---------------------------- */

/** Exchange system mailboxes whose names are the same everywhere and tell the engineer something. */
const SYSTEM_MAILBOX = /^(?:FederatedEmail\.4c1f4d8b-8179-4148-93bf-00a95fa1e042|Migration\.8f3e7716-2011-43e4-96b1-aba62d229136|postmaster|MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e)$/i;
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9_%+-][A-Za-z0-9._%+'-]{0,63})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10})(?![A-Za-z0-9-])/g;

function redactEmails(text: string, run: Run): string {
  if (!text.includes('@')) return text;
  return text.replace(EMAIL, (all, local: string, domain: string) => {
    if (SYSTEM_MAILBOX.test(local) || !/[A-Za-z]{2,}$/.test(domain)) return all;
    return `${run.mask('email')}@${domain}`;
  });
}

/**
 * GUIDs that are constants of Microsoft's services, not the admin's data: the classifier's list,
 * the first-party application families 0000000x-0000-0ff1-ce00-000000000000 (Exchange Online 2,
 * SharePoint 3, Skype for Business 4, …) and 0000000x-0000-0000-c000-000000000000 (ACS 1, Azure AD
 * Graph 2, Microsoft Graph 3, …), well-known client apps and tenants, and Exchange system mailboxes.
 */
const WELL_KNOWN_GUIDS = new Set(
  [
    ...Object.keys(MAGIC_GUIDS),
    '00000000-0000-0000-0000-000000000000',
    '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Microsoft Teams client
    '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Microsoft Teams web client
    '1950a258-227b-4e31-a9cf-717495945fc2', // Microsoft Azure PowerShell
    '04b07795-8ddb-461a-bbee-02f9e1bf7b46', // Microsoft Azure CLI
    '14d82eec-204b-4c2f-b7e8-296a70dab67e', // Microsoft Graph PowerShell
    'fb78d390-0c51-40cd-8e17-fdbfab77341b', // Exchange Online PowerShell (REST)
    'a0c73c16-a7e3-4564-9a95-2bdf47383716', // Exchange Online Remote PowerShell
    'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
    'de8bc8b5-d9f9-48b1-a8ad-b748da725064', // Graph Explorer
    '72f988bf-86f1-41af-91ab-2d7cd011db47', // Microsoft's own tenant
    'f8cdef31-a31e-4b4a-93e4-5f571e91255a', // Microsoft Services tenant
    'd6d49420-f39b-4df7-a1dc-d59a935871db', // botframework.com tenant
    '4c1f4d8b-8179-4148-93bf-00a95fa1e042', // FederatedEmail system mailbox
    '8f3e7716-2011-43e4-96b1-aba62d229136', // Migration system mailbox
    'd919ba05-46a6-415f-80ad-7e09334bb852', // DiscoverySearchMailbox
    'bb558c35-97f1-4cb9-8ff7-d53741dc928c', // SystemMailbox (organization)
    'e0dc1c29-89c3-4034-b678-e6c29d823ed9', // SystemMailbox (organization)
  ].map((g) => g.toLowerCase()),
);
const MICROSOFT_APP_FAMILY = /^0000000[0-9a-f]-0000-(?:0ff1-ce00|0000-c000)-000000000000$/;

export function isWellKnownGuid(guid: string): boolean {
  const g = guid.toLowerCase();
  return WELL_KNOWN_GUIDS.has(g) || MICROSOFT_APP_FAMILY.test(g);
}

const GUID = /(?<![0-9A-Za-z_])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_])/g;
const guidTokenCache = new Map<string, string>();

/** The stable token of a GUID: the first 8 hex digits of HMAC-SHA256(key, lower-case GUID). */
export function guidToken(guid: string, hashKey: string = DEFAULT_HASH_KEY): string {
  const g = guid.toLowerCase();
  const cacheKey = `${hashKey.length}:${hashKey}\u0000${g}`;
  let token = guidTokenCache.get(cacheKey);
  if (token === undefined) {
    token = `<guid:${createHmac('sha256', hashKey).update(g).digest('hex').slice(0, 8)}>`;
    if (guidTokenCache.size >= 10_000) guidTokenCache.clear();
    guidTokenCache.set(cacheKey, token);
  }
  return token;
}

function redactGuids(text: string, run: Run): string {
  const key = run.options.hashKey || DEFAULT_HASH_KEY;
  return text.replace(GUID, (guid) => {
    if (isWellKnownGuid(guid)) return guid;
    run.counts.tenant_id++;
    return guidToken(guid, key);
  });
}

/* ------------------------------------------ entry ----------------------------------------- */

const RULES: ((text: string, run: Run) => string)[] = [
  redactPemBlocks,
  redactKeyBlobs,
  redactUrlCredentials,
  redactShapes,
  redactSecureStrings,
  redactPsCredential,
  redactNetUse,
  redactCurlUser,
  redactXmlElements,
  redactKeyValues,
  redactCommandFlags,
  redactBareBearer,
];

/**
 * Masks the secrets in `text` (and, by option, e-mail local parts and tenant GUIDs). Returns the
 * redacted text and how many of each kind were masked. Idempotent: redacting the result again
 * changes nothing and counts nothing.
 */
export function redact(text: string, options: RedactionOptions = DEFAULT_REDACTION_OPTIONS): RedactionResult {
  const run = new Run(options);
  let out = text;
  for (const rule of RULES) out = rule(out, run);
  if (options.maskEmails) out = redactEmails(out, run);
  if (options.maskTenantIds) out = redactGuids(out, run);
  return { text: out, counts: run.counts };
}

/**
 * A value whose key is known, as in a JSON object of an activity (`{ "token": "…" }`): the whole
 * value is masked when the key names a secret (an Authorization value keeps its scheme);
 * otherwise the value is redacted as text.
 */
export function redactField(key: string, value: string, options: RedactionOptions = DEFAULT_REDACTION_OPTIONS): RedactionResult {
  const kind = secretKindOfKey(key);
  if (kind && !isBenignValue(value, "'")) {
    const run = new Run(options);
    const bare = key.replace(/^[-/]+/, '').toLowerCase();
    if (bare === 'authorization' || bare === 'proxy-authorization') {
      const span = authSecret(value, 0, value.length);
      if (!span || isBenignValue(value.slice(span[0], span[1]))) return redact(value, options);
      return { text: value.slice(0, span[0]) + run.mask(kind), counts: run.counts };
    }
    return { text: run.mask(kind), counts: run.counts };
  }
  return redact(value, options);
}
