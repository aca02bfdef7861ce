/**
 * Reads and writes against the open database. No policy here (batching, retention, fallback):
 * the store decides; this module only knows the schema (see db.ts).
 */
import type { SpanData } from '../core/span';
import { CHUNKS, OPEN, SESSIONS, type SpanlensDatabase } from './db';
import { byStart, readSessionRecord, readSpanRecord } from './records';
import type { SessionSummary } from './types';
import type { SpanBatch } from './writer';

/** Spans per read in loadSession, at most (unless one chunk alone holds more: chunks are read whole). */
export const READ_PAGE_SIZE = 250;
/** Spans per chunk when storing an import. */
const IMPORT_CHUNK_SIZE = 250;

/**
 * Told about each record read back that was not valid, by store and key, so the same bad record
 * read twice counts once.
 */
export type SkipCounter = (store: string, key: unknown) => void;

export class IdbBackend {
  readonly db: SpanlensDatabase;
  readonly #keyRange: typeof IDBKeyRange;
  readonly #skipped: SkipCounter;

  constructor(db: SpanlensDatabase, keyRange: typeof IDBKeyRange, skipped: SkipCounter) {
    this.db = db;
    this.#keyRange = keyRange;
    this.#skipped = skipped;
  }

  /**
   * One transaction, all or nothing: the chunk of spans that ended, the open spans' latest state,
   * the removal of open records whose span is now in the chunk, and the session summary.
   */
  async write(batch: SpanBatch, session: SessionSummary | undefined): Promise<void> {
    const tx = this.db.transaction([CHUNKS, OPEN, SESSIONS], 'readwrite');
    const requests: Promise<unknown>[] = [];
    try {
      if (batch.ended.length > 0) {
        requests.push(tx.objectStore(CHUNKS).put({ sessionId: batch.sessionId, seq: batch.seq, spans: batch.ended }));
      }
      const open = tx.objectStore(OPEN);
      for (const span of batch.open) requests.push(open.put(span));
      for (const spanId of batch.closed) requests.push(open.delete([batch.sessionId, spanId]));
      if (session) requests.push(tx.objectStore(SESSIONS).put(session));
      // Nothing else goes in: let the browser commit without waiting for the requests to settle.
      tx.commit?.();
    } catch (error) {
      // A put that throws (quota, clone failure) leaves the transaction open: end it, report the put's error.
      safeAbort(tx);
      await Promise.allSettled([...requests, tx.done]);
      throw tx.error ?? error;
    }
    try {
      await Promise.all([...requests, tx.done]);
    } catch (error) {
      // An aborted transaction fails each request with AbortError first; the cause (say
      // QuotaExceededError, which is how Chromium reports a full disk) is the transaction's error.
      throw tx.error ?? error;
    }
  }

  async listSessions(): Promise<SessionSummary[]> {
    const records = await this.db.getAll(SESSIONS);
    const sessions: SessionSummary[] = [];
    for (const record of records) {
      const session = readSessionRecord(record);
      if (session) sessions.push(session);
      else this.#skipped(SESSIONS, (record as { id?: unknown } | null)?.id);
    }
    return sessions;
  }

  /**
   * A session's spans: its chunks a few at a time (each read a short task, and the main thread
   * gets control back between them), then its open spans. Each page is sorted by start time.
   */
  async loadSession(id: string, onPage: (spans: SpanData[]) => void, exclude?: ReadonlySet<string>): Promise<void> {
    const seen = new Set<string>();
    const accept = (value: unknown, store: string, key: unknown, page: SpanData[]): void => {
      const span = readSpanRecord(value);
      if (!span || span.sessionId !== id) return this.#skipped(store, key);
      if (seen.has(span.spanId) || exclude?.has(span.spanId)) return;
      seen.add(span.spanId);
      page.push(span);
    };

    const sessionRange = this.#keyRange.bound([id], [id, []]);
    // Read first: an `open` record is the newer state of its span (open, or ended and annotated
    // since its chunk was written), so it replaces the chunk copy where that comes.
    const open: unknown[] = await this.db.getAll(OPEN, sessionRange);
    const newer = new Map<string, unknown>();
    for (const record of open) {
      const { spanId } = record as { spanId?: unknown };
      if (typeof spanId === 'string') newer.set(spanId, record);
    }
    let range = sessionRange;
    let chunksPerRead = 1;
    for (;;) {
      const chunks: unknown[] = await this.db.getAll(CHUNKS, range, chunksPerRead);
      const page: SpanData[] = [];
      let spansRead = 0;
      for (const chunk of chunks) {
        const { seq, spans } = chunk as { seq?: unknown; spans?: unknown };
        if (!Array.isArray(spans)) {
          this.#skipped(CHUNKS, [id, seq]);
          continue;
        }
        spansRead += spans.length;
        for (let i = 0; i < spans.length; i++) {
          const replacement = newer.get((spans[i] as { spanId?: unknown } | null)?.spanId as string);
          const annotated = replacement !== undefined && (replacement as { endTime?: unknown }).endTime !== undefined;
          // A chunk's ended copy wins over an open record (never written so, but be safe).
          accept(annotated ? replacement : spans[i], CHUNKS, [id, seq, i], page);
        }
      }
      if (page.length > 0) onPage(page.sort(byStart));
      if (chunks.length < chunksPerRead) break;
      // Resume after the last chunk read; size the next read to about a page of spans.
      range = this.#keyRange.bound([id, (chunks[chunks.length - 1] as { seq: number }).seq], [id, []], true, false);
      const perChunk = Math.max(1, spansRead / chunks.length);
      chunksPerRead = Math.min(64, Math.max(1, Math.floor(READ_PAGE_SIZE / perChunk)));
    }

    const page: SpanData[] = [];
    for (const [spanId, record] of newer) accept(record, OPEN, [id, spanId], page);
    if (page.length > 0) onPage(page.sort(byStart));
  }

