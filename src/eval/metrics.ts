/** Scores a classifier on evaluation items: the figures the floors and the report use. */
import type { Classification, ErrorClassifier } from '../classifier/classify.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { EvalItem } from './dataset.js';
import { phraseKey } from '../classifier/features.js';
import { cleanPaste } from '../text/paste.js';

export interface Confusion {
  label: string;
  predicted: string;
  count: number;
  items: string[];
}

export interface EvalReport {
  split: string;
  counts: { inScope: number; ambiguous: number; outOfScope: number; nearMiss: number };
  top1: number;
  top3: number;
  macroF1: number;
  outOfScopeRecall: number;
  nearMissRecall: number;
  falseRejection: number;
  /** share of in-scope pastes answered with a match, and how often those matches are right */
  coverage: number;
  selectiveAccuracy: number;
  /** undecidable pastes answered "ambiguous" with the right candidates */
  ambiguityAccuracy: number;
  /** undecidable pastes answered with a confident single match */
  ambiguousConfidentlyMatched: number;
  /** in-scope items whose text (identifiers masked) equals no knowledge text the classifier learns from */
  unseen: { n: number; top1: number; top3: number };
  perCluster: Record<string, { n: number; accuracy: number }>;
  perGenerator: Record<string, { n: number; accuracy: number }>;
  confusions: Confusion[];
  failures: { id: string; expected: string; decision: string; got: string[] }[];
}

const OOS = 'out-of-scope';

function predictedLabel(r: Classification): string {
  return r.decision === 'unknown' ? OOS : (r.candidates[0]?.id ?? OOS);
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000;
}

export function ambiguousCorrect(r: Classification, expected: string[]): boolean {
  if (r.decision !== 'ambiguous') return false;
  const offered = r.suggestions.map((c) => c.id);
  const hits = offered.filter((id) => expected.includes(id)).length;
  return expected.includes(r.candidates[0]?.id ?? '') && hits >= Math.min(2, expected.length);
}

/** The knowledge texts as the classifier sees them, to tell which evaluation items it has never seen. */
export function learnedTexts(kb: KnowledgeBase): Set<string> {
  const keys = new Set<string>();
  for (const e of kb.entries) for (const t of [e.title, ...e.examples, ...e.symptoms, ...e.signatures.map((s) => s.text)]) keys.add(phraseKey(cleanPaste(t).text));
  return keys;
}

