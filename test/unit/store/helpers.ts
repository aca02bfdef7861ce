/**
 * Shared set-up for the store tests: a fresh fake IndexedDB per test (isolation), a tracer, and
 * records as an earlier page load would have left them.
 */
// The fake's classes as globals (quota.test.ts patches IDBObjectStore.prototype).
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import type { StoreOptions } from '../../../src/store/options';

export const PAGE = { url: 'https://app.test/chat', title: 'Chat', userAgent: 'vitest' };

export function storeOptions(overrides: Partial<StoreOptions> = {}): StoreOptions & { indexedDB: IDBFactory } {
  return {
    tracer: new Tracer(),
    indexedDB: new IDBFactory(),
    keyRange: IDBKeyRange,
    page: PAGE,
    flushIntervalMs: 5,
    ...overrides,
  } as StoreOptions & { indexedDB: IDBFactory };
}

/** A raw connection to the fake database (to plant or inspect records the way another tab would). */
export function rawOpen(factory: IDBFactory, name = 'spanlens', version?: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction, oldVersion: number) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? factory.open(name) : factory.open(name, version);
    request.onupgradeneeded = (event) => upgrade?.(request.result, request.transaction!, event.oldVersion);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function rawPut(db: IDBDatabase, storeName: string, values: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    for (const value of values) tx.objectStore(storeName).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

export function rawGetAll(db: IDBDatabase, storeName: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(storeName).objectStore(storeName).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Store spans the way the writer does: one chunk record (spans that ended) per call. */
let nextSeq = 0;
export function rawPutSpans(db: IDBDatabase, sessionId: string, spans: unknown[]): Promise<void> {
  return rawPut(db, 'chunks', [{ sessionId, seq: nextSeq++, spans }]);
}

/** A stored session summary, as an earlier page load would have left it. */
export function oldSession(id: string, started: number, bytes = 1000) {
  return {
    id,
    started,
    lastSeen: started + 1000,
    url: 'https://app.test/',
    title: 'old',
    userAgent: 'ua',
    spanCount: 1,
    errorCount: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    openSpans: 0,
    bytes,
  };
}

/** A stored span of a given session. */
export function oldSpan(sessionId: string, spanId: string, startTime: number): SpanData {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    name: 'chat gpt-4o',
    kind: 'llm',
    startTime,
    endTime: startTime + 10,
    status: { code: 'ok' },
    attributes: { 'gen_ai.request.model': 'gpt-4o' },
    events: [],
    sessionId,
  };
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
