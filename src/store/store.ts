/**
 * The SpanStore: the writer (recording side), IndexedDB when it works, memory when it does not,
 * and the state that says which and why.
 *
 * Degrading is one-way for the life of the page: once a write failed for good (quota after a
 * prune and a retry) or another tab asked us to close (versionchange), the rest of the session is
 * kept in memory and state() says so. What was already stored stays readable where possible.
 */
import type { SpanData } from '../core/span';
import type { Totals } from '../core/totals';
import type { SpanEventType, Tracer } from '../core/tracer';
import { IN_MEMORY, retryAfterWriteError } from './write-recovery';
import { READ_PAGE_SIZE, type IdbBackend } from './idb-backend';
import { MemorySessions } from './memory';
import { byStart, safeKey } from './records';
import { keptByRetention, sessionsOverLimits, type RetentionLimits } from './retention';
import { freeImportId, prepareImport, type ImportedSummary } from './imports';
import { SessionTotals, type PageInfo } from './session-totals';
import type { SessionSummary, SpanStore, StoreState } from './types';
import { currentPage, STORE_DEFAULTS, type StoreOptions } from './options';
import { BatchWriter, type SpanBatch } from './writer';

const MEGABYTE = 1024 * 1024;
/** Check retention again each time the current session grew by this share of maxBytes. */
const RETENTION_STEP = 1 / 20;

export class Store implements SpanStore {
  readonly sessionId: string;
  readonly #tracer: Tracer;
  readonly #limits: RetentionLimits;
  readonly #totals: SessionTotals;
  readonly #writer: BatchWriter;
  readonly #memory: MemorySessions;
  readonly #page: () => PageInfo;
  #backend: IdbBackend | undefined;
  /** Writes go to the backend (false once degraded to memory). */
  #persisting = false;
  #state: StoreState = { mode: 'memory', reason: 'opening the database', skippedRecords: 0 };
  #listeners: Array<(state: StoreState) => void> = [];
  #markReady!: () => void;
  #bytesAtRetention = 0;
  #retention: Promise<void> | undefined;
  readonly #skippedKeys = new Set<string>();
  /** The chunk each ended span of the current session was written in: loadSpan reads only that one. */
  readonly #chunkOf = new Map<string, number>();
  #droppedReported = false;

