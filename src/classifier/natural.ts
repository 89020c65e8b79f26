/** The parts of `natural` the classifier uses, loaded by deep path (see src/types/natural-deep.d.ts). */
import { createRequire } from 'node:module';
import type TfIdfClass from 'natural/lib/natural/tfidf/tfidf.js';
import type PorterStemmerType from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { RegexpTokenizer as RegexpTokenizerClass } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import type { bigrams as bigramsFn } from 'natural/lib/natural/ngrams/ngrams.js';

const require = createRequire(import.meta.url);

/** Loaded on first use: a process that reuses the saved index never needs it. */
export function newTfIdf(): InstanceType<typeof TfIdfClass> {
  const TfIdf = require('natural/lib/natural/tfidf/tfidf.js') as typeof TfIdfClass;
  return new TfIdf();
}
export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as typeof PorterStemmerType;
export const RegexpTokenizer = (require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as { RegexpTokenizer: typeof RegexpTokenizerClass }).RegexpTokenizer;
export const bigrams = (require('natural/lib/natural/ngrams/ngrams.js') as { bigrams: typeof bigramsFn }).bigrams;
