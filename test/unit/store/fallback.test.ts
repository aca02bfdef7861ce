import { afterEach, describe, expect, it, vi } from 'vitest';
import { forceCloseDatabase } from 'fake-indexeddb';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { createMemoryStore, openStore } from '../../../src/store';
import { PAGE, storeOptions } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Every fallback keeps the full API working: record, list, load, import, delete. */
async function expectWorkingMemoryStore(store: Awaited<ReturnType<typeof openStore>>, tracer: Tracer) {
  expect(store.state().mode).toBe('memory');
  const turn = tracer.startSpan('turn');
  tracer.startSpan('chat', { kind: 'llm', parent: turn, attributes: { 'gen_ai.usage.input_tokens': 4 } }).end();
  await store.flush();
  expect((await store.loadSession(tracer.sessionId)).map((s) => [s.name, s.endTime === undefined])).toEqual([
    ['turn', true],
    ['chat', false],
  ]);
  const imported = await store.importSession({ id: 'file-1', title: 'from a file' }, await store.loadSession(tracer.sessionId));
  const sessions = await store.listSessions();
  expect(sessions.find((s) => s.id === tracer.sessionId)).toMatchObject({ spanCount: 2, openSpans: 1, inputTokens: 4 });
  expect(sessions.find((s) => s.id === imported)).toMatchObject({ imported: true, spanCount: 2, title: 'from a file' });
  await store.deleteAll();
  expect((await store.listSessions()).map((s) => s.id)).toEqual([tracer.sessionId]);
}

describe('memory fallback', () => {
  it('uses memory, saying why, when there is no IndexedDB at all', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const tracer = new Tracer();
    const store = await openStore({ tracer, page: PAGE });
    expect(store.state().reason).toMatch(/IndexedDB is not available/);
    expect(tracer.errors.map((e) => e.message)).toEqual([store.state().reason]);
    await expectWorkingMemoryStore(store, tracer);
  });

  it('uses memory when opening throws (SecurityError in a sandboxed frame)', async () => {
    const factory = {
      open: () => {
        throw new DOMException('access denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const options = storeOptions({ indexedDB: factory });
    const store = await openStore(options);
    expect(store.state().reason).toMatch(/SecurityError/);
    await expectWorkingMemoryStore(store, options.tracer);
  });

  it('uses memory when the open request fails', async () => {
    const factory = {
      open: () => {
        const request = { error: new DOMException('disk I/O', 'UnknownError') } as unknown as IDBOpenDBRequest;
        setTimeout(() => request.onerror?.(new Event('error')), 1);
        return request;
      },
    } as unknown as IDBFactory;
    const options = storeOptions({ indexedDB: factory });
    const store = await openStore(options);
    expect(store.state().reason).toMatch(/failed to open: UnknownError/);
    await expectWorkingMemoryStore(store, options.tracer);
  });

  it('uses memory when the open request never answers', async () => {
    const factory = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const options = storeOptions({ indexedDB: factory, openTimeoutMs: 10 });
    const store = await openStore(options);
    expect(store.state().reason).toMatch(/did not answer within 10 ms/);
    await expectWorkingMemoryStore(store, options.tracer);
  });

  it('goes to memory when the browser closes the connection (storage cleared)', async () => {
    const options = storeOptions();
    let connection: IDBDatabase | undefined;
    const open = options.indexedDB.open.bind(options.indexedDB);
    options.indexedDB.open = (name: string, version?: number) => {
      const request = open(name, version);
      request.addEventListener('success', () => (connection = request.result as unknown as IDBDatabase));
      return request;
    };
    const store = await openStore(options);
    expect(store.state().mode).toBe('persistent');
    forceCloseDatabase(connection as never);
    await vi.waitFor(() => expect(store.state().mode).toBe('memory'));
    expect(store.state()).toMatchObject({ mode: 'memory', reason: expect.stringMatching(/closed the database/) });
    await expectWorkingMemoryStore(store, options.tracer);
  });

  it('createMemoryStore has the same API and carries the given reason', async () => {
    const tracer = new Tracer();
    const store = createMemoryStore({ tracer, page: PAGE }, 'persistence disabled by config');
    expect(store.state()).toEqual({ mode: 'memory', reason: 'persistence disabled by config', skippedRecords: 0 });
    await expectWorkingMemoryStore(store, tracer);
  });
});

describe('memory bound', () => {
  it('keeps a memory store within maxMegabytes: earlier sessions go first, then the oldest ended spans, never open ones', async () => {
    const tracer = new Tracer();
    const store = createMemoryStore({ tracer, page: PAGE, flushIntervalMs: 1, maxMegabytes: 0.05 });
    await store.importSession({ id: 'older-file' }, [{ ...fileSpan(), sessionId: 'older-file' }]);
    const running = tracer.startSpan('running', { attributes: { text: 'r'.repeat(1000) } });
    for (let i = 0; i < 100; i++) tracer.startSpan(`call ${i}`, { attributes: { text: 'x'.repeat(2000) } }).end();
    await store.flush();
    const kept = await store.loadSession(tracer.sessionId);
    const bytes = kept.reduce((sum, s) => sum + JSON.stringify(s).length, 0);
    expect(bytes).toBeLessThan(0.05 * 1024 * 1024 * 1.2);
    expect(kept.length).toBeLessThan(101);
    expect(kept.some((s) => s.spanId === running.spanId)).toBe(true);
    expect(kept.some((s) => s.name === 'call 99')).toBe(true);
    expect((await store.listSessions()).map((s) => s.id)).not.toContain('older-file');
    expect(store.state().sessionPartial).toBe(true);
    expect(tracer.errors.map((e) => e.message).join('\n')).toMatch(/oldest spans of this session were dropped/);
    store.close();
  });
});

/** A span recorded on another page (as a file would bring it). */
function fileSpan(): SpanData {
  const span = new Tracer().startSpan('from a file', { attributes: { text: 'f'.repeat(1000) } });
  span.end();
  return snapshotSpan(span);
}
