/**
 * The overlay's live state, in signals. The tracer's events are collected and applied at most
 * once per animation frame (one render per frame however fast spans stream); earlier and imported
 * sessions are loaded into their own read-only SpanIndex. Every failure ends up as a notice in
 * the panel through tracer.reportError, never as an exception in the app.
 */
import { batch, computed, effect, signal, type Signal } from '@preact/signals';
import { now as clockNow } from '../core/clock';
import { snapshotSpan, type SpanData } from '../core/span';
import type { InternalError, Span, SpanEventType, Tracer } from '../core/tracer';
import type { SessionSummary, SpanStore, StoreState } from '../store/types';
import { NO_FILTER, spanMatcher, type SpanFilter } from './filter';
import { DEFAULT_PREFS, loadPrefs, savePrefs, type Prefs } from './prefs';
import { flattenTree, SpanIndex, type Totals } from './tree';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  time: number;
}

/** A session shown in the panel: the live one, or a read-only one from the store or a file. */
export interface SessionView {
  id: string;
  label: string;
  index: SpanIndex;
  live: boolean;
  /** Read-only sessions: their last known moment, where open spans stop (their page is gone). */
  until?: number;
}

const MAX_NOTICES = 50;

/**
 * A streaming span changes with every chunk; its changes alone are applied at most this often.
 * Spans that start or end still show at the next frame.
 */
const UPDATE_MS = 100;

/** Run fn on the next animation frame; returns its cancel. */
function requestFrame(fn: () => void): () => void {
  const id = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(id);
}

export function summarize(id: string, totals: Totals, extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    started: 0,
    lastSeen: 0,
    url: '',
    title: '',
    userAgent: '',
    spanCount: totals.spans,
    errorCount: totals.errors,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: totals.cost,
    ...extra,
  };
}

export class OverlayState {
  readonly tracer: Tracer;
  readonly store: SpanStore | undefined;
  readonly prefs: Signal<Prefs>;
  readonly liveView: SessionView;
  readonly view = signal<SessionView>(undefined as unknown as SessionView);
  /** Bumped once per applied batch of span changes. */
  readonly revision = signal(0);
  /** Epoch ms, ticking while the panel is open and something runs: open spans' timers. */
  readonly now = signal(clockNow());
  /** The keyboard cursor in the tree, and the span whose details are shown. */
  readonly active = signal<string | undefined>(undefined);
  readonly selected = signal<string | undefined>(undefined);
  readonly collapsed = signal<ReadonlySet<string>>(new Set());
  readonly filter = signal<SpanFilter>(NO_FILTER);
  readonly notices = signal<Notice[]>([]);
  readonly storeState = signal<StoreState | undefined>(undefined);
  readonly sessions = signal<SessionSummary[]>([]);
  /** Files opened without a store to keep them: session id → spans. */
  readonly imports = new Map<string, { summary: SessionSummary; spans: SpanData[] }>();
  /** The focus target for `/`; set by the search box. */
  focusSearch: () => void = () => {};

  readonly matcher = computed(() => spanMatcher(this.filter.value));
  readonly rows = computed(() => {
    this.revision.value;
    return flattenTree(this.view.value.index, { collapsed: this.collapsed.value, match: this.matcher.value });
  });
  /** "Now" for durations of open spans: ticking for the live session, frozen for others. */
  readonly clock = computed(() => {
    this.revision.value;
    const view = this.view.value;
    return view.live ? this.now.value : (view.until ?? 0);
  });
  readonly totals = computed(() => {
    this.revision.value;
    return this.view.value.index.totals();
  });
  /** For the launcher's badges: always about the live session. */
  readonly liveTotals = computed(() => {
    this.revision.value;
    return this.liveView.index.totals();
  });

  #pending = new Map<string, Span>();
  #cancelFrame: (() => void) | undefined;
  /** The pending flush waits for UPDATE_MS (only updates are pending). */
  #deferred = false;
  #lastFlush = 0;
  #disposers: Array<() => void> = [];
  #noticeId = 0;

