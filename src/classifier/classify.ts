/**
 * Classifies a paste against the knowledge base: cosine over word and character spaces,
 * the best-matching window of a long paste, a bonus for exact error signatures, then a
 * decision: match (one error, confidently), ambiguous (ask "did you mean"), or unknown.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import { cleanPaste } from '../text/paste.js';
import { extractCodes, featuresOfMasked, maskIdentifiers, phraseKeyOfMasked, rawTokens, wordTokens, type Features } from './features.js';
import type { ErrorIndex, Space } from './index-builder.js';
import { indexFor } from './index-snapshot.js';
import type { ClassifierParams } from './params.js';
import { TUNED } from './tuned-params.js';

export type Decision = 'match' | 'ambiguous' | 'unknown';

export interface Candidate {
  id: string;
  title: string;
  score: number;
  /** signature phrases and diagnostic codes of this error found in the paste */
  matched: string[];
}

/** What a ranked candidate rests on, for the decision; not part of the answer. */
interface Evidence {
  /** one of its distinctive signatures appears verbatim */
  distinctive: boolean;
  /** the signatures it shares with other errors that appear verbatim */
  shared: Set<string>;
}

export interface Classification {
  decision: Decision;
  candidates: Candidate[];
  /** what to offer as "did you mean" when the decision is ambiguous: the close candidates, 2 to 5 */
  suggestions: Candidate[];
  /** diagnostic codes read from the paste (HTTP 401, LID 43532, ...) */
  codes: string[];
  /** the paste was longer than the classifier reads; only its head and tail were used */
  truncated: boolean;
}

/** Longest text read: the head and the tail of anything longer (errors sit at the end of logs). */
export const MAX_READ = 256 * 1024;
const TAIL = 64 * 1024;
const WINDOW_LINES = 12;
/** lines scored from a long paste */
const FOCUS_LINES = 6;
const WINDOW_CHARS = 2000;
/** a code held by at most this many errors counts as rare evidence */
const RARE_CODE_MAX_ERRORS = 3;

/** Adds one query feature's products into dots; returns its squared weight for the query norm. */
function addTerm<K extends string | number>(space: Space<K>, term: K, tf: number, dots: Float64Array): number {
  const p = space.postings.get(term);
  const w = (1 + Math.log(tf)) * (p ? p.idf : space.unseenIdf);
  if (p) {
    const { docs, weights } = p;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as number;
      dots[d] = (dots[d] as number) + w * (weights[i] as number);
    }
  }
  return w * w;
}

function normalise(dots: Float64Array, norm: number): void {
  const inv = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (let d = 0; d < dots.length; d++) dots[d] = (dots[d] as number) * inv;
}

/** Cosine of the word features with every document (documents are unit vectors). */
function wordCosines(space: Space<string>, features: Map<string, number>, dots: Float64Array): void {
  dots.fill(0);
  let norm = 0;
  for (const [term, tf] of features) norm += addTerm(space, term, tf, dots);
  normalise(dots, norm);
}

/** The same for character grams; sorting the flat gram list counts repeats without a Map. */
function gramCosines(space: Space<number>, grams: Int32Array, dots: Float64Array): void {
  dots.fill(0);
  grams.sort();
  let norm = 0;
  for (let i = 0; i < grams.length; ) {
    const g = grams[i] as number;
    let j = i + 1;
    while (j < grams.length && grams[j] === g) j++;
    norm += addTerm(space, g, j - i, dots);
    i = j;
  }
  normalise(dots, norm);
}

export class ErrorClassifier {
  // Scratch buffers reused by every query (JavaScript runs one query at a time), so scoring allocates nothing.
  private readonly wordDots: Float64Array;
  private readonly charDots: Float64Array;
  private readonly perClass: Float64Array;
  /** evidence weight of a raw token (the idf of the word features it yields), memoised for line ranking */
  private readonly tokenWeights = new Map<string, number>();

  private constructor(
    readonly index: ErrorIndex,
    readonly params: ClassifierParams,
  ) {
    this.wordDots = new Float64Array(index.docClass.length);
    this.charDots = new Float64Array(index.docClass.length);
    this.perClass = new Float64Array(index.classes.length);
  }

