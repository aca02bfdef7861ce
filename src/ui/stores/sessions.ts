/**
 * The sessions the panel can show, all through the SpanStore: the live one (fed by ./live.ts),
 * the store's earlier ones and imported files (the store keeps those too, in memory when it has
 * no database). `revision` is bumped whenever the spans of a shown session changed.
 */
import { signal, type Signal } from '@preact/signals';
import type { SpanData } from '../../core/span';
import type { Totals } from '../../core/totals';
import { summaryTotals } from '../../store/session-totals';
import type { SessionSummary, SpanStore, StoreState } from '../../store/types';
import { SpanIndex } from '../tree';

/** A session shown in the panel: the live one, or a read-only one from the store or a file. */
export interface SessionView {
  id: string;
  label: string;
  index: SpanIndex;
  live: boolean;
  /** Read-only sessions: their last known moment, where open spans stop (their page is gone). */
  until?: number;
}

export class SessionsStore {
  readonly store: SpanStore;
  readonly liveView: SessionView;
  readonly view: Signal<SessionView>;
  /** Every session the switcher lists but the live one, newest first. */
  readonly list = signal<SessionSummary[]>([]);
  readonly storeState = signal<StoreState | undefined>(undefined);
  /** Bumped once per applied batch of span changes. */
  readonly revision = signal(0);
  readonly #onShow: () => void;

  /** `onShow` runs whenever another session is shown (selection and tab reset). */
  constructor(store: SpanStore, onShow: () => void) {
    this.store = store;
    this.liveView = { id: store.sessionId, label: 'Current session', index: new SpanIndex(), live: true };
    this.view = signal<SessionView>(this.liveView);
    this.#onShow = onShow;
  }

  /** Let go of the live session's spans (the store keeps them): a new, empty index. */
  resetLive(): void {
    if (this.liveView.index.size === 0) return;
    this.liveView.index = new SpanIndex();
    this.changed();
  }

  /** The spans of a shown session changed. */
  changed(): void {
    this.revision.value++;
  }

  show(view: SessionView): void {
    this.view.value = view;
    this.#onShow();
  }

  showLive(): void {
    this.show(this.liveView);
  }

  /** Open a stored or imported session, read-only. */
  async open(summary: SessionSummary): Promise<void> {
    if (summary.id === this.liveView.id) return this.showLive();
    const index = new SpanIndex();
    const view: SessionView = { id: summary.id, label: sessionLabel(summary), index, live: false };
    this.show(view);
    await this.load(summary.id, index);
    // The latest start or end seen (a trace's end is that of its spans).
    view.until = index.traces().reduce((latest, trace) => Math.max(latest, trace.end), summary.lastSeen || 0);
    this.changed();
  }

  async delete(id: string): Promise<void> {
    if (this.view.value.id === id) this.showLive();
    await this.store.deleteSession(id);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const stored = await this.store.listSessions();
    this.list.value = stored.filter((s) => s.id !== this.liveView.id);
  }

  /** The spans of a session in start order, whole (the panel holds light copies), for export. */
  spans(id: string): Promise<SpanData[]> {
    return this.store.loadSession(id);
  }

  /** A span whole, from the store (the panel may hold only its light copy). */
  span(sessionId: string, spanId: string): Promise<SpanData | undefined> {
    return this.store.loadSpan(sessionId, spanId);
  }

  /** The live session's row in the switcher, with the totals the panel shows. */
  liveSummary(totals: Totals, page: { url: string; title: string; started: number }): SessionSummary {
    return { id: this.liveView.id, lastSeen: 0, userAgent: '', ...page, ...summaryTotals(totals) };
  }

  /**
   * Read a stored session into an index page by page, showing each page as it comes: a big
   * session starts rendering before it is fully loaded. Spans the index has (live ones) are newer: kept.
   */
  load(id: string, index: SpanIndex): Promise<unknown> {
    return this.store.loadSession(id, (page) => {
      for (const span of page) if (!index.spans.has(span.spanId)) index.upsert(span, true);
      this.changed();
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
