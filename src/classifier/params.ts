/**
 * Classifier parameters. The values in use (tuned-params.ts) are written by
 * `freebusy-doctor eval --tune`, which searches them on the validation split of test/eval
 * only; the test split never informs them.
 */
export interface ClassifierParams {
  /** weight of the word space against the character space */
  alpha: number;
  /** added to an error's score when one of its distinctive signatures appears verbatim */
  phraseBonus: number;
  /** the same for a signature other errors share */
  sharedPhraseBonus: number;
  /** added to each error holding a rare code (LID, HRESULT, exception name) the paste shows */
  codeBonus: number;
  /** a best error resting only on shared text is ambiguous with sharers closer than this (0: off) */
  sharedMargin: number;
  /** at or above this top score, with the margin below, the answer is a match */
  acceptScore: number;
  acceptMargin: number;
  /** below this top score the text is not a known free/busy error */
  rejectScore: number;
  /** candidates this close to the best are offered as "did you mean" */
  ambiguityWindow: number;
}
