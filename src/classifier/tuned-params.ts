// Written by `freebusy-doctor eval --tune` from the validation split; do not edit by hand.
// 196 validation items: objective 2.2567, false rejection 0.000, 294400 settings tried.
import type { ClassifierParams } from './params.js';

export const TUNED: ClassifierParams = {
  alpha: 0.8,
  phraseBonus: 0.4,
  sharedPhraseBonus: 0.05,
  codeBonus: 0.1,
  acceptScore: 0.35,
  acceptMargin: 0.03,
  rejectScore: 0.25,
  ambiguityWindow: 0.05,
  sharedMargin: 0.15,
};
