/**
 * Classifies a paste against the knowledge base: cosine over word and character spaces,
 * the best-matching window of a long paste, a bonus for exact error signatures, then a
 * decision: match (one error, confidently), ambiguous (ask "did you mean"), or unknown.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import { cleanPaste } from '../text/paste.js';
import { addCharFeatures, featuresOfMasked, maskIdentifiers, mergeCounts, phraseKeyOfMasked, wordFeaturesOfMasked, type Features } from './features.js';
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
const WINDOW_CHARS = 2000;
/** windows scored in a long paste: one, around the most evidential line (two changed no validation answer) */
const MAX_WINDOWS = 1;
/** a code held by at most this many errors counts as rare evidence */
const RARE_CODE_MAX_ERRORS = 3;

/** Writes the cosine of the query with every document of a space into a zeroed array (documents are unit vectors). */
function spaceDot<K extends string | number>(space: Space<K>, features: Map<K, number>, dots: Float64Array): void {
  let norm = 0;
  for (const [term, tf] of features) {
    const p = space.postings.get(term);
    const w = (1 + Math.log(tf)) * (p ? p.idf : space.unseenIdf);
    norm += w * w;
    if (!p) continue;
    const { docs, weights } = p;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as number;
      dots[d] = (dots[d] as number) + w * (weights[i] as number);
    }
  }
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (let d = 0; d < dots.length; d++) dots[d] = (dots[d] as number) * inv;
}

export class ErrorClassifier {
  private constructor(
    readonly index: ErrorIndex,
    readonly params: ClassifierParams,
  ) {}

  /** The classifier for a validated knowledge base; `snapshot` names a saved index to reuse when it matches. */
  static fromKnowledge(kb: KnowledgeBase, params: ClassifierParams = TUNED, snapshot?: string): ErrorClassifier {
    return new ErrorClassifier(indexFor(kb, snapshot), params);
  }

  withParams(params: ClassifierParams): ErrorClassifier {
    return new ErrorClassifier(this.index, params);
  }

  /** Per-class similarity of one text window: the best document of each class. */
  private windowScores(features: Features): Float64Array {
    const { index, params } = this;
    const nDocs = index.docClass.length;
    const w = new Float64Array(nDocs);
    const c = new Float64Array(nDocs);
    spaceDot(index.word, features.word, w);
    spaceDot(index.char, features.char, c);
    const perClass = new Float64Array(index.classes.length);
    for (let d = 0; d < nDocs; d++) {
      const s = params.alpha * (w[d] as number) + (1 - params.alpha) * (c[d] as number);
      const k = index.docClass[d] as number;
      if (s > (perClass[k] as number)) perClass[k] = s;
    }
    return perClass;
  }

  /**
   * Long pastes are mostly noise around one error: score the few windows of lines that
   * carry the most indexed evidence instead of diluting the whole paste. Each line's word
   * features are computed once; character grams only for the lines of the chosen windows.
   */
  private windows(masked: string): Features[] {
    const lines = masked.split('\n');
    if (lines.length <= WINDOW_LINES && masked.length <= WINDOW_CHARS) return [featuresOfMasked(masked)];
    const postings = this.index.word.postings;
    const perLine = lines.map((line) => wordFeaturesOfMasked(line.length > 4000 ? line.slice(0, 4000) : line));
    const evidence = perLine.map((f) => {
      let e = 0;
      for (const k of f.word.keys()) e += postings.get(k)?.idf ?? 0;
      return e;
    });
    const seeds = evidence
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e > 0)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const out: Features[] = [];
    const taken = new Set<number>();
    for (const [, i] of seeds) {
      if (out.length === MAX_WINDOWS) break;
      if (taken.has(i)) continue;
      const f: Features = { word: new Map(), char: new Map(), codes: [] };
      for (let j = Math.max(0, i - 2); j < Math.min(lines.length, i + 4); j++) {
        taken.add(j);
        const line = perLine[j] as (typeof perLine)[number];
        mergeCounts(f.word, line.word);
        addCharFeatures(line.raw, f.char);
        for (const c of line.codes) if (!f.codes.includes(c)) f.codes.push(c);
      }
      out.push(f);
    }
    return out.length ? out : [featuresOfMasked(masked.slice(0, WINDOW_CHARS))];
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
    const scores = new Float64Array(n);
    const codes: string[] = [];
    const codeFeatures = new Set<string>();

    for (const f of this.windows(masked)) {
      for (const c of f.codes) if (!codes.includes(c)) codes.push(c);
      for (const k of f.word.keys()) if (k.startsWith('s:')) codeFeatures.add(k);
      const ws = this.windowScores(f);
      for (let k = 0; k < n; k++) if ((ws[k] as number) > (scores[k] as number)) scores[k] = ws[k] as number;
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
