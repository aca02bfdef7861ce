/**
 * The store's options and their defaults, and where the session runs (the page it records).
 */
import type { Tracer } from '../core/tracer';
import type { PageInfo } from './session-totals';

export interface StoreOptions {
  /** The store is a sink of this tracer and keeps its session (id = tracer.sessionId). */
  tracer: Tracer;
  /** IndexedDB database name. Default 'spanlens'. */
  dbName?: string;
  /** Sessions kept, the current one included; older ones are deleted first. Default 50. */
  maxSessions?: number;
  /** Estimated megabytes kept across sessions; older sessions are deleted first. Default 50. */
  maxMegabytes?: number;
  /** How long span changes wait to be written together. Default 200 ms. */
  flushIntervalMs?: number;
  /** Spans per transaction; a larger backlog is written in several. Default 250. */
  maxBatch?: number;
  /** Give up opening IndexedDB after this long and use memory. Default 5000 ms. */
  openTimeoutMs?: number;
  /** Default globalThis.indexedDB. Tests pass fake-indexeddb's `new IDBFactory()`. */
  indexedDB?: IDBFactory;
  /** The IDBKeyRange of the same implementation as `indexedDB`. Default globalThis.IDBKeyRange. */
  keyRange?: typeof IDBKeyRange;
  /** Where the session runs. Default: location.href, document.title, navigator.userAgent (read at each write). */
  page?: PageInfo;
}

export const STORE_DEFAULTS = {
  dbName: 'spanlens',
  maxSessions: 50,
  maxMegabytes: 50,
  flushIntervalMs: 200,
  maxBatch: 250,
  openTimeoutMs: 5000,
} as const;

/** The page as it is now: read at each write (the title and URL of a single-page app change). */
export function currentPage(): PageInfo {
  const g = globalThis as {
    location?: { href?: string };
    document?: { title?: string };
    navigator?: { userAgent?: string };
  };
  return { url: g.location?.href ?? '', title: g.document?.title ?? '', userAgent: g.navigator?.userAgent ?? '' };
}