  /** The classifier for a validated knowledge base; `snapshot` names a saved index to reuse when it matches. */
  static fromKnowledge(kb: KnowledgeBase, params: ClassifierParams = TUNED, snapshot?: string): ErrorClassifier {
    return new ErrorClassifier(indexFor(kb, snapshot), params);
  }

  withParams(params: ClassifierParams): ErrorClassifier {
    return new ErrorClassifier(this.index, params);
  }

  /** Per-class similarity of one text window: the best document of each class (in a reused buffer). */
  private windowScores(features: Features): Float64Array {
    const { index, params, perClass } = this;
    const nDocs = index.docClass.length;
    const w = this.wordDots;
    const c = this.charDots;
    wordCosines(index.word, features.word, w);
    gramCosines(index.char, features.char, c);
    perClass.fill(0);
    for (let d = 0; d < nDocs; d++) {
      const s = params.alpha * (w[d] as number) + (1 - params.alpha) * (c[d] as number);
      const k = index.docClass[d] as number;
      if (s > (perClass[k] as number)) perClass[k] = s;
    }
    return perClass;
  }

  /**
   * Long pastes are mostly noise around one error (greetings, signatures, unrelated log
   * lines). Rank the lines by the indexed evidence their words carry and score only the
   * strongest few, in their original order, so context lines far from the error still count.
   */
  private focus(masked: string): Features {
    const lines = masked.split('\n');
    if (lines.length <= WINDOW_LINES && masked.length <= WINDOW_CHARS) return featuresOfMasked(masked);
    const ranked = lines
      .map((line, i) => {
        let e = 0;
        for (const token of rawTokens(line.length > 4000 ? line.slice(0, 4000) : line)) e += this.tokenWeight(token);
        return [e, i] as const;
      })
      .filter(([e]) => e > 0)
      .sort((x, y) => y[0] - x[0] || x[1] - y[1])
      .slice(0, FOCUS_LINES)
      .map(([, i]) => i)
      .sort((x, y) => x - y);
    if (ranked.length === 0) return featuresOfMasked(masked.slice(0, WINDOW_CHARS));
    const text = ranked.map((i) => lines[i] as string).join('\n');
    return featuresOfMasked(text.length > WINDOW_CHARS * 2 ? text.slice(0, WINDOW_CHARS * 2) : text);
  }

  private tokenWeight(token: string): number {
    let w = this.tokenWeights.get(token);
    if (w === undefined) {
      w = 0;
      for (const t of wordTokens(token).terms) w += this.index.word.postings.get(`w:${t}`)?.idf ?? 0;
      if (this.tokenWeights.size < 100_000) this.tokenWeights.set(token, w);
    }
    return w;
  }

  classify(raw: string): Classification {
    return conclude(this.rank(raw), this.params);
  }

  /** Every error with its score, best first, before any decision. */
  rank(raw: string): Ranking {
    const truncated = raw.length > MAX_READ;
    const input = truncated ? `${raw.slice(0, MAX_READ - TAIL)}\n${raw.slice(-TAIL)}` : raw;
    const masked = maskIdentifiers(cleanPaste(input).text);
    const { index, params } = this;
    const n = index.classes.length;
    const scores = Float64Array.from(this.windowScores(this.focus(masked)));
    // Codes are evidence wherever they stand in the paste, not only in the scored window.
    const codes: string[] = [];
    const codeFeatures = new Set<string>();
    for (const [feature, readable] of extractCodes(masked)) {
      codeFeatures.add(feature);
      if (!codes.includes(readable)) codes.push(readable);
    }

    const matched = new Map<number, string[]>();
    const evidence = new Map<number, Evidence>();
    const key = phraseKeyOfMasked(masked);
    const words = new Set(key.split(' '));
    const bonus = new Float64Array(n);
    for (const p of index.phrases) {
      if (!words.has(p.anchor) || !p.segments.every((s) => key.includes(s))) continue;
      const list = matched.get(p.classIdx) ?? [];
      matched.set(p.classIdx, list);
      if (!list.includes(p.text)) list.push(p.text);
      const ev = evidence.get(p.classIdx) ?? { distinctive: false, shared: new Set<string>() };
      evidence.set(p.classIdx, ev);
      if (p.shared) ev.shared.add(p.segments.join('|'));
      else ev.distinctive = true;
      const b = p.shared ? params.sharedPhraseBonus : params.phraseBonus;
      if (b > (bonus[p.classIdx] as number)) bonus[p.classIdx] = b;
    }
    // A rare code (a LID, HRESULT, exception name that few errors show) is evidence on its own,
    // even in a paste too short for the cosine to say much.
    const codeBonus = new Float64Array(n);
    for (const f of codeFeatures) {
      const holders = index.codeHolders.get(f);
      if (!holders || holders.length > RARE_CODE_MAX_ERRORS || f.startsWith('s:http')) continue;
      for (const k of holders) codeBonus[k] = params.codeBonus;
    }
    const ranked: Ranked[] = index.classes.map((c, k) => {
      const m = matched.get(k) ?? [];
      for (const f of codeFeatures) {
        if (c.codes.has(f)) {
          const readable = describeCode(f);
          if (!m.includes(readable)) m.push(readable);
        }
      }
      const score = round((scores[k] as number) + (bonus[k] as number) + (codeBonus[k] as number));
      return { id: c.id, title: c.title, score, matched: m, evidence: evidence.get(k) ?? NO_EVIDENCE };
    });
    ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { ranked, codes, truncated };
  }
}

