/**
 * The live session's feed: the store's span events, applied to the live view at most once per
 * animation frame (one render per frame however fast spans stream), and the clock that makes
 * running spans' durations tick while the panel is open.
 *
 * Only while the panel is open: a closed panel keeps no span at all (the store has them), only
 * the store's running totals for the launcher's badges. Opening reads the session back from the
 * store, page by page, then follows its events.
 */
import { effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { now as clockNow } from '../../core/clock';
import { snapshotSpan, type SpanData } from '../../core/span';
import type { Totals } from '../../core/totals';
import type { SpanEventType } from '../../core/tracer';
import type { SpanStore } from '../../store/types';
import type { SessionsStore } from './sessions';

/**
 * A streaming span changes with every chunk; its changes alone are applied at most this often.
 * Spans that start or end still show at the next frame.
 */
const UPDATE_MS = 100;
const TICK_MS = 100;

/** Run fn on the next animation frame; returns its cancel. */
function requestFrame(fn: () => void): () => void {
  const id = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(id);
}

export interface LiveFeedOptions {
  store: SpanStore;
  sessions: SessionsStore;
  /** Whether the panel is open: the feed follows the session only then. */
  isOpen: ReadonlySignal<boolean>;
  /** A failure while applying changes (reported as a notice). */
  report: (where: string, error: unknown) => void;
}

export class LiveFeed {
  /** Epoch ms, ticking while the panel is open and something runs: open spans' timers. */
  readonly now = signal(clockNow());
  /** The store's totals of the live session, refreshed once per frame while the panel is closed. */
  readonly closedTotals: Signal<Totals>;
  readonly #options: LiveFeedOptions;
  /** The live objects changed since the last frame; each is snapshotted once however often it changed. */
  readonly #pending = new Map<string, SpanData>();
  #following = false;
  #cancelFrame: (() => void) | undefined;
  /** The pending flush waits for UPDATE_MS (only updates are pending). */
  #deferred = false;
  #lastFlush = 0;
  readonly #stop: Array<() => void> = [];

  constructor(options: LiveFeedOptions) {
    this.#options = options;
    this.closedTotals = signal<Totals>(options.store.currentTotals());
    this.#stop.push(options.store.watch((type, span) => this.#queue(type, span)));
    this.#stop.push(
      effect(() => {
        if (options.isOpen.value) this.#follow();
        else this.#release();
      }),
    );
  }

  /** Tick `now` while `running()` says something runs and the panel is open. */
  tick(running: () => boolean): () => void {
    return effect(() => {
      if (!this.#options.isOpen.value) return;
      const timer = setInterval(() => {
        if (running()) this.now.value = clockNow();
      }, TICK_MS);
      return () => clearInterval(timer);
    });
  }

  dispose(): void {
    for (const stop of this.#stop.splice(0)) stop();
    this.#cancelFrame?.();
  }

  /** The panel opened: read the session from the store (spans recorded so far), then follow it. */
  #follow(): void {
    if (this.#following) return;
    this.#following = true;
    const { sessions, store, report } = this.#options;
    sessions.resetLive();
    // Nothing recorded yet: nothing to read back.
    if (store.currentTotals().spans === 0) return;
    sessions.load(store.sessionId, sessions.liveView.index).catch((error) => report('load current session', error));
  }

  /** The panel closed: let go of every span. */
  #release(): void {
    this.#following = false;
    this.#pending.clear();
    this.#options.sessions.resetLive();
    this.closedTotals.value = this.#options.store.currentTotals();
  }

  #queue(type: SpanEventType, span: SpanData): void {
    if (type === 'annotate' && span.sessionId !== this.#options.store.sessionId) return this.#annotateShown(span);
    if (this.#following) this.#pending.set(span.spanId, span);
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

  /** A score on a span of an earlier or imported session: shown at once if that session is. */
  #annotateShown(span: SpanData): void {
    const { sessions } = this.#options;
    const view = sessions.view.value;
    if (view.id !== span.sessionId) return;
    view.index.upsert(snapshotSpan(span));
    sessions.changed();
  }

  #flush = (): void => {
    this.#cancelFrame = undefined;
    this.#deferred = false;
    this.#lastFlush = performance.now();
    const { sessions, store, report } = this.#options;
    if (!this.#following) {
      this.closedTotals.value = store.currentTotals();
      return;
    }
    const index = sessions.liveView.index;
    try {
      for (const span of this.#pending.values()) index.upsert(snapshotSpan(span), true);
    } catch (error) {
      report('live update', error);
    }
    this.#pending.clear();
    sessions.changed();
  };
}
