import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../src/storage/database.js';
import { SeenIds } from '../src/storage/seen-ids.js';
import { SqliteStorage } from '../src/storage/sqlite-storage.js';
import { TurnQueue } from '../src/runtime/turn-queue.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'fbd-storage-'));

/** One contract for botbuilder's MemoryStorage and ours: the bot must not notice which it runs on. */
const stores: [string, () => Storage][] = [
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage (file)', () => new SqliteStorage(openDatabase(databasePath(tempDir())))],
];

describe.each(stores)('Storage contract: %s', (_name, make) => {
  it('reads back what was written, with an eTag, and nothing for unknown keys', async () => {
    const s = make();
    await s.write({ a: { n: 1, nested: { list: [1, 2] } } });
    const got = await s.read(['a', 'missing']);
    expect(got.a).toMatchObject({ n: 1, nested: { list: [1, 2] } });
    expect(typeof got.a.eTag).toBe('string');
    expect(got).not.toHaveProperty('missing');
  });

  it('writes with the current eTag, refuses a stale one, and always takes "*"', async () => {
    const s = make();
    await s.write({ k: { v: 1 } });
    const first = (await s.read(['k'])).k;
    await s.write({ k: { v: 2, eTag: first.eTag } });
    const second = (await s.read(['k'])).k;
    expect(second.v).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
    await expect(s.write({ k: { v: 3, eTag: first.eTag } })).rejects.toThrow('Storage: error writing "k" due to eTag conflict.');
    expect((await s.read(['k'])).k.v).toBe(2);
    await s.write({ k: { v: 4, eTag: '*' } });
    expect((await s.read(['k'])).k.v).toBe(4);
  });

  it('deletes', async () => {
    const s = make();
    await s.write({ a: { v: 1 }, b: { v: 2 } });
    await s.delete(['a']);
    expect(Object.keys(await s.read(['a', 'b']))).toEqual(['b']);
  });
});

describe('SqliteStorage', () => {
  it('survives closing and reopening the file', async () => {
    const file = databasePath(tempDir());
    const db = openDatabase(file);
    await new SqliteStorage(db).write({ 'msteams/conversations/x': { case: { stepId: 'check-permission' } } });
    db.close();
    const again = new SqliteStorage(openDatabase(file));
    expect((await again.read(['msteams/conversations/x']))['msteams/conversations/x']).toMatchObject({ case: { stepId: 'check-permission' } });
  });

  it('writes several keys all or nothing: a stale eTag on one leaves the others untouched', async () => {
    const s = new SqliteStorage(openDatabase(':memory:'));
    await s.write({ a: { v: 1 }, b: { v: 1 } });
    const { b } = await s.read(['b']);
    await s.write({ b: { v: 2 } });
    await expect(s.write({ a: { v: 9 }, b: { v: 9, eTag: b.eTag } })).rejects.toThrow(/eTag conflict/);
    const after = await s.read(['a', 'b']);
    expect([after.a.v, after.b.v]).toEqual([1, 2]);
  });

  it('refuses a database written by a newer schema instead of corrupting it', () => {
    const file = databasePath(tempDir());
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer FreeBusy Doctor/);
  });
});

describe('SeenIds', () => {
  it('answers true once per key, also after the database is reopened', () => {
    const file = databasePath(tempDir());
    const db = openDatabase(file);
    const seen = new SeenIds(db);
    expect(seen.firstSighting('slack/T1:C1:1.2/1.2')).toBe(true);
    expect(seen.firstSighting('slack/T1:C1:1.2/1.2')).toBe(false);
    expect(seen.firstSighting('slack/T1:C1:1.2/1.3')).toBe(true);
    db.close();
    expect(new SeenIds(openDatabase(file)).firstSighting('slack/T1:C1:1.2/1.2')).toBe(false);
  });

  it('prunes entries older than a day', () => {
    const db = openDatabase(':memory:');
    let now = 0;
    const seen = new SeenIds(db, () => now);
    seen.firstSighting('old');
    now = 25 * 60 * 60 * 1000;
    for (let i = 0; i < 600; i++) seen.firstSighting(`new-${i}`);
    expect(seen.firstSighting('old')).toBe(true);
  });
});

describe('TurnQueue', () => {
  it('runs one turn at a time per key, and different keys side by side', async () => {
    const q = new TurnQueue();
    const log: string[] = [];
    const turn = (key: string, name: string, ms: number) =>
      q.run(key, async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
      });
    await Promise.all([turn('c1', 'a', 30), turn('c1', 'b', 1), turn('c2', 'x', 1)]);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start x')).toBeLessThan(log.indexOf('end a'));
    expect(q.active).toBe(0);
  });

  it('releases the conversation when a turn throws', async () => {
    const q = new TurnQueue();
    await expect(q.run('c', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run('c', async () => 'next')).resolves.toBe('next');
  });
});
