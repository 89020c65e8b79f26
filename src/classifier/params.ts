/**
 * Classifier parameters. TUNED is written by `freebusy-doctor eval --tune`, which searches
 * them on the validation split of test/eval only; the test split never informs them.
 */
export interface ClassifierParams {
  /** weight of the word space against the character space */
  alpha: number;
  /** added to an error's score when one of its distinctive signatures appears verbatim */
  phraseBonus: number;
  /** the same for a signature other errors share */
  sharedPhraseBonus: number;
  /** at or above this top score, with the margin below, the answer is a match */
  acceptScore: number;
  acceptMargin: number;
  /** below this top score the text is not a known free/busy error */
  rejectScore: number;
  /** candidates this close to the best are offered as "did you mean" */
  ambiguityWindow: number;
}

export const TUNED: ClassifierParams = {
  alpha: 0.6,
  phraseBonus: 0.3,
  sharedPhraseBonus: 0.05,
  acceptScore: 0.45,
  acceptMargin: 0.1,
  rejectScore: 0.25,
  ambiguityWindow: 0.1,
};