type Ranked = Candidate & { evidence: Evidence };
const NO_EVIDENCE: Evidence = Object.freeze({ distinctive: false, shared: new Set<string>() });

export interface Ranking {
  ranked: Ranked[];
  codes: string[];
  truncated: boolean;
}

/**
 * Errors that show the same verbatim text as the best one, when that shared text is all the
 * best one has: the paste cannot tell them apart however the cosine ranks them (K1's bare 401).
 */
function sharedRivals(ranked: Ranked[], p: ClassifierParams): Ranked[] {
  const top = ranked[0];
  if (!top || top.evidence.distinctive || top.evidence.shared.size === 0 || p.sharedMargin <= 0) return [];
  return ranked.filter((c, i) => i > 0 && !c.evidence.distinctive && top.score - c.score < p.sharedMargin && [...c.evidence.shared].some((k) => top.evidence.shared.has(k)));
}

const publicCandidate = ({ id, title, score, matched }: Ranked): Candidate => ({ id, title, score, matched });

/** Turn a ranking into the answer: the decision, the candidates to list and the "did you mean" set. */
export function conclude(r: Ranking, params: ClassifierParams): Classification {
  const { ranked } = r;
  const s1 = ranked[0]?.score ?? 0;
  let decision = decide(ranked, params);
  let suggestions = ranked.filter((c, i) => i < 2 || c.score >= s1 - params.ambiguityWindow).slice(0, 5);
  const rivals = decision === 'unknown' ? [] : sharedRivals(ranked, params);
  if (rivals.length > 0) {
    decision = 'ambiguous';
    suggestions = [ranked[0] as Ranked, ...rivals].slice(0, 5);
  }
  return {
    decision,
    candidates: ranked.slice(0, Math.max(3, suggestions.length)).map(publicCandidate),
    suggestions: suggestions.map(publicCandidate),
    codes: r.codes,
    truncated: r.truncated,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function describeCode(feature: string): string {
  const v = feature.slice(2);
  const m = /^(http|lid|hex|aadsts|diag|cat|exc)(.*)$/.exec(v);
  if (!m) return v;
  const [, kind, rest] = m;
  switch (kind) {
    case 'http':
      return `HTTP ${rest}`;
    case 'lid':
      return `LID ${rest}`;
    case 'hex':
      return `0x${(rest as string).toUpperCase()}`;
    case 'aadsts':
      return `AADSTS${rest}`;
    case 'diag':
      return `diagnostics ${rest}`;
    case 'cat':
      return `error_category ${rest}`;
    default:
      return rest as string;
  }
}

export function decide(ranked: Candidate[], p: ClassifierParams): Decision {
  const s1 = ranked[0]?.score ?? 0;
  const s2 = ranked[1]?.score ?? 0;
  if (s1 < p.rejectScore) return 'unknown';
  if (s1 >= p.acceptScore && s1 - s2 >= p.acceptMargin) return 'match';
  return 'ambiguous';
}