  /** `defaults` apply until the user changes them: saved preferences win. */
  constructor(tracer: Tracer, store?: SpanStore, defaults?: Partial<Prefs>) {
    this.tracer = tracer;
    this.store = store;
    this.prefs = signal(loadPrefs({ ...DEFAULT_PREFS, ...defaults }));
    this.liveView = { id: tracer.sessionId, label: 'Current session', index: new SpanIndex(), live: true };
    this.view.value = this.liveView;
    const off = [
      tracer.subscribe((type, span) => this.#queue(type, span)),
      tracer.onError((error) => this.#internalError(error)),
    ];
    for (const error of tracer.errors) this.#internalError(error);
    this.#disposers.push(...off);
    let first = true;
    this.#disposers.push(
      effect(() => {
        const prefs = this.prefs.value;
        // Only what the user changed is saved: until then, the integrator's defaults apply.
        // Saved at once (a few hundred bytes): a reload right after a change still sees it.
        if (first) first = false;
        else savePrefs(prefs);
      }),
    );
    this.#disposers.push(this.#tick());
    if (store) this.#connectStore(store);
  }

  /** Apply a change to the preferences (persisted shortly after). */
  setPrefs(change: Partial<Prefs>): void {
    this.prefs.value = { ...this.prefs.value, ...change };
  }

  notify(message: string, level: NoticeLevel = 'info'): void {
    const notice = { id: ++this.#noticeId, level, message: String(message), time: Date.now() };
    this.notices.value = [...this.notices.value, notice].slice(-MAX_NOTICES);
  }

  dismiss(id?: number): void {
    this.notices.value = id === undefined ? [] : this.notices.value.filter((n) => n.id !== id);
  }

  /** Report a failure in the panel (through the tracer, so other error listeners see it too). */
  report(where: string, error: unknown): void {
    this.tracer.reportError(`overlay: ${where}`, error);
  }

  /** Run an async action; a rejection becomes a notice. */
  run(where: string, action: () => Promise<unknown> | unknown): void {
    try {
      Promise.resolve(action()).catch((error) => this.report(where, error));
    } catch (error) {
      this.report(where, error);
    }
  }

  toggleCollapsed(key: string, collapse?: boolean): void {
    const next = new Set(this.collapsed.value);
    if (collapse ?? !next.has(key)) next.add(key);
    else next.delete(key);
    this.collapsed.value = next;
  }

  /** Select a span and make its row visible: every collapsed ancestor opens. */
  reveal = (spanId: string): void => {
    const index = this.view.value.index;
    const next = new Set(this.collapsed.value);
    for (let key = index.parentKey(spanId); key; key = index.parentKey(key)) next.delete(key);
    batch(() => {
      this.collapsed.value = next;
      this.active.value = spanId;
      this.selected.value = spanId;
    });
  };

  show(view: SessionView): void {
    batch(() => {
      this.view.value = view;
      this.selected.value = undefined;
      this.active.value = undefined;
      this.collapsed.value = new Set();
      this.setPrefs({ tab: 'traces' });
    });
  }

  /** Open a stored or imported session, read-only. */
  async openSession(summary: SessionSummary): Promise<void> {
    if (summary.id === this.liveView.id) return this.show(this.liveView);
    const index = new SpanIndex();
    const view: SessionView = { id: summary.id, label: sessionLabel(summary), index, live: false };
    const imported = this.imports.get(summary.id);
    if (imported) for (const span of imported.spans) index.upsert(span);
    this.show(view);
    if (!imported && this.store) await this.#load(this.store, summary.id, index);
    // The latest start or end seen (a trace's end is that of its spans).
    view.until = index.traces().reduce((latest, trace) => Math.max(latest, trace.end), summary.lastSeen || 0);
    this.revision.value++;
  }

  async deleteSession(id: string): Promise<void> {
    this.imports.delete(id);
    if (this.view.value.id === id) this.show(this.liveView);
    if (this.store) await this.store.deleteSession(id);
    await this.refreshSessions();
  }

  /** Every session the switcher lists: the live one first, then the store's and the imported ones. */
  async refreshSessions(): Promise<void> {
    const stored = this.store ? await this.store.listSessions() : [];
    const ids = new Set(stored.map((s) => s.id));
    const extra = [...this.imports.values()].map((i) => i.summary).filter((s) => !ids.has(s.id));
    this.sessions.value = [...stored.filter((s) => s.id !== this.liveView.id), ...extra];
  }

  /** The spans of a session in start order, for export. */
  async sessionSpans(id: string): Promise<SpanData[]> {
    const view = [this.view.value, this.liveView].find((v) => v.id === id);
    if (view) return sortedSpans(view.index);
    const imported = this.imports.get(id);
    if (imported) return imported.spans;
    return this.store ? this.store.loadSession(id) : [];
  }

  dispose(): void {
    this.#cancelFrame?.();
    for (const dispose of this.#disposers.splice(0)) {
      try {
        dispose();
      } catch {
        // Tearing down: nothing left to report to.
      }
    }
  }

  #queue(type: SpanEventType, span: Span): void {
    // Keep the live object until the frame; it is snapshotted once however often it changed.
    this.#pending.set(span.spanId, span);
    const wait = type === 'update' ? this.#lastFlush + UPDATE_MS - performance.now() : 0;
    // Already due at the next frame, or deferred and this update may wait too: nothing to move.
    if (this.#cancelFrame && (!this.#deferred || wait > 0)) return;
    this.#cancelFrame?.();
    this.#deferred = wait > 0;
    if (!this.#deferred) {
      this.#cancelFrame = requestFrame(this.#flush);
      return;
    }
    const timer = setTimeout(() => (this.#cancelFrame = requestFrame(this.#flush)), wait);
    this.#cancelFrame = () => clearTimeout(timer);
  }

  #flush = (): void => {
    this.#cancelFrame = undefined;
    this.#deferred = false;
    this.#lastFlush = performance.now();
    const index = this.liveView.index;
    try {
      for (const span of this.#pending.values()) index.upsert(snapshotSpan(span));
    } catch (error) {
      this.report('live update', error);
    }
    this.#pending.clear();
    this.revision.value++;
  };

  #internalError(error: InternalError): void {
    this.notify(`${error.where}: ${error.message}`, 'error');
  }

  /** Running spans' durations tick while the panel is open (no timer at all while it is closed). */
  #tick(): () => void {
    return effect(() => {
      if (!this.prefs.value.open) return;
      const timer = setInterval(() => {
        if (this.totals.peek().open > 0) this.now.value = clockNow();
      }, 100);
      return () => clearInterval(timer);
    });
  }

  #connectStore(store: SpanStore): void {
    const onState = (state: StoreState) => (this.storeState.value = state);
    this.run('store state', () => {
      onState(store.state());
      this.#disposers.push(store.onStateChange(onState));
    });
    // Spans recorded before the panel was mounted are only in the store.
    this.run('load current session', () => this.#load(store, store.sessionId, this.liveView.index));
    this.run('list sessions', () => this.refreshSessions());
  }

  /**
   * Read a stored session into an index page by page, showing each page as it comes: a big session
   * starts rendering before it is fully loaded. Spans the index has (live ones) are newer: kept.
   */
  #load(store: SpanStore, id: string, index: SpanIndex): Promise<unknown> {
    return store.loadSession(id, (page) => {
      for (const span of page) if (!index.spans.has(span.spanId)) index.upsert(span);
      this.revision.value++;
    });
  }
}

export function sortedSpans(index: SpanIndex): SpanData[] {
  return [...index.spans.values()].sort((a, b) => a.startTime - b.startTime);
}

export function sessionLabel(summary: SessionSummary): string {
  const when = summary.started ? new Date(summary.started).toLocaleString() : '';
  const what = summary.imported ? 'Imported' : 'Session';
  return [what, summary.title || summary.url, when].filter(Boolean).join(' · ');
}
