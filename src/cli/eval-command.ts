/** `freebusy-doctor eval`: the classifier's quality on the labelled set, optionally tuning it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorClassifier } from '../classifier/classify.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { loadEvalSet, type EvalItem } from '../eval/dataset.js';
import { evaluate, floorViolations, type EvalReport } from '../eval/metrics.js';
import { tune, writeParams } from '../eval/tune.js';
import { UsageError } from './io.js';

export interface EvalOptions {
  split: string;
  json?: string;
  tune?: boolean;
  failures?: boolean;
  evalDir: string;
  paramsFile: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(r: EvalReport, showFailures: boolean): string {
  const l: string[] = [];
  l.push(`split: ${r.split}   in-scope ${r.counts.inScope}, ambiguous ${r.counts.ambiguous}, out-of-scope ${r.counts.outOfScope} (near misses ${r.counts.nearMiss})`);
  l.push(`top-1 accuracy        ${pct(r.top1)}`);
  l.push(`top-3 accuracy        ${pct(r.top3)}`);
  l.push(`  on ${r.unseen.n} pastes unlike any knowledge text: top-1 ${pct(r.unseen.top1)}, top-3 ${pct(r.unseen.top3)}`);
  l.push(`macro-F1              ${r.macroF1.toFixed(3)}`);
  l.push(`out-of-scope recall   ${pct(r.outOfScopeRecall)}   (near misses ${pct(r.nearMissRecall)})`);
  l.push(`false rejection       ${pct(r.falseRejection)}`);
  l.push(`coverage (matched)    ${pct(r.coverage)}   selective accuracy ${pct(r.selectiveAccuracy)}`);
  l.push(`ambiguous pastes      ${pct(r.ambiguityAccuracy)} answered "did you mean" with the right candidates; ${pct(r.ambiguousConfidentlyMatched)} matched confidently`);
  l.push('per cluster:');
  for (const [k, v] of Object.entries(r.perCluster)) l.push(`  ${k.padEnd(5)} n=${String(v.n).padStart(3)}  ${pct(v.accuracy)}`);
  l.push('per generator:');
  for (const [k, v] of Object.entries(r.perGenerator)) l.push(`  ${k.padEnd(28)} n=${String(v.n).padStart(3)}  ${pct(v.accuracy)}`);
  l.push(r.confusions.length ? 'confusions (label → predicted):' : 'confusions: none');
  for (const c of r.confusions) l.push(`  ${c.count}× ${c.label} → ${c.predicted}  (${c.items.join(', ')})`);
  if (showFailures && r.failures.length) {
    l.push('items not answered as expected:');
    for (const f of r.failures) l.push(`  ${f.id}: expected ${f.expected}; got ${f.decision} [${f.got.join(', ')}]`);
  }
  const v = floorViolations(r);
  l.push(
    v.length
      ? `FLOORS NOT MET: ${v.join('; ')}`
      : 'floors met: top-1 ≥ 95% (also on unseen pastes), top-3 ≥ 99%, out-of-scope recall ≥ 80%, false rejection ≤ 5%, ambiguous pastes: "did you mean" ≥ 50%, confident match ≤ 25%',
  );
  return l.join('\n');
}

function pick(items: EvalItem[], split: string): EvalItem[] {
  if (split === 'all') return items;
  if (split !== 'test' && split !== 'validation') throw new UsageError(`--split must be test, validation or all (got "${split}")`);
  return items.filter((i) => i.split === split);
}

export function runEval(classifier: ErrorClassifier, kb: KnowledgeBase, opts: EvalOptions, out: (s: string) => void): number {
  const items = loadEvalSet(opts.evalDir, kb);
  if (opts.tune) {
    const validation = pick(items, 'validation');
    const result = tune(classifier, validation, out);
    writeParams(opts.paramsFile, result, validation.length);
    out(`tuned on ${validation.length} validation items (${result.tried} settings tried); wrote ${opts.paramsFile}. Rebuild (npm run build) to use them.`);
    classifier = classifier.withParams(result.params);
  }
  const report = evaluate(classifier, pick(items, opts.split), kb, opts.split);
  out(formatReport(report, Boolean(opts.failures)));
  if (opts.json) {
    writeFileSync(opts.json, JSON.stringify(report, null, 2));
    out(`report written to ${opts.json}`);
  }
  return floorViolations(report).length && opts.split === 'test' ? 1 : 0;
}

export function defaultParamsFile(knowledgeDir: string): string {
  return join(knowledgeDir, '..', 'src', 'classifier', 'tuned-params.ts');
}