  constructor(options: StoreOptions) {
    this.#tracer = options.tracer;
    this.sessionId = options.tracer.sessionId;
    this.#limits = {
      maxSessions: Math.max(1, options.maxSessions ?? STORE_DEFAULTS.maxSessions),
      maxBytes: (options.maxMegabytes ?? STORE_DEFAULTS.maxMegabytes) * MEGABYTE,
    };
    this.#page = options.page ? () => options.page as PageInfo : currentPage;
    this.#memory = new MemorySessions(this.#limits.maxBytes, this.sessionId);
    this.#totals = new SessionTotals(this.sessionId);
    const ready = new Promise<void>((resolve) => (this.#markReady = resolve));
    this.#writer = new BatchWriter({
      tracer: this.#tracer,
      totals: this.#totals,
      write: (batch, session) => this.#write(batch, session),
      ready,
      flushIntervalMs: options.flushIntervalMs ?? STORE_DEFAULTS.flushIntervalMs,
      maxBatch: Math.max(1, options.maxBatch ?? STORE_DEFAULTS.maxBatch),
      page: this.#page,
      afterWrite: () => this.#maybeApplyRetention(),
      annotateElsewhere: (span) => void this.#annotateElsewhere(span),
    });
  }

  // --- setup (called once by openStore / createMemoryStore) ------------------------------------

  /** Persist into this database from now on. */
  async attach(backend: IdbBackend): Promise<void> {
    this.#backend = backend;
    this.#persisting = true;
    backend.db.addEventListener('versionchange', (event) => {
      // A new version of null: the database is being deleted, with what this session wrote.
      if ((event as IDBVersionChangeEvent).newVersion === null) this.#deletedByAnotherTab();
      else this.#degrade(`another tab is upgrading the spanlens database; ${IN_MEMORY}`, true);
    });
    backend.db.addEventListener('close', () =>
      this.#degrade(`the browser closed the database (storage cleared?); ${IN_MEMORY}`, true),
    );
    this.#setState({ ...this.#state, mode: 'persistent', reason: undefined });
    this.#markReady();
    await this.#applyRetention();
  }

  /** Keep everything in memory, for the reason given. */
  useMemory(reason?: string): void {
    this.#persisting = false;
    this.#setState({ ...this.#state, mode: 'memory', reason });
    if (reason) this.#tracer.reportError('store', reason);
    this.#markReady();
  }

  // --- SpanStore ---------------------------------------------------------------------------

  state(): StoreState {
    return { ...this.#state };
  }

  onStateChange(listener: (state: StoreState) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  async listSessions(): Promise<SessionSummary[]> {
    const byId = new Map<string, SessionSummary>();
    const stored = await this.#attempt('listing sessions', () => this.#backend?.listSessions());
    for (const session of stored ?? []) byId.set(session.id, session);
    // Memory holds what the database could not take, so it is the newer word.
    for (const session of this.#memory.list()) byId.set(session.id, session);
    // The current session's freshest totals are the writer's, written or not.
    if (this.#totals.started !== undefined) byId.set(this.sessionId, this.#totals.summary(this.#page(), Date.now()));
    return [...byId.values()].sort((a, b) => b.started - a.started);
  }

  async loadSession(id: string, onPage?: (spans: SpanData[]) => void): Promise<SpanData[]> {
    if (id === this.sessionId) await this.flush();
    const result: SpanData[] = [];
    const deliver = (page: SpanData[]): void => {
      for (const span of page) result.push(span);
      if (!onPage) return;
      try {
        onPage(page);
      } catch (error) {
        this.#tracer.reportError('store: loadSession onPage', error);
      }
    };
    const inMemory = this.#memory.spans(id);
    // Spans also in memory are newer there: skip their stored copy.
    const newerInMemory = inMemory.length > 0 ? this.#memory.spanIds(id) : undefined;
    await this.#attempt('loading a session', () => this.#backend?.loadSession(id, deliver, newerInMemory));
    for (let i = 0; i < inMemory.length; i += READ_PAGE_SIZE) deliver(inMemory.slice(i, i + READ_PAGE_SIZE));
    // Pages come in the order spans were written (each page sorted); the whole is in start order.
    return result.sort(byStart);
  }

  async loadSpan(id: string, spanId: string): Promise<SpanData | undefined> {
    if (id === this.sessionId) await this.flush();
    const inMemory = this.#memory.span(id, spanId);
    if (inMemory) return inMemory;
    const chunk = id === this.sessionId ? this.#chunkOf.get(spanId) : undefined;
    return this.#attempt('loading a span', () => this.#backend?.loadSpan(id, spanId, chunk));
  }

  async deleteSession(id: string): Promise<void> {
    // The current session is still being written: deleting it would leave half a session.
    if (id === this.sessionId) return;
    this.#memory.delete(id);
    await this.#attempt('deleting a session', () => this.#backend?.deleteSessions([id]));
  }

  async deleteAll(): Promise<void> {
    for (const session of this.#memory.list()) if (session.id !== this.sessionId) this.#memory.delete(session.id);
    await this.#attempt('deleting sessions', () => this.#backend?.deleteAllExcept(this.sessionId));
  }

  async importSession(given: ImportedSummary, spans: SpanData[]): Promise<string> {
    const id = await freeImportId(given.id, (candidate) => this.#isTaken(candidate));
    const prepared = prepareImport(id, given, spans);
    if (prepared.skipped > 0) this.#countSkipped(prepared.skipped);
    if (this.#backend && this.#persisting) {
      try {
        await this.#backend.putSession(prepared.summary, prepared.spans);
        return id;
      } catch (error) {
        this.#tracer.reportError('store: import kept in memory only', error);
      }
    }
    this.#memory.put(prepared.summary, prepared.spans);
    return id;
  }

  /** An id in use: the current session's, or any session's or records' in the database or memory. */
  async #isTaken(id: string): Promise<boolean> {
    if (id === this.sessionId || this.#memory.has(id)) return true;
    const backend = this.#backend;
    if (!backend) return false;
    // Unsure (the read failed): taken, so nothing is overwritten.
    return (await this.#attempt('checking an import id', () => backend.hasSession(id))) ?? true;
  }

  currentTotals(): Totals {
    return this.#totals.totals();
  }

  watch(listener: (type: SpanEventType, span: SpanData) => void): () => void {
    return this.#tracer.subscribe(listener);
  }

  flush(): Promise<void> {
    return this.#writer.flush();
  }

  close(): void {
    this.#writer.stop();
    const backend = this.#backend;
    void this.#writer.flush().finally(() => {
      this.#persisting = false;
      backend?.close();
    });
  }

  // --- internals ---------------------------------------------------------------------------

  /** A read or delete: its failure is reported, and the caller goes on with what it has. */
  async #attempt<T>(what: string, operation: () => Promise<T> | undefined): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      this.#tracer.reportError(`store: ${what}`, error);
      return undefined;
    }
  }

  async #write(batch: SpanBatch, session: SessionSummary): Promise<void> {
    const backend = this.#backend;
    if (backend && this.#persisting) {
      try {
        await backend.write(batch, session);
        this.#rememberChunk(batch);
        return;
      } catch (error) {
        if (this.#persisting) {
          const failure = await retryAfterWriteError(backend, error, batch, session, this.sessionId);
          if (failure === undefined) this.#rememberChunk(batch);
          else this.#degrade(failure, false);
        }
        if (this.#persisting) return;
      }
    }
    const dropped = this.#memory.write(batch, session);
    if (dropped > 0) this.#droppedFromMemory();
  }

  /** Memory is bounded too: the current session lost its oldest spans to stay within maxMegabytes. */
  #droppedFromMemory(): void {
    if (this.#droppedReported) return;
    this.#droppedReported = true;
    this.#setState({ ...this.#state, sessionPartial: true });
    this.#tracer.reportError('store', `memory holds at most maxMegabytes (${this.#limits.maxBytes / MEGABYTE} MB): the oldest spans of this session were dropped`);
  }

  #rememberChunk(batch: SpanBatch): void {
    for (const span of batch.ended) this.#chunkOf.set(span.spanId, batch.seq);
  }

  /** What was written of this session is gone; what comes next is kept in memory. */
  #deletedByAnotherTab(): void {
    const written = this.#totals.bytes > 0;
    if (written) this.#state = { ...this.#state, sessionPartial: true };
    const lost = written ? ': earlier spans of this session were deleted by another tab' : '';
    this.#degrade(`another tab deleted the spanlens database${lost}; ${IN_MEMORY}`, true);
  }

  #degrade(reason: string, closeDatabase: boolean): void {
    const backend = this.#backend;
    if (closeDatabase && backend) {
      this.#backend = undefined;
      try {
        backend.close();
      } catch {
        // Already closed.
      }
    }
    if (this.#persisting || closeDatabase) this.useMemory(reason);
  }

  /** An annotated span of an earlier or imported session: its new state replaces the stored one. */
  async #annotateElsewhere(span: SpanData): Promise<void> {
    if (this.#memory.replace(span)) return;
    await this.#attempt('saving a score', () => (this.#persisting ? this.#backend?.putNewer([span]) : undefined));
  }

  #maybeApplyRetention(): void {
    if (this.#totals.bytes - this.#bytesAtRetention < this.#limits.maxBytes * RETENTION_STEP) return;
    if (this.#retention) return;
    this.#retention = this.#applyRetention().finally(() => (this.#retention = undefined));
  }

  async #applyRetention(): Promise<void> {
    const backend = this.#backend;
    if (!backend || !this.#persisting) return;
    this.#bytesAtRetention = this.#totals.bytes;
    try {
      const sessions = await backend.listSessions();
      // The current session's stored summary may lag; count its bytes as the writer knows them.
      const current = sessions.find((s) => s.id === this.sessionId);
      if (current) current.bytes = Math.max(current.bytes ?? 0, this.#totals.bytes);
      // Not written yet (the page just opened): it still takes one of the maxSessions places.
      else sessions.push(this.#totals.summary(this.#page(), Date.now()));
      await backend.deleteSessions(sessionsOverLimits(sessions, this.#limits, keptByRetention(sessions, this.sessionId)));
    } catch (error) {
      this.#tracer.reportError('store: retention', error);
    }
  }

  /** @internal The backend's report of an invalid record read back (counted once per record). */
  readonly countSkipped = (store: string, key: unknown): void => {
    const id = `${store}:${safeKey(key)}`;
    if (this.#skippedKeys.has(id)) return;
    this.#skippedKeys.add(id);
    this.#countSkipped(1);
  };

  #countSkipped(count: number): void {
    this.#setState({ ...this.#state, skippedRecords: this.#state.skippedRecords + count });
  }

  #setState(state: StoreState): void {
    if (state.reason === undefined) delete state.reason;
    this.#state = state;
    for (const listener of this.#listeners) {
      try {
        listener(this.state());
      } catch (error) {
        this.#tracer.reportError('store: state listener', error);
      }
    }
  }
}
