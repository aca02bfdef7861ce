/**
 * Reads and writes against the open database. No policy here (batching, retention, fallback):
 * the store decides; this module only knows the schema.
 */
import type { SpanData } from '../core/span';
import { BY_SESSION_START, SESSIONS, SPANS, type SpanlensDatabase } from './db';
import { readSessionRecord, readSpanRecord } from './records';
import type { SessionSummary } from './types';

/** Spans per read when loading a session: small enough that decoding one page is a short task. */
export const READ_PAGE_SIZE = 250;

/**
 * Told about each record read back that was not valid, by store and primary key, so the same bad
 * record read twice counts once.
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

  /** One transaction: every span record, then the session summary. All or nothing. */
  async write(spans: readonly SpanData[], session: SessionSummary | undefined): Promise<void> {
    const tx = this.db.transaction([SPANS, SESSIONS], 'readwrite');
    const requests: Promise<unknown>[] = [];
    try {
      const store = tx.objectStore(SPANS);
      for (const span of spans) requests.push(store.put(span));
      if (session) requests.push(tx.objectStore(SESSIONS).put(session));
      // Nothing else goes in: let the browser commit without waiting for the requests to settle.
      tx.commit?.();
    } catch (error) {
      // A put that throws (quota, clone failure) leaves the transaction open: end it, report the put's error.
      safeAbort(tx);
      await Promise.allSettled([...requests, tx.done]);
      throw error;
    }
    await Promise.all([...requests, tx.done]);
  }

  async listSessions(): Promise<SessionSummary[]> {
    const records = await this.db.getAll(SESSIONS);
    const sessions: SessionSummary[] = [];
    for (const record of records) {
      const session = readSessionRecord(record);
      if (session) sessions.push(session);
    }
    if (sessions.length < records.length) {
      for (const record of records) if (!readSessionRecord(record)) this.#skipped(SESSIONS, (record as { id?: unknown }).id);
    }
    return sessions;
  }

  /**
   * A session's spans in start order, page by page, each page in its own short transaction so the
   * main thread gets control back between pages.
   */
  async loadSession(
    id: string,
    onPage: (spans: SpanData[]) => void,
    exclude?: ReadonlySet<string>,
  ): Promise<void> {
    const Range = this.#keyRange;
    let lower: [string, number, string] | [string] = [id];
    let lowerOpen = false;
    for (;;) {
      const range = Range.bound(lower, [id, []], lowerOpen, false);
      const records: unknown[] = await this.db.getAllFromIndex(SPANS, BY_SESSION_START, range, READ_PAGE_SIZE);
      if (records.length === 0) return;
      const page: SpanData[] = [];
      for (const record of records) {
        const span = readSpanRecord(record);
        if (span && span.sessionId === id) {
          if (!exclude?.has(span.spanId)) page.push(span);
        } else {
          // Anything in this index has a sessionId and spanId (the index key needs them): its primary key.
          const { sessionId, spanId } = record as { sessionId?: unknown; spanId?: unknown };
          this.#skipped(SPANS, [sessionId, spanId]);
        }
      }
      if (page.length > 0) onPage(page);
      if (records.length < READ_PAGE_SIZE) return;
      const last = records[records.length - 1] as SpanData;
      // Resume strictly after the last index key read (unique thanks to spanId).
      lower = [id, last.startTime, last.spanId];
      lowerOpen = true;
    }
  }

  async deleteSessions(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction([SPANS, SESSIONS], 'readwrite');
    const requests: Promise<unknown>[] = [];
    for (const id of ids) {
      requests.push(tx.objectStore(SESSIONS).delete(id));
      // Every [id, spanId] key: arrays sort after strings, so [id, []] is above them all.
      requests.push(tx.objectStore(SPANS).delete(this.#keyRange.bound([id], [id, []])));
    }
    await Promise.all([...requests, tx.done]);
  }

  /** Every record but the given session's, foreign and unreadable ones included. */
  async deleteAllExcept(id: string): Promise<void> {
    const Range = this.#keyRange;
    const tx = this.db.transaction([SPANS, SESSIONS], 'readwrite');
    const sessions = tx.objectStore(SESSIONS);
    const spans = tx.objectStore(SPANS);
    await Promise.all([
      sessions.delete(Range.upperBound(id, true)),
      sessions.delete(Range.lowerBound(id, true)),
      spans.delete(Range.upperBound([id], true)),
      spans.delete(Range.lowerBound([id, []], true)),
      tx.done,
    ]);
  }

  /** Store a whole session (an import) in chunks; its summary goes last, so a half import is invisible. */
  async putSession(session: SessionSummary, spans: readonly SpanData[], chunk = READ_PAGE_SIZE): Promise<void> {
    await this.deleteSessions([session.id]);
    for (let i = 0; i < spans.length; i += chunk) await this.write(spans.slice(i, i + chunk), undefined);
    await this.write([], session);
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
