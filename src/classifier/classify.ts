/**
 * Classifies a paste against the knowledge base: cosine over word and character spaces,
 * the best-matching window of a long paste, a bonus for exact error signatures, then a
 * decision: match (one error, confidently), ambiguous (ask "did you mean"), or unknown.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import { cleanPaste } from '../text/paste.js';
import { extractFeatures, phraseKey, wordTokens, maskIdentifiers, type Features } from './features.js';
import { buildIndex, type ErrorIndex, type Space } from './index-builder.js';
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
/** a code held by at most this many errors counts as rare evidence */
const RARE_CODE_MAX_ERRORS = 3;

function spaceDot(space: Space, features: Map<string, number>, scores: Float64Array): void {
  let norm = 0;
  const q: [string, number][] = [];
  for (const [term, tf] of features) {
    const idf = space.idf.get(term);
    const w = (1 + Math.log(tf)) * (idf ?? space.unseenIdf);
    norm += w * w;
    if (idf !== undefined && idf > 0) q.push([term, w]);
  }
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (const [term, w] of q) {
    const p = space.postings.get(term);
    if (!p) continue;
    const qw = w * inv;
    for (let i = 0; i < p.docs.length; i++) {
      const d = p.docs[i] as number;
      scores[d] = (scores[d] as number) + qw * (p.weights[i] as number);
    }
  }
}

export class ErrorClassifier {
  private constructor(
    readonly index: ErrorIndex,
    readonly params: ClassifierParams,
  ) {}

  static fromKnowledge(kb: KnowledgeBase, params: ClassifierParams = TUNED): ErrorClassifier {
    return new ErrorClassifier(buildIndex(kb), params);
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
   * carry the most indexed evidence instead of diluting the whole paste.
   */
  private windows(text: string): string[] {
    const lines = text.split('\n');
    if (lines.length <= WINDOW_LINES && text.length <= WINDOW_CHARS) return [text];
    const idf = this.index.word.idf;
    const evidence = lines.map((line) => {
      if (line.length > 4000) line = line.slice(0, 4000);
      let e = 0;
      for (const t of wordTokens(maskIdentifiers(line)).terms) e += idf.get(`w:${t}`) ?? 0;
      return e;
    });
    const order = evidence
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e > 0)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, 3);
    const out: string[] = [];
    const taken = new Set<number>();
    for (const [, i] of order) {
      if (taken.has(i)) continue;
      const from = Math.max(0, i - 2);
      const to = Math.min(lines.length, i + 4);
      for (let j = from; j < to; j++) taken.add(j);
      let window = lines.slice(from, to).join('\n');
      if (window.length > WINDOW_CHARS * 2) window = window.slice(0, WINDOW_CHARS * 2);
      out.push(window);
    }
    return out.length ? out : [text.slice(0, WINDOW_CHARS)];
  }

  classify(raw: string): Classification {
    return conclude(this.rank(raw), this.params);
  }

  /** Every error with its score, best first, before any decision. */
  rank(raw: string): Ranking {
    const truncated = raw.length > MAX_READ;
    const input = truncated ? `${raw.slice(0, MAX_READ - TAIL)}\n${raw.slice(-TAIL)}` : raw;
    const text = cleanPaste(input).text;
    const { index, params } = this;
    const n = index.classes.length;
    const scores = new Float64Array(n);
    const codes: string[] = [];
    const codeFeatures = new Set<string>();

    for (const window of this.windows(text)) {
      const f = extractFeatures(window);
      for (const c of f.codes) if (!codes.includes(c)) codes.push(c);
      for (const k of f.word.keys()) if (k.startsWith('s:')) codeFeatures.add(k);
      const ws = this.windowScores(f);
      for (let k = 0; k < n; k++) if ((ws[k] as number) > (scores[k] as number)) scores[k] = ws[k] as number;
    }

    const matched: string[][] = Array.from({ length: n }, () => []);
    const evidence: Evidence[] = Array.from({ length: n }, () => ({ distinctive: false, shared: new Set<string>() }));
    const key = text ? phraseKey(text) : '';
    const bonus = new Float64Array(n);
    for (const p of index.phrases) {
      if (!p.segments.every((s) => key.includes(s))) continue;
      const list = matched[p.classIdx] as string[];
      if (!list.includes(p.text)) list.push(p.text);
      const ev = evidence[p.classIdx] as Evidence;
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
      const m = matched[k] as string[];
      for (const f of codeFeatures) {
        if (c.codes.has(f)) {
          const readable = describeCode(f);
          if (!m.includes(readable)) m.push(readable);
        }
      }
      const score = round((scores[k] as number) + (bonus[k] as number) + (codeBonus[k] as number));
      return { id: c.id, title: c.title, score, matched: m, evidence: evidence[k] as Evidence };
    });
    ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return { ranked, codes, truncated };
  }
}

type Ranked = Candidate & { evidence: Evidence };

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
