import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { readSnapshot, writeSnapshot } from '../src/classifier/index-snapshot.js';
import { KnowledgeError, loadKnowledge, type KnowledgeBase } from '../src/knowledge/load.js';
import { ParseCache } from '../src/knowledge/parse-cache.js';

const SHIPPED = join(import.meta.dirname, '..', 'knowledge');
let kb: KnowledgeBase;
let dir: string;
beforeAll(() => {
  kb = loadKnowledge();
  dir = mkdtempSync(join(tmpdir(), 'fbd-cache-'));
});

describe('classifier index snapshot', () => {
  it('answers exactly as a freshly built index', () => {
    const file = join(dir, 'index.json');
    writeSnapshot(file, kb);
    const fresh = ErrorClassifier.fromKnowledge(kb);
    const saved = ErrorClassifier.fromKnowledge(kb, undefined, file);
    expect(readSnapshot(file, kb)).toBeDefined();
    for (const text of ['Failed to get ASURL. Error 8004010F', 'The request failed with HTTP status 401: Unauthorized.', 'hello', 'LID: 43532']) {
      expect(saved.classify(text)).toEqual(fresh.classify(text));
    }
  });

  it('is ignored when the knowledge changed or the file is corrupt', () => {
    const file = join(dir, 'stale.json');
    writeSnapshot(file, kb);
    const changed: KnowledgeBase = { ...kb, entries: kb.entries.map((e, i) => (i === 0 ? { ...e, examples: [...e.examples, 'one more example'] } : e)) };
    expect(readSnapshot(file, changed)).toBeUndefined();
    writeFileSync(file, '{"format":');
    expect(readSnapshot(file, kb)).toBeUndefined();
  });
});

describe('knowledge parse cache', () => {
  function copyOfKnowledge(): string {
    const d = mkdtempSync(join(tmpdir(), 'fbd-kbcopy-'));
    cpSync(SHIPPED, d, { recursive: true });
    return d;
  }

  it('reuses the parsed value of a file whose bytes are unchanged, and still validates it', () => {
    const d = copyOfKnowledge();
    const file = join(d, 'errors', 'no-free-busy-access.yaml');
    const key = ParseCache.key(readFileSync(file, 'utf8'));
    const cacheFile = join(dir, 'parse.json');
    const seed = new ParseCache();
    loadKnowledge({ dir: d, parseCache: seed });
    seed.save(cacheFile);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(cached[key]).toMatchObject({ id: 'no-free-busy-access' });

    // A cached value is used (not the YAML) ... and it is validated like any other.
    cached[key] = { ...cached[key], title: 'Title from the cache' };
    writeFileSync(cacheFile, JSON.stringify(cached));
    expect(loadKnowledge({ dir: d, parseCache: new ParseCache(cacheFile) }).byId.get('no-free-busy-access')?.title).toBe('Title from the cache');
    cached[key] = { ...cached[key], direction: 'sideways' };
    writeFileSync(cacheFile, JSON.stringify(cached));
    expect(() => loadKnowledge({ dir: d, parseCache: new ParseCache(cacheFile) })).toThrow(KnowledgeError);
  });

  it('parses a changed file again instead of trusting the cache', () => {
    const d = copyOfKnowledge();
    const file = join(d, 'errors', 'no-free-busy-access.yaml');
    const cacheFile = join(dir, 'parse2.json');
    const seed = new ParseCache();
    loadKnowledge({ dir: d, parseCache: seed });
    seed.save(cacheFile);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited on disk'));
    expect(loadKnowledge({ dir: d, parseCache: new ParseCache(cacheFile) }).byId.get('no-free-busy-access')?.title).toBe('Edited on disk');
  });
});
