/**
 * YAML parsing is most of the knowledge load time. `npm run build` saves each knowledge
 * file's parsed value under the SHA-256 of its bytes; a load whose file has the same bytes
 * takes the saved value and skips the YAML parser. The schema still validates every value
 * at every load: the cache stands in for the parser, never for validation.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

type Entries = Record<string, unknown>;

export class ParseCache {
  private readonly entries: Entries;
  private readonly fresh: Entries = {};

  constructor(readonly path?: string) {
    let entries: Entries = {};
    if (path && existsSync(path)) {
      try {
        entries = JSON.parse(readFileSync(path, 'utf8')) as Entries;
      } catch {
        entries = {};
      }
    }
    this.entries = entries;
  }

  static key(source: string): string {
    return createHash('sha256').update(source).digest('hex');
  }

  /** The parsed value of `source`, from the cache when its bytes are known, else by `parse`. */
  get(source: string, parse: (s: string) => unknown): unknown {
    const k = ParseCache.key(source);
    const value = Object.hasOwn(this.entries, k) ? this.entries[k] : parse(source);
    this.fresh[k] = value;
    return value;
  }

  /** Save what this load parsed (only the files it read, so stale entries fall away). */
  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.fresh));
  }
}
