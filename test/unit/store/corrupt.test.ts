import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store';
import { MIGRATIONS } from '../../../src/store/db';
import { readSessionRecord, readSpanRecord } from '../../../src/store/records';
import type { StoreState } from '../../../src/store/types';
import { oldSession, oldSpan, rawOpen, rawPut, rawPutSpans, storeOptions } from './helpers';

describe('records read back', () => {
  const good = oldSpan('s', '4'.repeat(16), 10);

  it('accepts a valid span and rejects each kind of damage', () => {
    expect(readSpanRecord(good)).toBe(good);
    expect(readSpanRecord({ ...good, parentSpanId: 'b'.repeat(16), status: { code: 'error', message: 'x' } })).toBeDefined();
    const damaged: unknown[] = [
      null,
      'a string',
      42,
      { ...good, spanId: undefined },
      { ...good, traceId: '' },
      { ...good, sessionId: 7 },
      { ...good, kind: 'database' },
      { ...good, startTime: 'yesterday' },
      { ...good, startTime: Number.NaN },
      { ...good, endTime: null },
      { ...good, parentSpanId: 5 },
      { ...good, status: 'ok' },
      { ...good, status: { code: 'fine' } },
      { ...good, status: { code: 'error', message: { nested: true } } },
      { ...good, attributes: null },
      { ...good, attributes: { nested: { object: 1 } } },
      { ...good, attributes: { list: [1, { x: 1 }] } },
      { ...good, events: {} },
      { ...good, events: [{ name: 'e' }] },
      { ...good, events: [{ name: 'e', time: 1, attributes: [] }].map((e) => ({ ...e, attributes: 'x' })) },
    ];
    for (const record of damaged) expect(readSpanRecord(record), JSON.stringify(record)).toBeUndefined();
  });

  it('accepts a session summary missing totals (read as zero) but not one without id or start', () => {
    expect(readSessionRecord({ id: 'x', started: 5 })).toMatchObject({ id: 'x', started: 5, lastSeen: 5, spanCount: 0, costUsd: 0 });
    expect(readSessionRecord({ id: 'x', started: 5, spanCount: -3, imported: 'yes' })).toMatchObject({ spanCount: 0 });
    expect(readSessionRecord({ id: 'x', started: 5, imported: 'yes' })?.imported).toBeUndefined();
    expect(readSessionRecord({ started: 5 })).toBeUndefined();
    expect(readSessionRecord({ id: 'x' })).toBeUndefined();
    expect(readSessionRecord([])).toBeUndefined();
  });
});

describe('corrupt and foreign records in the database', () => {
  it('are skipped and counted; the reader and everything valid keep working', async () => {
    const options = storeOptions();
    const db = await rawOpen(options.indexedDB, 'spanlens', MIGRATIONS.length, (raw, tx) => MIGRATIONS[0](raw, tx));
    await rawPut(db, 'sessions', [oldSession('fine', 1000), { id: 'broken' }, { id: 'foreign', started: 'a long time ago' }]);
    await rawPutSpans(db, 'fine', [
      oldSpan('fine', '5'.repeat(16), 1000),
      { ...oldSpan('fine', '6'.repeat(16), 1001), kind: 'cobol' },
      { ...oldSpan('fine', '7'.repeat(16), 1002), attributes: { deep: { deeper: 1 } } },
      oldSpan('other-session', '9'.repeat(16), 1002),
    ]);
    await rawPut(db, 'chunks', [{ sessionId: 'fine', seq: 99, spans: 'not a list' }]);
    await rawPut(db, 'open', [oldSpan('fine', '8'.repeat(16), 1003), { sessionId: 'fine', spanId: 'x', name: 3 }]);
    db.close();

    const store = await openStore(options);
    const states: StoreState[] = [];
    store.onStateChange((s) => states.push(s));
    expect((await store.listSessions()).map((s) => s.id)).toEqual(['fine']);
    expect(store.state().skippedRecords).toBe(2);
    const spans = await store.loadSession('fine');
    expect(spans.map((s) => s.spanId)).toEqual(['5'.repeat(16), '8'.repeat(16)]);
    // Reading the same bad records again does not count them again.
    await store.listSessions();
    await store.loadSession('fine');
    // 2 sessions + 3 spans in a chunk + 1 chunk without a span list + 1 open record.
    expect(store.state()).toEqual({ mode: 'persistent', skippedRecords: 7 });
    expect(states.at(-1)?.skippedRecords).toBe(7);

    // deleteAll clears foreign records too.
    await store.deleteAll();
    const after = await rawOpen(options.indexedDB);
    const counts = await new Promise<number[]>((resolve) => {
      const tx = after.transaction(['sessions', 'chunks', 'open']);
      const requests = ['sessions', 'chunks', 'open'].map((name) => tx.objectStore(name).count());
      tx.oncomplete = () => resolve(requests.map((r) => r.result));
    });
    expect(counts).toEqual([0, 0, 0]);
    after.close();
  });
});
