import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store';
import { sessionsOverLimits, sessionsToFreeSpace } from '../../../src/store/retention';
import { oldSession, oldSpan, rawGetAll, rawOpen, rawPut, rawPutSpans, storeOptions } from './helpers';
import { MIGRATIONS } from '../../../src/store/db';

describe('retention policy', () => {
  const sessions = [oldSession('c', 300, 10), oldSession('a', 100, 10), oldSession('d', 400, 10), oldSession('b', 200, 10)];

  it('deletes the oldest sessions first until the count fits', () => {
    expect(sessionsOverLimits(sessions, { maxSessions: 2, maxBytes: Infinity }, new Set())).toEqual(['a', 'b']);
  });

  it('never deletes a protected (current) session, even the oldest', () => {
    expect(sessionsOverLimits(sessions, { maxSessions: 2, maxBytes: Infinity }, new Set(['a']))).toEqual(['b', 'c']);
  });

  it('deletes the oldest sessions until the bytes fit', () => {
    const sized = [oldSession('a', 100, 500), oldSession('b', 200, 300), oldSession('c', 300, 400)];
    expect(sessionsOverLimits(sized, { maxSessions: 10, maxBytes: 700 }, new Set())).toEqual(['a']);
    expect(sessionsOverLimits(sized, { maxSessions: 10, maxBytes: 399 }, new Set(['c']))).toEqual(['a', 'b']);
  });

  it('keeps everything within the limits', () => {
    expect(sessionsOverLimits(sessions, { maxSessions: 4, maxBytes: 40 }, new Set())).toEqual([]);
  });

  it('frees at least half of the unprotected bytes, oldest first, after a quota error', () => {
    const sized = [oldSession('a', 100, 100), oldSession('b', 200, 100), oldSession('c', 300, 100), oldSession('d', 400, 100)];
    expect(sessionsToFreeSpace(sized, new Set(['d']))).toEqual(['a', 'b']);
    expect(sessionsToFreeSpace([oldSession('x', 1, 0)], new Set())).toEqual(['x']);
    expect(sessionsToFreeSpace([oldSession('x', 1, 50)], new Set(['x']))).toEqual([]);
  });
});

async function plantSessions(factory: IDBFactory, sessions: Array<ReturnType<typeof oldSession>>) {
  const db = await rawOpen(factory, 'spanlens', MIGRATIONS.length, (raw, tx) => MIGRATIONS[0](raw, tx));
  await rawPut(db, 'sessions', sessions);
  for (const s of sessions) await rawPutSpans(db, s.id, [oldSpan(s.id, '1'.repeat(16), s.started)]);
  db.close();
}

describe('retention in the store', () => {
  it('removes the oldest stored sessions beyond maxSessions when a page opens the store, with their spans', async () => {
    const options = storeOptions({ maxSessions: 3 });
    await plantSessions(options.indexedDB, [oldSession('s1', 1000), oldSession('s2', 2000), oldSession('s3', 3000), oldSession('s4', 4000)]);
    const store = await openStore(options);
    options.tracer.startSpan('now').end();
    await store.flush();
    // The current session counts: it and the two newest old ones remain.
    expect((await store.listSessions()).map((s) => s.id)).toEqual([options.tracer.sessionId, 's4', 's3']);
    const db = await rawOpen(options.indexedDB);
    const spanSessions = ((await rawGetAll(db, 'chunks')) as Array<{ sessionId: string }>).map((s) => s.sessionId).sort();
    expect(spanSessions).toEqual(['s3', 's4', options.tracer.sessionId].sort());
    db.close();
  });

  it('removes old sessions as the current one grows past maxMegabytes, never the current one nor the page before it', async () => {
    const options = storeOptions({ maxMegabytes: 1, maxBatch: 20 });
    await plantSessions(options.indexedDB, [
      oldSession('old1', 1000, 300_000),
      oldSession('old2', 2000, 300_000),
      oldSession('previous', 3000, 300_000),
    ]);
    const store = await openStore(options);
    expect((await store.listSessions()).map((s) => s.id)).toEqual(['previous', 'old2', 'old1']);
    const big = 'x'.repeat(20_000); // ~20 KB a span
    for (let i = 0; i < 30; i++) options.tracer.startSpan(`s${i}`, { attributes: { 'gen_ai.input.messages': big } }).end();
    await store.flush();
    await store.listSessions(); // let the retention pass that followed the last write settle
    // ~600 KB current + 900 KB old > 1 MB: the oldest go until it fits.
    expect((await store.listSessions()).map((s) => s.id)).toEqual([options.tracer.sessionId, 'previous']);
    for (let i = 0; i < 30; i++) options.tracer.startSpan(`t${i}`, { attributes: { 'gen_ai.input.messages': big } }).end();
    await store.flush();
    await store.listSessions();
    // Over the limit, but what is left is the current session and the page before it: both kept.
    expect((await store.listSessions()).map((s) => s.id)).toEqual([options.tracer.sessionId, 'previous']);
    expect(await store.loadSession(options.tracer.sessionId)).toHaveLength(60);
    expect(await store.loadSession('previous')).toHaveLength(1);
  });
});
