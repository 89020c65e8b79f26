/**
 * The TF-IDF index over the knowledge base. natural's TfIdf holds one document per error
 * (so document frequency counts errors, not examples); its idf is shifted so that a term
 * every error shares weighs zero. Each example, signature, symptom and title becomes an
 * L2-normalised sparse vector with sublinear tf, stored in an inverted index per space.
 */
import type { KnowledgeBase } from '../knowledge/load.js';
import { extractFeatures, phraseKey, type Features } from './features.js';
import { TfIdf } from './natural.js';
import { cleanPaste } from '../text/paste.js';

export interface Postings {
  docs: number[];
  weights: number[];
}

export interface Space {
  postings: Map<string, Postings>;
  idf: Map<string, number>;
  /** weight given to a query feature the index has never seen (it only lowers the cosine) */
  unseenIdf: number;
}

export interface PhraseSignature {
  classIdx: number;
  text: string;
  segments: string[];
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
  word: Space;
  char: Space;
  phrases: PhraseSignature[];
  /** for each diagnostic code feature, the errors whose texts show it */
  codeHolders: Map<string, number[]>;
}

/** Split a signature at placeholders (<smtp address>, ...) into the parts that must all appear. */
function signatureSegments(text: string): string[] {
  return text
    .split(/<[^>]*>|\.\.\.|…/)
    .map((s) => phraseKey(s))
    .filter((k) => k.trim().length >= 12 || k.trim().split(' ').length >= 3);
}

function buildSpace(perDoc: Map<string, number>[], perClassTerms: string[][]): Space {
  const tfidf = new TfIdf();
  for (const terms of perClassTerms) tfidf.addDocument(terms);
  const n = perClassTerms.length;
  // natural's idf is 1 + ln(N / (1 + df)); subtracting its value at df = N gives ln((N+1)/(1+df)).
  const floor = 1 + Math.log(n / (n + 1));
  const idf = new Map<string, number>();
  const postings = new Map<string, Postings>();
  perDoc.forEach((features, doc) => {
    const weighted: [string, number][] = [];
    let norm = 0;
    for (const [term, tf] of features) {
      let w = idf.get(term);
      if (w === undefined) {
        w = Math.max(0, tfidf.idf(term) - floor);
        idf.set(term, w);
      }
      const weight = (1 + Math.log(tf)) * w;
      if (weight > 0) {
        weighted.push([term, weight]);
        norm += weight * weight;
      }
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return;
    for (const [term, weight] of weighted) {
      let p = postings.get(term);
      if (!p) postings.set(term, (p = { docs: [], weights: [] }));
      p.docs.push(doc);
      p.weights.push(weight / norm);
    }
  });
  return { postings, idf, unseenIdf: Math.log(n + 1) };
}

export function buildIndex(kb: KnowledgeBase): ErrorIndex {
  const classes: ClassInfo[] = [];
  const docClass: number[] = [];
  const docFeatures: Features[] = [];
  const phrases: PhraseSignature[] = [];
  const classWord: string[][] = [];
  const classChar: string[][] = [];

  kb.entries.forEach((entry, classIdx) => {
    const texts = [entry.title, ...entry.signatures.map((s) => s.text), ...entry.examples, ...entry.symptoms];
    const codes = new Set<string>();
    const wordTerms = new Set<string>();
    const charTerms = new Set<string>();
    for (const t of texts) {
      const f = extractFeatures(cleanPaste(t).text);
      docClass.push(classIdx);
      docFeatures.push(f);
      for (const k of f.word.keys()) {
        wordTerms.add(k);
        if (k.startsWith('s:')) codes.add(k);
      }
      for (const k of f.char.keys()) charTerms.add(k);
    }
    classWord.push([...wordTerms]);
    classChar.push([...charTerms]);
    classes.push({ id: entry.id, title: entry.title, codes });
    for (const s of entry.signatures) {
      const segments = signatureSegments(s.text);
      if (segments.length > 0) phrases.push({ classIdx, text: s.text, segments, shared: s.shared });
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
    ),
    char: buildSpace(
      docFeatures.map((f) => f.char),
      classChar,
    ),
    phrases,
  };
}
