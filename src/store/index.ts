/**
 * The store's entry points. `openStore` is what install code calls: it resolves once it knows
 * whether sessions persist, and never rejects (the worst case is a memory store with a reason).
 */
import { openDatabase, OpenFailure, describe } from './db';
import { IdbBackend } from './idb-backend';
import { STORE_DEFAULTS, type StoreOptions } from './options';
import { Store } from './store';
import type { SpanStore } from './types';

export type { StoreOptions } from './options';
export { STORE_DEFAULTS } from './options';
export type { SessionSummary, SpanStore, StoreMode, StoreState } from './types';
export type { PageInfo } from './session-totals';

export async function openStore(options: StoreOptions): Promise<SpanStore> {
  // Subscribing happens now, synchronously: spans recorded while the database opens are kept.
  const store = new Store(options);
  try {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const keyRange = options.keyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
    if (!factory || !keyRange) {
      store.useMemory('IndexedDB is not available here (disabled, or a private mode without storage)');
      return store;
    }
    const db = await openDatabase(factory, options.dbName ?? STORE_DEFAULTS.dbName, {
      timeoutMs: options.openTimeoutMs ?? STORE_DEFAULTS.openTimeoutMs,
    });
    await store.attach(new IdbBackend(db, keyRange, store.countSkipped));
  } catch (error) {
    store.useMemory(error instanceof OpenFailure ? error.reason : `IndexedDB failed: ${describe(error)}`);
  }
  return store;
}

/** A store that keeps the session in memory only (lost on reload); `reason` is shown as its state. */
export function createMemoryStore(
  options: Omit<StoreOptions, 'indexedDB' | 'dbName' | 'keyRange' | 'openTimeoutMs'>,
  reason?: string,
): SpanStore {
  const store = new Store(options);
  store.useMemory(reason);
  return store;
}
