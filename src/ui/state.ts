/**
 * The overlay's state: small stores, each with one job, put together here (as Preact's own
 * devtools do). Components read the store they need:
 *
 *   layout     prefs (open, dock, sizes, tab, theme), saved in localStorage
 *   notices    what spanlens has to say about itself
 *   filters    search and filters, and the matcher they make
 *   selection  keyboard cursor, selected span, collapsed rows
 *   sessions   the live session and the store's earlier and imported ones; the one shown
 *   live       the live session's feed (store events, once per frame) and the ticking clock
 *
 * The panel talks to the SpanStore only (a memory store when it is given none). Every failure
 * ends up as a notice through tracer.reportError, never as an exception in the app.
 */
import { computed } from '@preact/signals';
import type { InternalError, Tracer } from '../core/tracer';
import { createMemoryStore } from '../store/index';
import type { SpanStore, StoreState } from '../store/types';
import type { PanelActions } from './actions';
import type { Prefs } from './prefs';
import { FilterStore } from './stores/filters';
import { LayoutStore } from './stores/layout';
import { LiveFeed } from './stores/live';
import { NoticeStore } from './stores/notices';
import { SelectionStore } from './stores/selection';
import { SessionsStore } from './stores/sessions';
import { flattenTree } from './tree';

export type { Notice, NoticeLevel } from './stores/notices';
export type { SessionView } from './stores/sessions';

export class OverlayState {
  readonly tracer: Tracer;
  readonly store: SpanStore;
  readonly layout: LayoutStore;
  readonly notices = new NoticeStore();
  readonly filters = new FilterStore();
  readonly selection = new SelectionStore();
  readonly sessions: SessionsStore;
  readonly live: LiveFeed;
  /** Score, replay, pin (absent: the panel was mounted without install()). */
  readonly actions: PanelActions | undefined;
  /** The focus target for `/`; set by the search box. */
  focusSearch: () => void = () => {};

  /** The rows of the tree shown: the session's traces, collapsed and filtered. */
  readonly rows = computed(() => {
    this.sessions.revision.value;
    const collapsed = this.selection.collapsed.value;
    return flattenTree(this.sessions.view.value.index, { collapsed, match: this.filters.matcher.value });
  });
  /** "Now" for durations of open spans: ticking for the live session, frozen for others. */
  readonly clock = computed(() => {
    this.sessions.revision.value;
    const view = this.sessions.view.value;
    return view.live ? this.live.now.value : (view.until ?? 0);
  });
  /** The totals of the session shown. */
  readonly totals = computed(() => {
    this.sessions.revision.value;
    return this.sessions.view.value.index.totals();
  });
  /** For the launcher's badges and the live session's row: always about the live session. */
  readonly liveTotals = computed(() => {
    if (!this.layout.prefs.value.open) return this.live.closedTotals.value;
    this.sessions.revision.value;
    return this.sessions.liveView.index.totals();
  });

  readonly #disposers: Array<() => void> = [];

  /** Without a store, the panel keeps its sessions in a memory store of its own. */
  constructor(tracer: Tracer, store?: SpanStore, defaults?: Partial<Prefs>, actions?: PanelActions) {
    this.tracer = tracer;
    this.actions = actions;
    this.store = store ?? createMemoryStore({ tracer });
    if (!store) this.#disposers.push(() => this.store.close());
    this.layout = new LayoutStore(defaults);
    this.#disposers.push(() => this.layout.dispose());
    this.sessions = new SessionsStore(this.store, () => {
      this.selection.clear();
      this.layout.set({ tab: 'traces' });
    });
    this.#disposers.push(tracer.onError((error) => this.#internalError(error)));
    for (const error of tracer.errors) this.#internalError(error);
    this.live = new LiveFeed({
      store: this.store,
      sessions: this.sessions,
      isOpen: computed(() => this.layout.prefs.value.open),
      report: (where, error) => this.report(where, error),
    });
    this.#disposers.push(() => this.live.dispose());
    this.#disposers.push(this.live.tick(() => this.totals.peek().open > 0));
    this.#connectStore();
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

  /** Select a span and make its row visible (its collapsed ancestors open). */
  reveal = (spanId: string): void => {
    this.selection.reveal(this.sessions.view.value.index, spanId);
  };

  dispose(): void {
    for (const dispose of this.#disposers.splice(0).reverse()) {
      try {
        dispose();
      } catch {
        // Tearing down: nothing left to report to.
      }
    }
  }

  #internalError(error: InternalError): void {
    this.notices.notify(`${error.where}: ${error.message}`, 'error');
  }

  #connectStore(): void {
    const store = this.store;
    const onState = (state: StoreState) => (this.sessions.storeState.value = state);
    this.run('store state', () => {
      onState(store.state());
      this.#disposers.push(store.onStateChange(onState));
    });
    this.run('list sessions', () => this.sessions.refresh());
  }
}
