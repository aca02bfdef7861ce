/**
 * Reads and writes against the open database. No policy here (batching, retention, fallback):
 * the store decides; this module only knows the schema (see db.ts).
 */
import type { SpanData } from '../core/span';
import { CHUNKS, getAll, OPEN, SESSIONS, transactionDone } from './db';
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
  readonly db: IDBDatabase;
  readonly #keyRange: typeof IDBKeyRange;
  readonly #skipped: SkipCounter;

  constructor(db: IDBDatabase, keyRange: typeof IDBKeyRange, skipped: SkipCounter) {
    this.db = db;
    this.#keyRange = keyRange;
    this.#skipped = skipped;
  }

  /**
   * One transaction, all or nothing: the chunk of spans that ended, the open spans' latest state,
   * the removal of open records whose span is now in the chunk, and the session summary.
   */
  async write(batch: SpanBatch, session: SessionSummary | undefined): Promise<void> {
    await this.#transaction((tx) => {
      if (batch.ended.length > 0) tx.objectStore(CHUNKS).put({ sessionId: batch.sessionId, seq: batch.seq, spans: batch.ended });
      const open = tx.objectStore(OPEN);
      for (const span of batch.open) open.put(span);
      for (const spanId of batch.closed) open.delete([batch.sessionId, spanId]);
      if (session) tx.objectStore(SESSIONS).put(session);
    });
  }

  async listSessions(): Promise<SessionSummary[]> {
    const records = await getAll(this.db, SESSIONS);
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
    let range = sessionRange;
    let chunksPerRead = 1;
    for (;;) {
      const chunks: unknown[] = await getAll(this.db, CHUNKS, range, chunksPerRead);
      const page: SpanData[] = [];
      let spansRead = 0;
      for (const chunk of chunks) {
        const { seq, spans } = chunk as { seq?: unknown; spans?: unknown };
        if (!Array.isArray(spans)) {
          this.#skipped(CHUNKS, [id, seq]);
          continue;
        }
        spansRead += spans.length;
        for (let i = 0; i < spans.length; i++) accept(spans[i], CHUNKS, [id, seq, i], page);
      }
      if (page.length > 0) onPage(page.sort(byStart));
      if (chunks.length < chunksPerRead) break;
      // Resume after the last chunk read; size the next read to about a page of spans.
      range = this.#keyRange.bound([id, (chunks[chunks.length - 1] as { seq: number }).seq], [id, []], true, false);
      const perChunk = Math.max(1, spansRead / chunks.length);
      chunksPerRead = Math.min(64, Math.max(1, Math.floor(READ_PAGE_SIZE / perChunk)));
    }

    const open: unknown[] = await getAll(this.db, OPEN, sessionRange);
    const page: SpanData[] = [];
    for (const record of open) {
      const { spanId } = record as { spanId?: unknown };
      // A span both open and in a chunk (never written so, but be safe): the chunk's, ended, wins.
      accept(record, OPEN, [id, spanId], page);
    }
    if (page.length > 0) onPage(page.sort(byStart));
  }

  async deleteSessions(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#transaction((tx) => {
      for (const id of ids) {
        // Every [id, ...] key: arrays sort after numbers and strings, so [id, []] is above them all.
        const range = this.#keyRange.bound([id], [id, []]);
        tx.objectStore(SESSIONS).delete(id);
        tx.objectStore(CHUNKS).delete(range);
        tx.objectStore(OPEN).delete(range);
      }
    });
  }

  /** Every record but the given session's, foreign and unreadable ones included. */
  async deleteAllExcept(id: string): Promise<void> {
    const Range = this.#keyRange;
    await this.#transaction((tx) => {
      tx.objectStore(SESSIONS).delete(Range.upperBound(id, true));
      tx.objectStore(SESSIONS).delete(Range.lowerBound(id, true));
      for (const name of [CHUNKS, OPEN]) {
        tx.objectStore(name).delete(Range.upperBound([id], true));
        tx.objectStore(name).delete(Range.lowerBound([id, []], true));
      }
    });
  }

  /** Store a whole session (an import) in chunks; its summary goes last, so a half import is invisible. */
  async putSession(session: SessionSummary, spans: readonly SpanData[]): Promise<void> {
    await this.deleteSessions([session.id]);
    for (let i = 0; i < spans.length; i += IMPORT_CHUNK_SIZE) {
      const ended = spans.slice(i, i + IMPORT_CHUNK_SIZE);
      await this.write({ sessionId: session.id, seq: i / IMPORT_CHUNK_SIZE, ended, open: [], closed: [] }, undefined);
    }
    await this.write({ sessionId: session.id, seq: 0, ended: [], open: [], closed: [] }, session);
  }

  close(): void {
    this.db.close();
  }

  /**
   * One readwrite transaction over every store, all or nothing: `fill` makes its requests.
   * Resolves once committed; rejects with the cause when a request or the commit fails.
   */
  async #transaction(fill: (tx: IDBTransaction) => void): Promise<void> {
    const tx = this.db.transaction([CHUNKS, OPEN, SESSIONS], 'readwrite');
    const done = transactionDone(tx);
    try {
      fill(tx);
      // Nothing else goes in: let the browser commit without waiting for the requests to settle.
      tx.commit?.();
    } catch (error) {
      // A put that throws (quota, clone failure) leaves the transaction open: end it, report the put's error.
      safeAbort(tx);
      await done.catch(() => undefined);
      throw tx.error ?? error;
    }
    // A failed request aborts the transaction with its error; so does a commit that fails (say
    // QuotaExceededError, which is how Chromium reports a full disk).
    await done;
  }
}

function safeAbort(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}
