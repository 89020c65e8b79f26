// Typings for the single natural modules we deep-import; the package root would load every
// storage backend (about 0.7 s and dotenv banners), so we never import 'natural' itself.
declare module 'natural/lib/natural/tfidf/tfidf.js' {
  class TfIdf {
    constructor();
    documents: Record<string, number>[];
    addDocument(document: string[], key?: string): void;
    idf(term: string, force?: boolean): number;
  }
  export = TfIdf;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export = PorterStemmer;
}
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps?: boolean });
    tokenize(text: string): string[] | null;
  }
}
declare module 'natural/lib/natural/ngrams/ngrams.js' {
  export function bigrams(sequence: string[]): string[][];
}
