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
const FORMAT = 3;

type SpaceJson = { unseenIdf: number; postings: [string | number, number, number[], number[]][] };

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

function spaceToJson<K extends string | number>(s: Space<K>): SpaceJson {
  return { unseenIdf: s.unseenIdf, postings: [...s.postings].map(([k, p]) => [k, p.idf, [...p.docs], [...p.weights]]) };
}

function spaceFromJson<K extends string | number>(j: SpaceJson): Space<K> {
  const postings = new Map<K, Postings>();
  for (const [k, idf, docs, weights] of j.postings) postings.set(k as K, { idf, docs: Int32Array.from(docs), weights: Float32Array.from(weights) });
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
