import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore } from 'fake-indexeddb';
import { openStore } from '../../../src/store';
import { MIGRATIONS } from '../../../src/store/db';
import type { StoreState } from '../../../src/store/types';
import { oldSession, oldSpan, rawOpen, rawPut, rawPutSpans, storeOptions } from './helpers';

/**
 * Make the writes of spans of `sessionId` fail with QuotaExceededError while `failures` > 0:
 * either the put throws, or (as Chromium does) the transaction aborts with that error.
 */
function quotaFor(sessionId: string, failures: number, how: 'throw' | 'abort' = 'throw') {
  const original = IDBObjectStore.prototype.put;
  const state = { failures, attempts: 0 };
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const record = value as { sessionId?: string; spanId?: string; spans?: unknown };
    if (record.sessionId === sessionId && (record.spanId !== undefined || record.spans !== undefined)) {
      state.attempts++;
      if (state.failures > 0) {
        state.failures--;
        if (how === 'throw') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        const request = original.call(this, value, key);
        // Later, as the browser finds out when it writes to disk.
        const tx = this.transaction as unknown as { _abort(name: string): void };
        queueMicrotask(() => tx._abort('QuotaExceededError'));
        return request;
      }
    }
    return original.call(this, value, key);
  });
  return state;
}

async function plant(factory: IDBFactory) {
  const db = await rawOpen(factory, 'spanlens', MIGRATIONS.length, (raw, tx) => MIGRATIONS[0](raw, tx));
  const sessions = [oldSession('a', 1000, 100), oldSession('b', 2000, 100), oldSession('c', 3000, 100)];
  await rawPut(db, 'sessions', sessions);
  for (const s of sessions) await rawPutSpans(db, s.id, [oldSpan(s.id, '2'.repeat(16), s.started)]);
  db.close();
}

afterEach(() => vi.restoreAllMocks());

describe('QuotaExceededError', () => {
  it('prunes the oldest sessions, retries once, and stays persistent when the retry succeeds', async () => {
    const options = storeOptions();
    await plant(options.indexedDB);
    const store = await openStore(options);
    const quota = quotaFor(options.tracer.sessionId, 1);
    options.tracer.startSpan('big').end();
    await store.flush();
    expect(quota.attempts).toBe(2);
    expect(store.state()).toEqual({ mode: 'persistent', skippedRecords: 0 });
    // Half of the old bytes, oldest first: a and b go, c and the current session stay.
    expect((await store.listSessions()).map((s) => s.id)).toEqual([options.tracer.sessionId, 'c']);
    vi.restoreAllMocks();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['big']);
  });

  it('recognises a quota error reported by the aborted transaction (Chromium), and retries', async () => {
    const options = storeOptions();
    await plant(options.indexedDB);
    const store = await openStore(options);
    const quota = quotaFor(options.tracer.sessionId, 1, 'abort');
    options.tracer.startSpan('big').end();
    await store.flush();
    expect(quota.attempts).toBe(2);
    expect(store.state().mode).toBe('persistent');
    expect((await store.listSessions()).map((s) => s.id)).toEqual([options.tracer.sessionId, 'c']);
    vi.restoreAllMocks();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['big']);
  });

  it('falls back to memory with a visible reason when the retry fails too, and keeps recording', async () => {
    const options = storeOptions();
    await plant(options.indexedDB);
    const store = await openStore(options);
    const states: StoreState[] = [];
    store.onStateChange((state) => states.push(state));

    const streaming = options.tracer.startSpan('streaming', { kind: 'llm' });
    await store.flush(); // stored open, before the disk fills up

    const quota = quotaFor(options.tracer.sessionId, Infinity);
    streaming.setAttribute('gen_ai.usage.output_tokens', 7);
    streaming.end();
    options.tracer.startSpan('second').end();
    await store.flush();
    expect(quota.attempts).toBe(2); // the batch's first put throws, once and once more after pruning
    expect(store.state().mode).toBe('memory');
    expect(store.state().reason).toMatch(/storage is full.*memory/);
    expect(states.map((s) => s.mode)).toEqual(['memory']);
    expect(options.tracer.errors.map((e) => e.where)).toContain('store');

    options.tracer.startSpan('third').end();
    await store.flush();
    expect(quota.attempts).toBe(2); // no more IndexedDB writes once in memory

    const spans = await store.loadSession(options.tracer.sessionId);
    expect(spans.map((s) => s.name)).toEqual(['streaming', 'second', 'third']);
    expect(spans[0].endTime).toBeDefined(); // the memory copy (ended) wins over the stored open one
    const current = (await store.listSessions()).find((s) => s.id === options.tracer.sessionId);
    expect(current).toMatchObject({ spanCount: 3, openSpans: 0, outputTokens: 7 });
  });
});
