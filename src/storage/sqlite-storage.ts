/**
 * botbuilder's Storage over SQLite, with the eTag rules of its MemoryStorage: no eTag or '*'
 * overwrites, a matching eTag writes, a stale one is refused with the same message. Unlike
 * MemoryStorage a write of several keys is all-or-nothing, so a refused write changes nothing.
 */
import type { Storage, StoreItems } from 'botbuilder';
import type { Db } from './database.js';

export class SqliteStorage implements Storage {
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly writeAll;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string], { etag: number; value: string }>('SELECT etag, value FROM state WHERE key = ?');
    this.upsert = db.prepare<[string, number, string, string]>(
      'INSERT INTO state (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare<[string]>('DELETE FROM state WHERE key = ?');
    this.writeAll = db.transaction((changes: StoreItems) => {
      const now = new Date().toISOString();
      for (const [key, item] of Object.entries(changes)) {
        const old = this.select.get(key);
        const wanted = (item as { eTag?: string } | undefined)?.eTag;
        if (old && wanted && wanted !== '*' && wanted !== String(old.etag)) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        const etag = (old?.etag ?? 0) + 1;
        const { eTag: _drop, ...value } = (item ?? {}) as Record<string, unknown>;
        this.upsert.run(key, etag, JSON.stringify(value), now);
      }
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: String(row.etag) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    this.writeAll(changes);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) this.remove.run(key);
  }

  /** Storage is reachable when a trivial query answers. */
  ping(): boolean {
    return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
  }
}
