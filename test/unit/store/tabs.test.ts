import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { Tracer } from '../../../src/core/tracer';
import { openStore } from '../../../src/store';
import { storeOptions, tick } from './helpers';

describe('two tabs of the same app', () => {
  it('write at the same time through two connections and lose nothing of either', async () => {
    const factory = new IDBFactory();
    const tabA = storeOptions({ indexedDB: factory, flushIntervalMs: 1, maxBatch: 7 });
    const tabB = storeOptions({ indexedDB: factory, flushIntervalMs: 2, maxBatch: 5 });
    const [a, b] = await Promise.all([openStore(tabA), openStore(tabB)]);
    expect([a.state().mode, b.state().mode]).toEqual(['persistent', 'persistent']);

    const open: Array<ReturnType<Tracer['startSpan']>> = [];
    for (let round = 0; round < 20; round++) {
      for (const tab of [tabA, tabB]) {
        for (let i = 0; i < 3; i++) {
          const span = tab.tracer.startSpan(`r${round}-${i}`, { attributes: { 'gen_ai.usage.input_tokens': 1 } });
          if (i === 2) open.push(span);
          else span.end();
        }
      }
      await tick(round % 3); // let some flushes of both tabs interleave with recording
    }
    for (const span of open) span.end();
    await Promise.all([a.flush(), b.flush()]);
    a.close();
    b.close();

    const reader = await openStore(storeOptions({ indexedDB: factory }));
    const sessions = await reader.listSessions();
    for (const tab of [tabA, tabB]) {
      const summary = sessions.find((s) => s.id === tab.tracer.sessionId);
      expect(summary).toMatchObject({ spanCount: 60, openSpans: 0, inputTokens: 60 });
      const spans = await reader.loadSession(tab.tracer.sessionId);
      expect(spans).toHaveLength(60);
      expect(spans.every((s) => s.endTime !== undefined && s.sessionId === tab.tracer.sessionId)).toBe(true);
    }
  });
});

describe('another tab deletes the database', () => {
  it('says earlier spans of this session were deleted, marks the session partial, and records on in memory', async () => {
    const factory = new IDBFactory();
    const options = storeOptions({ indexedDB: factory, flushIntervalMs: 1 });
    const store = await openStore(options);
    options.tracer.startSpan('before').end();
    await store.flush();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['before']);

    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase('spanlens');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(store.state()).toMatchObject({ mode: 'memory', sessionPartial: true });
    expect(store.state().reason).toMatch(/earlier spans of this session were deleted by another tab/);

    options.tracer.startSpan('after').end();
    await store.flush();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['after']);
    store.close();
  });
});
