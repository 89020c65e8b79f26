/**
 * Searches the classifier parameters on the validation split only and writes them to
 * src/classifier/params.ts. The objective rewards right matches, "ambiguous" with the right
 * candidates for undecidable pastes, and rejecting out-of-scope text, while keeping false
 * rejections of real errors under a ceiling below the test floor.
 */
import { writeFileSync } from 'node:fs';
import { conclude, type ErrorClassifier, type Ranking } from '../classifier/classify.js';
import type { ClassifierParams } from '../classifier/params.js';
import type { EvalItem } from './dataset.js';
import { ambiguousCorrect } from './metrics.js';

const FALSE_REJECTION_CEILING = 0.02;

export interface TuneResult {
  params: ClassifierParams;
  objective: number;
  falseRejection: number;
  tried: number;
}

function objective(rankings: Ranking[], items: EvalItem[], params: ClassifierParams): { score: number; falseRejection: number } {
  let inScope = 0,
    inScopeCredit = 0,
    rejected = 0,
    oos = 0,
    oosCredit = 0,
    amb = 0,
    ambCredit = 0;
  items.forEach((item, i) => {
    const r = conclude(rankings[i] as Ranking, params);
    if (item.kind === 'in-scope') {
      inScope++;
      if (r.decision === 'unknown') rejected++;
      else if (r.candidates[0]?.id === item.label) inScopeCredit += r.decision === 'match' ? 1 : 0.6;
      else if (r.decision === 'ambiguous' && r.suggestions.some((c) => c.id === item.label)) inScopeCredit += 0.4;
    } else if (item.kind === 'ambiguous') {
      amb++;
      if (ambiguousCorrect(r, item.candidates)) ambCredit += 1;
      else if (r.decision !== 'unknown' && item.candidates.includes(r.candidates[0]?.id ?? '')) ambCredit += 0.3;
    } else {
      oos++;
      if (r.decision === 'unknown') oosCredit += 1;
    }
  });
  const falseRejection = inScope ? rejected / inScope : 0;
  const score = (inScope ? inScopeCredit / inScope : 0) + (oos ? oosCredit / oos : 0) + 0.5 * (amb ? ambCredit / amb : 0);
  return { score, falseRejection };
}

const SCORING = { alpha: [0.4, 0.5, 0.6, 0.7, 0.8], phraseBonus: [0.1, 0.2, 0.3, 0.4], sharedPhraseBonus: [0, 0.05], codeBonus: [0, 0.1, 0.2, 0.3] };
const DECIDING = {
  rejectScore: [0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
  acceptScore: [0.35, 0.45, 0.55, 0.65],
  acceptMargin: [0.03, 0.05, 0.07, 0.1, 0.15],
  ambiguityWindow: [0.05, 0.08, 0.1, 0.15],
  sharedMargin: [0, 0.15, 0.3, 0.5],
};

export function tune(base: ErrorClassifier, validation: EvalItem[], log: (s: string) => void = () => {}): TuneResult {
  let best: TuneResult | undefined;
  let tried = 0;
  // Scores depend only on the scoring parameters; the thresholds re-decide cached rankings.
  for (const alpha of SCORING.alpha)
    for (const phraseBonus of SCORING.phraseBonus)
      for (const sharedPhraseBonus of SCORING.sharedPhraseBonus)
        for (const codeBonus of SCORING.codeBonus) {
        const scorer = base.withParams({ ...base.params, alpha, phraseBonus, sharedPhraseBonus, codeBonus });
        const rankings = validation.map((item) => scorer.rank(item.text));
        for (const rejectScore of DECIDING.rejectScore)
          for (const acceptScore of DECIDING.acceptScore)
            for (const acceptMargin of DECIDING.acceptMargin)
              for (const ambiguityWindow of DECIDING.ambiguityWindow)
                for (const sharedMargin of DECIDING.sharedMargin) {
                if (acceptScore < rejectScore) continue;
                tried++;
                const params = { alpha, phraseBonus, sharedPhraseBonus, codeBonus, acceptScore, acceptMargin, rejectScore, ambiguityWindow, sharedMargin };
                const { score, falseRejection } = objective(rankings, validation, params);
                if (falseRejection > FALSE_REJECTION_CEILING) continue;
                if (!best || score > best.objective + 1e-9) {
                  best = { params, objective: score, falseRejection, tried };
                  log(`objective ${score.toFixed(4)} (false rejection ${falseRejection.toFixed(3)}) ${JSON.stringify(params)}`);
                }
              }
      }
  if (!best) throw new Error(`no parameters keep false rejection under ${FALSE_REJECTION_CEILING} on the validation split`);
  return { ...best, tried };
}

export function writeParams(path: string, result: TuneResult, validationSize: number): void {
  const body = `// Written by \`freebusy-doctor eval --tune\` from the validation split; do not edit by hand.
// ${validationSize} validation items: objective ${result.objective.toFixed(4)}, false rejection ${result.falseRejection.toFixed(3)}, ${result.tried} settings tried.
import type { ClassifierParams } from './params.js';

export const TUNED: ClassifierParams = ${JSON.stringify(result.params, null, 2).replace(/"(\w+)":/g, '$1:').replace(/(\d)\n\}$/, '$1,\n}')};
`;
  writeFileSync(path, body);
}