export function evaluate(classifier: ErrorClassifier, items: EvalItem[], kb: KnowledgeBase, split: string): EvalReport {
  const learned = learnedTexts(kb);
  const unseen = { n: 0, top1: 0, top3: 0 };
  let top1 = 0,
    top3 = 0,
    rejected = 0,
    matched = 0,
    matchedRight = 0,
    oosRight = 0,
    nearMiss = 0,
    nearMissRight = 0,
    ambRight = 0,
    ambMatched = 0;
  const counts = { inScope: 0, ambiguous: 0, outOfScope: 0, nearMiss: 0 };
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const cluster = new Map<string, [number, number]>();
  const generator = new Map<string, [number, number]>();
  const tally = (m: Map<string, [number, number]>, k: string, ok: boolean) => {
    const v = m.get(k) ?? [0, 0];
    m.set(k, [v[0] + 1, v[1] + (ok ? 1 : 0)]);
  };
  const confusions = new Map<string, Confusion>();
  const failures: EvalReport['failures'] = [];
  const clustersOf = (id: string) => kb.byId.get(id)?.clusters ?? [];

  for (const item of items) {
    const r = classifier.classify(item.text);
    const got = r.candidates.slice(0, 3).map((c) => c.id);
    if (item.kind === 'in-scope') {
      counts.inScope++;
      const pred = predictedLabel(r);
      const ok1 = r.decision !== 'unknown' && got[0] === item.label;
      const ok3 = r.decision !== 'unknown' && got.includes(item.label);
      if (ok1) top1++;
      if (ok3) top3++;
      if (!learned.has(phraseKey(cleanPaste(item.text).text))) {
        unseen.n++;
        if (ok1) unseen.top1++;
        if (ok3) unseen.top3++;
      }
      if (r.decision === 'unknown') rejected++;
      if (r.decision === 'match') {
        matched++;
        if (ok1) matchedRight++;
      }
      if (pred === item.label) inc(tp, item.label);
      else {
        inc(fn, item.label);
        inc(fp, pred);
        const key = `${item.label}→${pred}`;
        const c = confusions.get(key) ?? { label: item.label, predicted: pred, count: 0, items: [] };
        c.count++;
        c.items.push(item.id);
        confusions.set(key, c);
      }
      if (!ok1 || r.decision !== 'match') failures.push({ id: item.id, expected: item.label, decision: r.decision, got });
      for (const k of clustersOf(item.label)) tally(cluster, k, ok1);
      tally(generator, item.generator, ok1);
    } else if (item.kind === 'ambiguous') {
      counts.ambiguous++;
      const ok = ambiguousCorrect(r, item.candidates);
      if (ok) ambRight++;
      if (r.decision === 'match') ambMatched++;
      if (!ok) failures.push({ id: item.id, expected: `ambiguous: ${item.candidates.join(', ')}`, decision: r.decision, got });
      if (item.cluster) tally(cluster, item.cluster, ok);
      tally(generator, `ambiguous/${item.generator}`, ok);
    } else {
      counts.outOfScope++;
      const ok = r.decision === 'unknown';
      if (ok) oosRight++;
      if (item.nearMiss) {
        counts.nearMiss++;
        nearMiss++;
        if (ok) nearMissRight++;
      }
      const pred = predictedLabel(r);
      if (ok) inc(tp, OOS);
      else {
        inc(fn, OOS);
        inc(fp, pred);
        failures.push({ id: item.id, expected: OOS, decision: r.decision, got });
      }
      tally(generator, `out-of-scope/${item.generator}`, ok);
    }
  }

  const labels = [...kb.entries.map((e) => e.id), OOS];
  let f1sum = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const p = t + (fp.get(l) ?? 0);
    const r = t + (fn.get(l) ?? 0);
    const prec = p ? t / p : 0;
    const rec = r ? t / r : 0;
    f1sum += prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  }
  const table = (m: Map<string, [number, number]>) =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })).map(([k, [n, ok]]) => [k, { n, accuracy: ratio(ok, n) }]));

  return {
    split,
    counts,
    top1: ratio(top1, counts.inScope),
    top3: ratio(top3, counts.inScope),
    macroF1: ratio(f1sum, labels.length),
    outOfScopeRecall: ratio(oosRight, counts.outOfScope),
    nearMissRecall: ratio(nearMissRight, nearMiss),
    falseRejection: ratio(rejected, counts.inScope),
    coverage: ratio(matched, counts.inScope),
    selectiveAccuracy: ratio(matchedRight, matched),
    ambiguityAccuracy: ratio(ambRight, counts.ambiguous),
    ambiguousConfidentlyMatched: ratio(ambMatched, counts.ambiguous),
    unseen: { n: unseen.n, top1: ratio(unseen.top1, unseen.n), top3: ratio(unseen.top3, unseen.n) },
    perCluster: table(cluster),
    perGenerator: table(generator),
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count),
    failures,
  };
}

/**
 * The floors `npm test` enforces on the test split. Beyond the four of the product brief:
 * the top-1 floor also holds on pastes the classifier has never seen verbatim, and pastes
 * that cannot be decided must mostly get "did you mean", rarely a confident single answer.
 */
export const FLOORS = { top1: 0.95, top3: 0.99, outOfScopeRecall: 0.8, falseRejection: 0.05, ambiguityAccuracy: 0.5, ambiguousConfidentlyMatched: 0.25 } as const;

export function floorViolations(r: EvalReport): string[] {
  const v: string[] = [];
  if (r.top1 < FLOORS.top1) v.push(`top-1 ${r.top1} < ${FLOORS.top1}`);
  if (r.unseen.top1 < FLOORS.top1) v.push(`top-1 on unseen pastes ${r.unseen.top1} < ${FLOORS.top1}`);
  if (r.ambiguityAccuracy < FLOORS.ambiguityAccuracy) v.push(`ambiguous pastes answered "did you mean" ${r.ambiguityAccuracy} < ${FLOORS.ambiguityAccuracy}`);
  if (r.ambiguousConfidentlyMatched > FLOORS.ambiguousConfidentlyMatched) v.push(`ambiguous pastes matched confidently ${r.ambiguousConfidentlyMatched} > ${FLOORS.ambiguousConfidentlyMatched}`);
  if (r.top3 < FLOORS.top3) v.push(`top-3 ${r.top3} < ${FLOORS.top3}`);
  if (r.outOfScopeRecall < FLOORS.outOfScopeRecall) v.push(`out-of-scope recall ${r.outOfScopeRecall} < ${FLOORS.outOfScopeRecall}`);
  if (r.falseRejection > FLOORS.falseRejection) v.push(`false rejection ${r.falseRejection} > ${FLOORS.falseRejection}`);
  return v;
}
