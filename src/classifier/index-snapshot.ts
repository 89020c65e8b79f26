/**
 * The built index, saved by `npm run build` so a short-lived process (the CLI) does not
 * rebuild it on every start. The knowledge base is still loaded and validated every time;
 * the snapshot is used only when it was built from exactly the same validated entries by the
 * same index format, otherwise the index is built in memory as usual.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { KnowledgeBase } from '../knowledge/load.js';
import { buildIndex, type ErrorIndex, type Postings, type Space } from './index-builder.js';

/** Bump when the features or the index layout change, so old snapshots are ignored. */
const FORMAT = 4;

/** Posting lists travel as base64 of their typed-array bytes: far quicker to parse than number arrays. */
type SpaceJson = { unseenIdf: number; keys: (string | number)[]; idf: string; offsets: string; docs: string; weights: string };

interface SnapshotJson {
  format: number;
  knowledgeHash: string;
  classes: { id: string; title: string; codes: string[] }[];
  docClass: number[];
  word: SpaceJson;
  char: SpaceJson;
  phrases: ErrorIndex['phrases'];
  codeHolders: [string, number[]][];
}

export function knowledgeHash(kb: KnowledgeBase): string {
  return createHash('sha256').update(JSON.stringify(kb.entries)).digest('hex');
}

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromB64<T>(s: string, View: { new (buffer: ArrayBuffer): T }): T {
  const bytes = Buffer.from(s, 'base64');
  // Copy into a fresh, aligned buffer: a Buffer may sit at any offset of a shared pool.
  return new View(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

function spaceToJson<K extends string | number>(s: Space<K>): SpaceJson {
  const entries = [...s.postings];
  const offsets = new Int32Array(entries.length + 1);
  entries.forEach(([, p], i) => (offsets[i + 1] = (offsets[i] as number) + p.docs.length));
  const docs = new Int32Array(offsets[entries.length] as number);
  const weights = new Float32Array(docs.length);
  entries.forEach(([, p], i) => {
    docs.set(p.docs, offsets[i]);
    weights.set(p.weights, offsets[i]);
  });
  return {
    unseenIdf: s.unseenIdf,
    keys: entries.map(([k]) => k),
    idf: b64(Float64Array.from(entries.map(([, p]) => p.idf))),
    offsets: b64(offsets),
    docs: b64(docs),
    weights: b64(weights),
  };
}

function spaceFromJson<K extends string | number>(j: SpaceJson): Space<K> {
  const idf = fromB64(j.idf, Float64Array);
  const offsets = fromB64(j.offsets, Int32Array);
  const docs = fromB64(j.docs, Int32Array);
  const weights = fromB64(j.weights, Float32Array);
  const postings = new Map<K, Postings>();
  j.keys.forEach((k, i) => {
    const from = offsets[i] as number;
    const to = offsets[i + 1] as number;
    postings.set(k as K, { idf: idf[i] as number, docs: docs.subarray(from, to), weights: weights.subarray(from, to) });
  });
  return { unseenIdf: j.unseenIdf, postings };
}

export function serializeIndex(index: ErrorIndex, kb: KnowledgeBase): string {
  const json: SnapshotJson = {
    format: FORMAT,
    knowledgeHash: knowledgeHash(kb),
    classes: index.classes.map((c) => ({ id: c.id, title: c.title, codes: [...c.codes] })),
    docClass: index.docClass,
    word: spaceToJson(index.word),
    char: spaceToJson(index.char),
    phrases: index.phrases,
    codeHolders: [...index.codeHolders],
  };
  return JSON.stringify(json);
}

/** The snapshot's index if it belongs to this knowledge base, else undefined. */
export function readSnapshot(path: string, kb: KnowledgeBase): ErrorIndex | undefined {
  if (!existsSync(path)) return undefined;
  let json: SnapshotJson;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as SnapshotJson;
  } catch {
    return undefined;
  }
  if (json.format !== FORMAT || json.knowledgeHash !== knowledgeHash(kb)) return undefined;
  return {
    classes: json.classes.map((c) => ({ id: c.id, title: c.title, codes: new Set(c.codes) })),
    docClass: json.docClass,
    word: spaceFromJson<string>(json.word),
    char: spaceFromJson<number>(json.char),
    phrases: json.phrases,
    codeHolders: new Map(json.codeHolders),
  };
}

export function writeSnapshot(path: string, kb: KnowledgeBase): void {
  writeFileSync(path, serializeIndex(buildIndex(kb), kb));
}

/** The index for a knowledge base: from a saved snapshot when it matches, built otherwise. */
export function indexFor(kb: KnowledgeBase, snapshot?: string): ErrorIndex {
  return (snapshot ? readSnapshot(snapshot, kb) : undefined) ?? buildIndex(kb);
}
