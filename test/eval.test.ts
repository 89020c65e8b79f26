import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { loadKnowledge, type KnowledgeBase } from '../src/knowledge/load.js';
import { loadEvalSet, type EvalItem } from '../src/eval/dataset.js';
import { evaluate, floorViolations, FLOORS, type EvalReport } from '../src/eval/metrics.js';
import { phraseKey } from '../src/classifier/features.js';

let kb: KnowledgeBase;
let items: EvalItem[];
let report: EvalReport;

beforeAll(() => {
  kb = loadKnowledge();
  items = loadEvalSet(join(import.meta.dirname, 'eval'), kb);
  report = evaluate(ErrorClassifier.fromKnowledge(kb), items.filter((i) => i.split === 'test'), kb, 'test');
});

describe('the evaluation set', () => {
  it('has at least 8 pastes for every error, in both splits', () => {
    for (const e of kb.entries) {
      const mine = items.filter((i) => i.kind === 'in-scope' && i.label === e.id);
      expect(mine.length, e.id).toBeGreaterThanOrEqual(8);
      expect(mine.some((i) => i.split === 'validation') && mine.some((i) => i.split === 'test'), e.id).toBe(true);
    }
  });

  it('has at least 60 out-of-scope messages, half of them near misses', () => {
    const oos = items.filter((i) => i.kind === 'out-of-scope');
    expect(oos.length).toBeGreaterThanOrEqual(60);
    expect(oos.filter((i) => i.kind === 'out-of-scope' && i.nearMiss).length).toBeGreaterThanOrEqual(oos.length / 2);
  });

  it('keeps the test split apart from the validation split', () => {
    const validation = new Set(items.filter((i) => i.split === 'validation').map((i) => phraseKey(i.text)));
    expect(items.filter((i) => i.split === 'test' && validation.has(phraseKey(i.text))).map((i) => i.id)).toEqual([]);
  });
});

describe('classifier quality on the test split (parameters were tuned on validation only)', () => {
  it('meets every floor', () => {
    expect(floorViolations(report)).toEqual([]);
  });

  it('meets the brief’s four floors explicitly', () => {
    expect(report.top1).toBeGreaterThanOrEqual(FLOORS.top1);
    expect(report.top3).toBeGreaterThanOrEqual(FLOORS.top3);
    expect(report.outOfScopeRecall).toBeGreaterThanOrEqual(FLOORS.outOfScopeRecall);
    expect(report.falseRejection).toBeLessThanOrEqual(FLOORS.falseRejection);
  });

  it('measures most in-scope pastes as unseen, so the floors are not met by memory', () => {
    expect(report.unseen.n).toBeGreaterThan(report.counts.inScope * 0.8);
  });
});
