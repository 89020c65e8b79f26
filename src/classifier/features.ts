/**
 * Feature extraction for short, code-like error text. The admin's own values (hosts,
 * addresses, GUIDs, IPs, timestamps, thumbprints) are masked so they never decide a match;
 * diagnostic codes (HTTP status, HRESULT, LID, AADSTS, exception names) are kept and also
 * emitted as explicit code features, because they carry most of the evidence.
 */
import { PorterStemmer, RegexpTokenizer, bigrams } from './natural.js';

export interface Features {
  /** word unigrams (w:), word bigrams (b:) and diagnostic codes (s:), with counts */
  word: Map<string, number>;
  /** character 5-grams of words (padded with a space) as small-integer hashes, repeats included, in no order */
  char: Int32Array;
  /** human-readable codes found, e.g. "HTTP 401", "LID 43532" */
  codes: string[];
}

const MICROSOFT_HOST = /(?:^|\.)(?:microsoftonline(?:-p)?\.com|office365\.com|outlook\.com|office\.com|windows\.net|live\.com|msappproxy\.net|microsoft\.com)$/i;
const TLDS = new Set(
  'com net org edu gov mil int local lan corp internal intra ad io co uk de fr ro nl be ch at au ca us info biz eu jp cn in br es it se no dk fi pl cz ie nz za mx ru tv me cloud app dev online tech pt gr hu sk si hr bg lt lv ee tr il ae sg hk tw kr ar cl pe'.split(' '),
);
/** GUIDs that are constants of the product, not the admin's data */
export const MAGIC_GUIDS: Record<string, string> = {
  '00000002-0000-0ff1-ce00-000000000000': 'exchangeappidtok',
  '00000001-0000-0000-c000-000000000000': 'acsissuertok',
};

function maskHost(host: string): string {
  const lower = host.toLowerCase();
  if (lower.endsWith('onmicrosoft.com')) return 'hosttok onmicrosofttok';
  if (MICROSOFT_HOST.test(lower)) return lower;
  return 'hosttok';
}

/** Replace the admin's own identifiers with placeholder tokens; keep paths and codes. */
export function maskIdentifiers(text: string): string {
  return (
    text
      .replace(/\b(?:https?):\/\/([^\s/:'"<>)|\]]+)(?::\d+)?(\/[^\s'"<>)|\]]*)?/gi, (_m, host: string, path?: string) => ` ${maskHost(host)} ${path ?? ''} `)
      .replace(/\b[A-Za-z0-9._%+'-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b/g, (_m, domain: string) =>
        domain.toLowerCase().endsWith('onmicrosoft.com') ? ' smtptok onmicrosofttok ' : ' smtptok ',
      )
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (g) => ` ${MAGIC_GUIDS[g.toLowerCase()] ?? 'guidtok'} `)
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?Z?\b/g, ' ')
      .replace(/\b\d{1,2}\/\d{1,2}\/\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?/gi, ' ')
      .replace(/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, ' ')
      .replace(/\b[0-9A-Fa-f]{40}\b/g, ' thumbtok ')
      .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, ' iptok ')
      .replace(/\b[A-Za-z0-9+/]{16,}={1,2}/g, ' b64tok ')
      .replace(/\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})\b(?![.\w-])/g, (host: string, tld: string) => {
        if (!TLDS.has(tld.toLowerCase())) return host;
        if (/^(?:system|microsoft)\./i.test(host)) return host;
        return ` ${maskHost(host)} `;
      })
  );
}

const HTTP_REASON = 'Unauthorized|Forbidden|Not Found|Method Not Allowed|Internal Server Error|Service Unavailable|Gateway Time-?out|Bad Request|Bad Gateway|Proxy Authentication Required|Request Timeout';

