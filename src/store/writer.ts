/**
 * The writer: a tracer sink that batches span starts, updates and ends and hands them to the store
 * in batches, without ever making recording wait.
 *
 * An event only marks the span dirty (one Map.set, keyed by span id): a streaming span updated a
 * hundred times between flushes is serialised once, at flush time, in its latest state. Flushes
 * happen on a short timer, at once when the batch is large, and synchronously on `pagehide` /
 * `visibilitychange` to hidden, so a page that goes away leaves its open spans stored open.
 */
import { snapshotSpan, type SpanData } from '../core/span';
import type { SpanEventType, Tracer } from '../core/tracer';
import { estimateSpanBytes } from './records';
import type { PageInfo, SessionTotals } from './session-totals';
import type { SessionSummary } from './types';

/** One write: what changed since the previous one. */
export interface SpanBatch {
  sessionId: string;
  /** Number of this batch's chunk within the session (used only when `ended` is not empty). */
  seq: number;
  /** Spans that ended since the last write, in their final state: one chunk. */
  ended: SpanData[];
  /** Spans still open, in their latest state. */
  open: SpanData[];
  /** Ids of spans in `ended` that an earlier write stored as open: that record must go. */
  closed: string[];
}

export interface WriterOptions {
  tracer: Tracer;
  totals: SessionTotals;
  /** Persist one batch. May reject; the writer reports it and carries on. */
  write: (batch: SpanBatch, session: SessionSummary) => Promise<void>;
  /** Resolves once `write` may be called (the database is open, or memory was chosen). */
  ready: Promise<unknown>;
  flushIntervalMs: number;
  /** Spans per write: a bigger backlog is written in several transactions, each a short task. */
  maxBatch: number;
  page: () => PageInfo;
  /** Called after each batch is handed over (retention checks hang off this). */
  afterWrite?: () => void;
  /** An ended span of another session (stored, imported) was annotated: persist its new state. */
  annotateElsewhere?: (span: SpanData) => void;
}

export class BatchWriter {
  readonly #options: WriterOptions;
  /** Live spans changed since their last write, by span id. */
  #dirty = new Map<string, SpanData>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerIsImmediate = false;
  #chain: Promise<void> = Promise.resolve();
  #ready = false;
  /** Spans whose latest write stored them as open. */
  readonly #storedOpen = new Set<string>();
  /**
   * Ended spans annotated since (a score added): their latest state goes to the `open` store,
   * keyed by span id, which the reader prefers over the chunk copy (see idb-backend.ts).
   */
  readonly #annotated = new Set<string>();
  #nextSeq = 0;
  readonly #unsubscribe: () => void;
  readonly #removeLifecycle: () => void;

  constructor(options: WriterOptions) {
    this.#options = options;
    options.ready.then(
      () => (this.#ready = true),
      () => undefined,
    );
    this.#unsubscribe = options.tracer.subscribe(this.#onSpan);
    this.#removeLifecycle = listenForPageExit(this.flushNow);
  }

  get pending(): number {
    return this.#dirty.size;
  }

  /** Write everything dirty now; resolves when it is written (or handed to the fallback). */
  flush(): Promise<void> {
    this.#clearTimer();
    this.#chain = this.#chain.then(() => this.#drain());
    return this.#chain;
  }

  /**
   * The page is going away: start the write in this very task, all of it in one transaction,
   * because a later task may never run.
   */
  readonly flushNow = (): void => {
    if (!this.#ready || this.#dirty.size === 0) return;
    this.#clearTimer();
    const { batch, session } = this.#takeBatch(Infinity);
    this.#options.write(batch, session).catch((error) => this.#options.tracer.reportError('store write', error));
  };

  /** Stop listening; what is dirty stays for a last flush(). */
  stop(): void {
    this.#unsubscribe();
    this.#removeLifecycle();
    this.#clearTimer();
  }

  #onSpan = (type: SpanEventType, span: SpanData): void => {
    if (type === 'annotate') {
      // An event on an ended span: totals do not change; the record does.
      if (span.sessionId !== this.#options.totals.id) {
        this.#options.annotateElsewhere?.(snapshotSpan(span));
        return;
      }
      this.#annotated.add(span.spanId);
    } else {
      this.#options.totals.observe(type, span);
    }
    this.#dirty.set(span.spanId, span);
    if (this.#dirty.size >= this.#options.maxBatch) this.#schedule(true);
    else if (this.#timer === undefined) this.#schedule(false);
  };

  #schedule(immediate: boolean): void {
    if (this.#timer !== undefined) {
      if (!immediate || this.#timerIsImmediate) return;
      clearTimeout(this.#timer);
    }
    this.#timerIsImmediate = immediate;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        void this.flush();
      },
      immediate ? 0 : this.#options.flushIntervalMs,
    );
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #drain(): Promise<void> {
    await this.#options.ready;
    while (this.#dirty.size > 0) {
      const { batch, session } = this.#takeBatch(this.#options.maxBatch);
      try {
        await this.#options.write(batch, session);
      } catch (error) {
        this.#options.tracer.reportError('store write', error);
      }
      this.#options.afterWrite?.();
    }
  }

  /** Serialise up to `max` dirty spans (their state now) and the session summary. */
  #takeBatch(max: number): { batch: SpanBatch; session: SessionSummary } {
    const { totals } = this.#options;
    const batch: SpanBatch = { sessionId: totals.id, seq: 0, ended: [], open: [], closed: [] };
    let taken = 0;
    for (const [id, span] of this.#dirty) {
      if (taken++ >= max) break;
      this.#dirty.delete(id);
      // A plain copy of the span's state now (the live object keeps changing).
      const record = snapshotSpan(span);
      totals.written(id, estimateSpanBytes(record));
      if (record.endTime === undefined || this.#annotated.has(id)) {
        batch.open.push(record);
        this.#storedOpen.add(id);
      } else {
        batch.ended.push(record);
        if (this.#storedOpen.delete(id)) batch.closed.push(id);
      }
    }
    if (batch.ended.length > 0) batch.seq = this.#nextSeq++;
    return { batch, session: totals.summary(this.#options.page(), Date.now()) };
  }
}

/** Calls `flush` when the page is hidden or unloaded; returns the remover. No-op outside a page. */
function listenForPageExit(flush: () => void): () => void {
  const win = typeof window !== 'undefined' ? window : undefined;
  const doc = typeof document !== 'undefined' ? document : undefined;
  if (!win?.addEventListener) return () => undefined;
  const onVisibility = (): void => {
    if (doc?.visibilityState === 'hidden') flush();
  };
  win.addEventListener('pagehide', flush);
  doc?.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('pagehide', flush);
    doc?.removeEventListener('visibilitychange', onVisibility);
  };
}