  /**
   * One span: from its chunk when the caller knows which, else from the session's open spans or
   * by reading its chunks (a whole session's read, for earlier sessions).
   */
  async loadSpan(id: string, spanId: string, chunk?: number): Promise<SpanData | undefined> {
    // An ended span's `open` record is its newer, annotated state (see loadSession).
    const newer = readSpanRecord(await this.db.get(OPEN, [id, spanId]));
    if (newer && newer.sessionId === id && newer.endTime !== undefined) return newer;
    if (chunk !== undefined) {
      const record = (await this.db.get(CHUNKS, [id, chunk])) as { spans?: unknown } | undefined;
      const found = Array.isArray(record?.spans) ? record.spans.find((s) => (s as SpanData | null)?.spanId === spanId) : undefined;
      const span = found === undefined ? undefined : readSpanRecord(found);
      if (span && span.sessionId === id) return span;
    }
    let result: SpanData | undefined;
    await this.loadSession(id, (page) => (result ??= page.find((s) => s.spanId === spanId)));
    return result;
  }

  /** The new state of spans of a session other than the one being written (annotated ones). */
  async putNewer(spans: readonly SpanData[]): Promise<void> {
    const tx = this.db.transaction(OPEN, 'readwrite');
    await Promise.all([...spans.map((span) => tx.store.put(span)), tx.done]);
  }

  async deleteSessions(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction([CHUNKS, OPEN, SESSIONS], 'readwrite');
    const requests: Promise<unknown>[] = [];
    for (const id of ids) {
      // Every [id, ...] key: arrays sort after numbers and strings, so [id, []] is above them all.
      const range = this.#keyRange.bound([id], [id, []]);
      requests.push(tx.objectStore(SESSIONS).delete(id));
      requests.push(tx.objectStore(CHUNKS).delete(range));
      requests.push(tx.objectStore(OPEN).delete(range));
    }
    await Promise.all([...requests, tx.done]);
  }

  /** Every record but the given session's, foreign and unreadable ones included. */
  async deleteAllExcept(id: string): Promise<void> {
    const Range = this.#keyRange;
    const tx = this.db.transaction([CHUNKS, OPEN, SESSIONS], 'readwrite');
    const requests: Promise<unknown>[] = [
      tx.objectStore(SESSIONS).delete(Range.upperBound(id, true)),
      tx.objectStore(SESSIONS).delete(Range.lowerBound(id, true)),
    ];
    for (const name of [CHUNKS, OPEN] as const) {
      requests.push(tx.objectStore(name).delete(Range.upperBound([id], true)));
      requests.push(tx.objectStore(name).delete(Range.lowerBound([id, []], true)));
    }
    await Promise.all([...requests, tx.done]);
  }

  /** Whether any record of this session is stored (its summary, or chunks a half import left). */
  async hasSession(id: string): Promise<boolean> {
    const range = this.#keyRange.bound([id], [id, []]);
    const tx = this.db.transaction([SESSIONS, CHUNKS, OPEN]);
    const [summaries, chunks, open] = await Promise.all([
      tx.objectStore(SESSIONS).count(id),
      tx.objectStore(CHUNKS).count(range),
      tx.objectStore(OPEN).count(range),
    ]);
    return summaries + chunks + open > 0;
  }

  /**
   * Store a whole session (an import) in chunks; its summary goes last, so a half import is
   * invisible. The id must be free (see imports.ts): nothing stored is deleted or replaced.
   */
  async putSession(session: SessionSummary, spans: readonly SpanData[]): Promise<void> {
    for (let i = 0; i < spans.length; i += IMPORT_CHUNK_SIZE) {
      const ended = spans.slice(i, i + IMPORT_CHUNK_SIZE);
      await this.write({ sessionId: session.id, seq: i / IMPORT_CHUNK_SIZE, ended, open: [], closed: [] }, undefined);
    }
    await this.write({ sessionId: session.id, seq: 0, ended: [], open: [], closed: [] }, session);
  }

  close(): void {
    this.db.close();
  }
}

function safeAbort(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}
