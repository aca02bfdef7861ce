import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openStore } from '../../../src/store';
import { DB_VERSION, MIGRATIONS, openDatabase, OpenFailure, type Migration } from '../../../src/store/db';
import { oldSession, oldSpan, rawGetAll, rawOpen, rawPut, rawPutSpans, storeOptions } from './helpers';

/** A database as spanlens at `version` left it: the first `version` migrations, and some data. */
async function databaseAtVersion(factory: IDBFactory, version: number, migrations: readonly Migration[] = MIGRATIONS) {
  if (version === 0) return; // no database at all
  const db = await rawOpen(factory, 'spanlens', version, (raw, tx, from) => {
    for (let v = from; v < version; v++) migrations[v](raw, tx);
  });
  await rawPut(db, 'sessions', [oldSession('earlier', 1000)]);
  await rawPutSpans(db, 'earlier', [oldSpan('earlier', '3'.repeat(16), 1000)]);
  db.close();
}

describe('schema migrations', () => {
  for (let version = 0; version < DB_VERSION; version++) {
    it(`upgrades a database from version ${version} to ${DB_VERSION}, keeping its sessions`, async () => {
      const factory = new IDBFactory();
      await databaseAtVersion(factory, version);
      const options = storeOptions({ indexedDB: factory });
      const store = await openStore(options);
      expect(store.state().mode).toBe('persistent');
      options.tracer.startSpan('after upgrade').end();
      await store.flush();
      const ids = (await store.listSessions()).map((s) => s.id);
      expect(ids).toEqual(version === 0 ? [options.tracer.sessionId] : [options.tracer.sessionId, 'earlier']);
      store.close();
      const db = await rawOpen(factory);
      expect(db.version).toBe(DB_VERSION);
      expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'open', 'sessions']);
      db.close();
    });
  }

  it('runs every step from an older version, in order, inside one upgrade (a synthetic next version)', async () => {
    const factory = new IDBFactory();
    await databaseAtVersion(factory, 1);
    // Version 2, as a future spanlens might ship it: add a field to every stored session.
    const addPinned: Migration = (_db, tx) => {
      const sessions = tx.objectStore('sessions');
      const request = sessions.openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return;
        cursor.update({ ...cursor.value, pinned: false });
        cursor.continue();
      };
    };
    const db = await openDatabase(factory, 'spanlens', { migrations: [...MIGRATIONS, addPinned] });
    expect(db.version).toBe(2);
    expect(await db.getAll('sessions')).toEqual([{ ...oldSession('earlier', 1000), pinned: false }]);
    expect(await db.getAll('chunks')).toHaveLength(1);
    db.close();
  });

  it('rolls back a failing migration: the old version and its data stay, the store falls back to memory', async () => {
    const factory = new IDBFactory();
    await databaseAtVersion(factory, 1);
    const broken: Migration = (db) => {
      db.deleteObjectStore('chunks');
      throw new Error('migration bug');
    };
    await expect(openDatabase(factory, 'spanlens', { migrations: [...MIGRATIONS, broken] })).rejects.toThrow(/migration bug/);
    const db = await rawOpen(factory);
    expect(db.version).toBe(1);
    expect(await rawGetAll(db, 'chunks')).toHaveLength(1);
    db.close();
  });

  it('falls back to memory when a newer spanlens already upgraded the database', async () => {
    const factory = new IDBFactory();
    const newer = await rawOpen(factory, 'spanlens', DB_VERSION + 1, (raw, tx) => MIGRATIONS[0](raw, tx));
    newer.close();
    const store = await openStore(storeOptions({ indexedDB: factory }));
    expect(store.state().mode).toBe('memory');
    expect(store.state().reason).toMatch(/newer spanlens/);
  });

  it('reports a blocked upgrade (another tab keeps the old version open) as an OpenFailure', async () => {
    const factory = new IDBFactory();
    await databaseAtVersion(factory, 1);
    const otherTab = await rawOpen(factory); // never closes on versionchange
    const failure = await openDatabase(factory, 'spanlens', { migrations: [...MIGRATIONS, () => undefined] }).catch((e) => e);
    expect(failure).toBeInstanceOf(OpenFailure);
    expect((failure as OpenFailure).reason).toMatch(/blocked/);
    otherTab.close();
  });

  it('closes its connection on versionchange so the other tab can upgrade, and keeps recording in memory', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    options.tracer.startSpan('before').end();
    await store.flush();
    // Another tab with a newer spanlens upgrades: it is not blocked because we close.
    const upgraded = await rawOpen(options.indexedDB, 'spanlens', DB_VERSION + 1, () => undefined);
    expect(upgraded.version).toBe(DB_VERSION + 1);
    upgraded.close();
    expect(store.state()).toMatchObject({ mode: 'memory', reason: expect.stringMatching(/another tab/) });
    options.tracer.startSpan('after').end();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['after']);
  });
});
