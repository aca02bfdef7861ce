/**
 * What the rest of spanlens sees of the store. Both implementations (IndexedDB and the in-memory
 * fallback) have exactly this shape, so the overlay never knows which one it talks to.
 */
import type { SpanData } from '../core/span';
import type { Totals } from '../core/totals';
import type { SpanEventType } from '../core/tracer';

/** One page load (or one imported file). */
export interface SessionSummary {
  id: string;
  /** Epoch ms of the first record. */
  started: number;
  /** Epoch ms of the latest write; the session's end once its page is gone. */
  lastSeen: number;
  url: string;
  title: string;
  userAgent: string;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Read-only sessions opened from a file. */
  imported?: boolean;
  /**
   * Spans started but not ended at the last write. For a session that is not the current one,
   * these were still open when the page went away: show them as unfinished, never as complete.
   */
  openSpans?: number;
  /** Estimated size of the session's spans (about one byte per character stored), for retention. */
  bytes?: number;
}

export type StoreMode = 'persistent' | 'memory';

export interface StoreState {
  mode: StoreMode;
  /** Why the store is memory-only, or what went wrong last (quota, blocked, versionchange...). */
  reason?: string;
  /** Records read back that were not valid spans or sessions, skipped. */
  skippedRecords: number;
  /**
   * The current session lost what it had stored (another tab deleted the database): loading or
   * exporting it gives only the spans recorded since.
   */
  sessionPartial?: boolean;
}

export interface SpanStore {
  readonly sessionId: string;
  state(): StoreState;
  /** Called whenever state() changes. Returns the unsubscribe function. */
  onStateChange(listener: (state: StoreState) => void): () => void;
  /** Newest first, with their totals. */
  listSessions(): Promise<SessionSummary[]>;
  /**
   * One session's spans, resolved in start order. onPage receives them page by page while reading
   * (each page sorted by start; pages in the order the spans were stored, so a later page may
   * hold earlier spans): render progressively, then take the resolved array as the whole.
   */
  loadSession(id: string, onPage?: (spans: SpanData[]) => void): Promise<SpanData[]>;
  /** One span of a session, whole; undefined when it is not stored. */
  loadSpan(sessionId: string, spanId: string): Promise<SpanData | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Every session but the current one. */
  deleteAll(): Promise<void>;
  /**
   * Keep spans read from a file as a read-only session of their own; the store builds its
   * summary. Never deletes or replaces a session: resolves to the id it was stored under, the
   * given one unless that was taken (then a fresh one, `<id>-imported`, `<id>-imported-2`...).
   */
  importSession(summary: Partial<SessionSummary> & { id: string }, spans: SpanData[]): Promise<string>;
  /**
   * The current session's span events as they happen, in the order the tracer emits them. The
   * span is the live object: copy (snapshotSpan) what you keep. Returns the unsubscribe function.
   */
  watch(listener: (type: SpanEventType, span: SpanData) => void): () => void;
  /**
   * The current session's totals now, without reading anything (usage and cost count once a span
   * ended). What a closed panel's launcher shows.
   */
  currentTotals(): Totals;
  /** Write whatever is batched now. */
  flush(): Promise<void>;
  /** Stop listening to the tracer and close the database. */
  close(): void;
}
