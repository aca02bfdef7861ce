/**
 * The database: its schema, its versions, and how one version becomes the next.
 *
 * `MIGRATIONS[n]` upgrades a database at version n to n + 1, so the current version is the
 * length of the list, and opening from any earlier version (0 = no database yet) runs exactly the
 * steps in between, inside the upgrade transaction: all of them apply, or none.
 * To change the schema, append a migration; never edit one that has shipped.
 *
 * Version 1:
 *   sessions  key `id`                  one SessionSummary per page load (or import)
 *   chunks    key [sessionId, seq]      SpanChunk: the spans that ended between two writes, in
 *                                       one record (ended spans never change again)
 *   open      key [sessionId, spanId]   the latest state of each span not ended yet; deleted in
 *                                       the transaction that puts the span into a chunk
 *
 * Why chunks and not one record per span: each IndexedDB request costs a fixed ~0.1 ms of main
 * thread in Chromium, so 10,000 single-span puts take 1-3 s while 40 chunk puts take well under
 * half a second (bench/store.js). A span is in exactly one place, so readers need no merging:
 * every chunk of a session, then its open records.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';
import type { SpanData } from '../core/span';
import type { SessionSummary } from './types';

export const SESSIONS = 'sessions';
export const CHUNKS = 'chunks';
export const OPEN = 'open';

/** Spans that ended between two writes of one session, `seq` counting the session's chunks. */
export interface SpanChunk {
  sessionId: string;
  seq: number;
  spans: SpanData[];
}

export interface SpanlensSchema extends DBSchema {
  sessions: { key: string; value: SessionSummary };
  chunks: { key: [string, number]; value: SpanChunk };
  open: { key: [string, string]; value: SpanData };
}

export type SpanlensDatabase = IDBPDatabase<SpanlensSchema>;

/** One schema step, run inside the upgrade transaction (which it may read and write through). */
export type Migration = (db: IDBDatabase, transaction: IDBTransaction) => void;

export const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1: the first schema.
  (db) => {
    db.createObjectStore(SESSIONS, { keyPath: 'id' });
    db.createObjectStore(CHUNKS, { keyPath: ['sessionId', 'seq'] });
    db.createObjectStore(OPEN, { keyPath: ['sessionId', 'spanId'] });
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Why the database could not be opened; `reason` is shown to the user. */
export class OpenFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OpenFailure';
  }
}

export interface OpenOptions {
  /** Defaults to MIGRATIONS; tests pass a longer list to play a future version. */
  migrations?: readonly Migration[];
  /** Give up after this long (some private modes never answer an open). */
  timeoutMs?: number;
}

/**
 * Open (creating or upgrading) the database. Rejects with an OpenFailure when it cannot: another
 * tab holds an older version open (`blocked`), a newer spanlens already upgraded it, the upgrade
 * failed, or the browser refused or never answered.
 */
export function openDatabase(
  factory: IDBFactory,
  name: string,
  options: OpenOptions = {},
): Promise<SpanlensDatabase> {
  const migrations = options.migrations ?? MIGRATIONS;
  const version = migrations.length;
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new OpenFailure(reason));
    };
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (error) {
      fail(`IndexedDB refused to open: ${describe(error)}`);
      return;
    }
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => fail(`IndexedDB did not answer within ${options.timeoutMs} ms`), options.timeoutMs);
    }
    request.onupgradeneeded = (event) => {
      const transaction = request.transaction;
      if (!transaction) return;
      try {
        for (let from = event.oldVersion; from < version; from++) migrations[from](request.result, transaction);
      } catch (error) {
        fail(`upgrading the database to version ${version} failed: ${describe(error)}`);
        transaction.abort();
      }
    };
    request.onblocked = () => {
      fail('another tab has an older spanlens database open (blocked); close it and reload');
    };
    request.onerror = (event) => {
      event.preventDefault?.();
      const error = request.error;
      fail(
        error?.name === 'VersionError'
          ? 'the database was upgraded by a newer spanlens (another tab?); reload to use it'
          : `IndexedDB failed to open: ${describe(error)}`,
      );
    };
    request.onsuccess = () => {
      const db = request.result;
      // Too late (blocked, timed out): close at once so we never block anyone else's upgrade.
      if (settled) {
        db.close();
        return;
      }
      let wrapped: SpanlensDatabase;
      try {
        wrapped = wrap(db) as unknown as SpanlensDatabase;
      } catch (error) {
        db.close();
        fail(`IndexedDB failed to open: ${describe(error)}`);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve(wrapped);
    };
  });
}

export function describe(error: unknown): string {
  if (error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return String(error);
}

/** The browser's "storage is full" (QuotaExceededError; code 22 in older engines). */
export function isQuotaError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return !!e && (e.name === 'QuotaExceededError' || e.code === 22);
}