/** Diagnostic codes as [feature, readable] pairs. Runs on masked text. */
export function extractCodes(text: string): [string, string][] {
  const out: [string, string][] = [];
  const add = (feature: string, readable: string) => out.push([`s:${feature}`, readable]);
  for (const m of text.matchAll(/\b(?:HTTP\s+status(?:\s+code)?|status\s+code|HTTP\s+Error|HTTP\/1\.[01])\s*:?\s*\(?([1-5]\d\d)\b/gi)) add(`http${m[1]}`, `HTTP ${m[1]}`);
  for (const m of text.matchAll(/\(([1-5]\d\d)\)/g)) add(`http${m[1]}`, `HTTP ${m[1]}`);
  for (const m of text.matchAll(new RegExp(`\\b([1-5]\\d\\d)\\s*:?\\s*(?:${HTTP_REASON})\\b`, 'gi'))) add(`http${m[1]}`, `HTTP ${m[1]}`);
  for (const m of text.matchAll(/\s([1-5]\d\d)\s+\d+\s+\d+\s+\d+\s*$/gm)) add(`http${m[1]}`, `HTTP ${m[1]}`);
  for (const m of text.matchAll(/\bLID\s*:?\s*(\d{4,6})\b/gi)) add(`lid${m[1]}`, `LID ${m[1]}`);
  for (const m of text.matchAll(/\b(?:0x)?(8[0-9a-f]{7})\b/gi)) add(`hex${m[1]?.toLowerCase()}`, `0x${m[1]?.toUpperCase()}`);
  for (const m of text.matchAll(/\bAADSTS(\d{4,6})\b/g)) add(`aadsts${m[1]}`, `AADSTS${m[1]}`);
  for (const m of text.matchAll(/\bdiagnostics:\s*(\d{5,})/gi)) add(`diag${m[1]}`, `diagnostics ${m[1]}`);
  for (const m of text.matchAll(/\berror_category\s*=\s*"?([a-z_]+)"?/gi)) add(`cat${m[1]?.toLowerCase()}`, `error_category ${m[1]}`);
  for (const m of text.matchAll(/\b([A-Z][A-Za-z]*(?:Exception|Fault))\b/g)) add(`exc${m[1]?.toLowerCase()}`, m[1] as string);
  return out;
}

const STOPWORDS = new Set(
  'a an the of to in on for and or is are was were be been being it its this that these those with at by from as i you we they he she my our your me us t s ll re ve d m please hi hello thanks thank'.split(' '),
);
const PLACEHOLDERS = new Set(['hosttok', 'smtptok', 'guidtok', 'iptok', 'thumbtok', 'b64tok', 'onmicrosofttok', 'exchangeappidtok', 'acsissuertok']);

const tokenizer = new RegexpTokenizer({ pattern: /[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*|\d+/g, gaps: false });
const stemCache = new Map<string, string>();

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** CamelCase, dashes and underscores split a token into its words: NoFreeBusyAccessException -> No Free Busy Access Exception. */
function splitCompound(token: string): string[] {
  return token.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [token];
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * 5-grams only: 3- and 4-grams had the longest posting lists and changed no validation
 * answer, while they tripled the query time.
 */
const GRAM = 5;
const gramCache = new Map<string, Int32Array>();

/**
 * Character 5-grams of " word " as 30-bit FNV-1a hashes computed from the char codes, so a
 * query allocates no gram strings (their garbage, not the arithmetic, set the p99). With a few
 * thousand indexed grams a collision is about as likely as 1 in 100,000. Words repeat a lot in
 * pastes (stack frames, log prefixes), so each word's grams are cached.
 */
function charGrams(word: string): Int32Array {
  let grams = gramCache.get(word);
  if (grams) return grams;
  const len = Math.min(word.length, 40) + 2;
  const code = (i: number) => (i === 0 || i === len - 1 ? 32 : word.charCodeAt(i - 1));
  const out: number[] = [];
  for (let i = 0; i + GRAM <= len; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < GRAM; j++) h = Math.imul(h ^ code(i + j), 0x01000193);
    out.push((h >>> 0) & 0x3fffffff);
  }
  grams = Int32Array.from(out);
  if (gramCache.size < 50_000) gramCache.set(word, grams);
  return grams;
}

/** The raw tokens of a text, as the word features see them before any splitting or stemming. */
export function rawTokens(text: string): string[] {
  return tokenizer.tokenize(text) ?? [];
}

/** The word tokens of a text: compound tokens whole plus their stemmed parts; prose stemmed. */
export function wordTokens(masked: string): { terms: string[]; heads: string[]; raw: string[] } {
  const terms: string[] = [];
  const heads: string[] = [];
  const raw: string[] = [];
  for (const token of rawTokens(masked)) {
    const lower = token.toLowerCase();
    if (PLACEHOLDERS.has(lower)) {
      terms.push(lower);
      heads.push(lower);
      continue;
    }
    if (/^\d+$/.test(token)) {
      if (token.length >= 3 && token.length <= 7) {
        terms.push(`n${token}`);
        heads.push(`n${token}`);
      }
      continue;
    }
    raw.push(lower);
    const parts = splitCompound(token).map((p) => p.toLowerCase());
    if (parts.length > 1) {
      terms.push(lower);
      heads.push(lower);
      for (const p of parts) if (!STOPWORDS.has(p) && !/^\d+$/.test(p)) terms.push(stem(p));
    } else if (!STOPWORDS.has(lower)) {
      const s = stem(lower);
      terms.push(s);
      heads.push(s);
    }
  }
  return { terms, heads, raw };
}

/** All features of one (already cleaned) text. */
export function extractFeatures(cleaned: string): Features {
  return featuresOfMasked(maskIdentifiers(cleaned));
}

/** The features of text whose identifiers are already masked (a long paste is masked once). */
export function featuresOfMasked(masked: string): Features {
  const { word, codes, raw } = wordFeaturesOfMasked(masked);
  return { word, char: charGramList(raw), codes };
}

/** Word, bigram and code features, plus the words whose character grams are still to add. */
function wordFeaturesOfMasked(masked: string): { word: Map<string, number>; codes: string[]; raw: string[] } {
  const word = new Map<string, number>();
  const codes: string[] = [];
  for (const [feature, readable] of extractCodes(masked)) {
    bump(word, feature);
    if (!codes.includes(readable)) codes.push(readable);
  }
  const { terms, heads, raw } = wordTokens(masked);
  for (const t of terms) bump(word, `w:${t}`);
  if (heads.length > 1) for (const [a, b] of bigrams(heads)) bump(word, `b:${a}_${b}`);
  return { word, codes, raw };
}

/** The grams of all the words in one flat array: counting them is left to a sort, not a Map. */
export function charGramList(words: string[]): Int32Array {
  const lists: Int32Array[] = [];
  let total = 0;
  for (const w of words) {
    if (w.length < 2) continue;
    const g = charGrams(w);
    lists.push(g);
    total += g.length;
  }
  const out = new Int32Array(total);
  let at = 0;
  for (const g of lists) {
    out.set(g, at);
    at += g.length;
  }
  return out;
}

/** Gram counts, for indexing a document. */
export function countGrams(grams: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const g of grams) bump(counts, g);
  return counts;
}


/** Lowercase words only, for phrase matching of signatures: punctuation and spacing do not matter. */
export function phraseKey(text: string): string {
  return phraseKeyOfMasked(maskIdentifiers(text));
}

export function phraseKeyOfMasked(masked: string): string {
  return ` ${masked
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}
