/**
 * The TF-IDF index over the knowledge base. natural's TfIdf holds one document per error
 * (so document frequency counts errors, not examples); its idf is shifted so that a term
 * every error shares weighs zero. Each example, signature, symptom and title becomes an
 * L2-normalised sparse vector with sublinear tf, stored in an inverted index per space.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import { countGrams, extractFeatures, phraseKey, type Features } from './features.js';
import { newTfIdf } from './natural.js';
import { cleanPaste } from '../text/paste.js';

/** One indexed feature: its idf and the documents that hold it (empty when the idf is too low). */
export interface Postings {
  idf: number;
  docs: Int32Array;
  weights: Float32Array;
}

export interface Space<K extends string | number = string> {
  postings: Map<K, Postings>;
  /** weight given to a query feature the index has never seen (it only lowers the cosine) */
  unseenIdf: number;
}

export interface PhraseSignature {
  classIdx: number;
  text: string;
  segments: string[];
  /** the longest word of the signature: a paste without it cannot contain the signature */
  anchor: string;
  shared: boolean;
}

export interface ClassInfo {
  id: string;
  title: string;
  /** diagnostic code features (s:...) this error's texts contain */
  codes: Set<string>;
}

export interface ErrorIndex {
  classes: ClassInfo[];
  /** which class each document belongs to */
  docClass: number[];
  word: Space<string>;
  char: Space<number>;
  phrases: PhraseSignature[];
  /** for each diagnostic code feature, the errors whose texts show it */
  codeHolders: Map<string, number[]>;
}

/** ln 2: a character gram must be absent from about half the errors to be worth indexing */
const CHAR_MIN_IDF = Math.log(2);

/** Split a signature at placeholders (<smtp address>, ...) into the parts that must all appear. */
function signatureSegments(text: string): string[] {
  return text
    .split(/<[^>]*>|\.\.\.|…/)
    .map((s) => phraseKey(s))
    .filter((k) => k.trim().length >= 12 || k.trim().split(' ').length >= 3);
}

/**
 * @param minIdf features whose shifted idf is below this are not indexed: in the character
 * space, grams that half the errors share cost most of the query time and decide nothing.
 */
function buildSpace<K extends string | number>(perDoc: Map<K, number>[], perClassTerms: K[][], minIdf: number): Space<K> {
  const tfidf = newTfIdf();
  // natural's TfIdf holds string terms; hashed grams take a prefix so no key collides with Object.prototype.
  const term = (k: K): string => (typeof k === 'number' ? `h${k}` : String(k));
  for (const terms of perClassTerms) tfidf.addDocument(terms.map(term));
  const n = perClassTerms.length;
  // natural's idf is 1 + ln(N / (1 + df)); subtracting its value at df = N gives ln((N+1)/(1+df)).
  const floor = 1 + Math.log(n / (n + 1));
  const idf = new Map<K, number>();
  const lists = new Map<K, { docs: number[]; weights: number[] }>();
  perDoc.forEach((features, doc) => {
    const weighted: [K, number][] = [];
    let norm = 0;
    for (const [key, tf] of features) {
      let w = idf.get(key);
      if (w === undefined) {
        w = Math.max(0, tfidf.idf(term(key)) - floor);
        if (w < minIdf) w = 0;
        idf.set(key, w);
      }
      const weight = (1 + Math.log(tf)) * w;
      if (weight > 0) {
        weighted.push([key, weight]);
        norm += weight * weight;
      }
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return;
    for (const [key, weight] of weighted) {
      let p = lists.get(key);
      if (!p) lists.set(key, (p = { docs: [], weights: [] }));
      p.docs.push(doc);
      p.weights.push(weight / norm);
    }
  });
  const postings = new Map<K, Postings>();
  const none = { docs: new Int32Array(0), weights: new Float32Array(0) };
  for (const [key, w] of idf) {
    const p = lists.get(key);
    postings.set(key, p ? { idf: w, docs: Int32Array.from(p.docs), weights: Float32Array.from(p.weights) } : { idf: w, ...none });
  }
  return { postings, unseenIdf: Math.log(n + 1) };
}

export function buildIndex(kb: KnowledgeBase): ErrorIndex {
  const classes: ClassInfo[] = [];
  const docClass: number[] = [];
  const docFeatures: Features[] = [];
  const phrases: PhraseSignature[] = [];
  const classWord: string[][] = [];
  const classChar: number[][] = [];

  kb.entries.forEach((entry, classIdx) => {
    const texts = [entry.title, ...entry.signatures.map((s) => s.text), ...entry.examples, ...entry.symptoms];
    const codes = new Set<string>();
    const wordTerms = new Set<string>();
    const charTerms = new Set<number>();
    for (const t of texts) {
      const f = extractFeatures(cleanPaste(t).text);
      docClass.push(classIdx);
      docFeatures.push(f);
      for (const k of f.word.keys()) {
        wordTerms.add(k);
        if (k.startsWith('s:')) codes.add(k);
      }
      for (const k of f.char) charTerms.add(k);
    }
    classWord.push([...wordTerms]);
    classChar.push([...charTerms]);
    classes.push({ id: entry.id, title: entry.title, codes });
    for (const s of entry.signatures) {
      const segments = signatureSegments(s.text);
      const anchor = segments
        .join(' ')
        .split(' ')
        .reduce((a, b) => (b.length > a.length ? b : a), '');
      if (segments.length > 0) phrases.push({ classIdx, text: s.text, segments, anchor, shared: s.shared });
    }
  });

  const codeHolders = new Map<string, number[]>();
  classes.forEach((c, k) => {
    for (const f of c.codes) {
      const list = codeHolders.get(f) ?? [];
      list.push(k);
      codeHolders.set(f, list);
    }
  });

  return {
    classes,
    codeHolders,
    docClass,
    word: buildSpace(
      docFeatures.map((f) => f.word),
      classWord,
      0,
    ),
    char: buildSpace(
      docFeatures.map((f) => countGrams(f.char)),
      classChar,
      CHAR_MIN_IDF,
    ),
    phrases,
  };
}
