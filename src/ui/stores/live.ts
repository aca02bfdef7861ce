/**
 * The live session's feed: the store's span events, applied to the live view at most once per
 * animation frame (one render per frame however fast spans stream), and the clock that makes
 * running spans' durations tick while the panel is open.
 */
import { effect, signal } from '@preact/signals';
import { now as clockNow } from '../../core/clock';
import { snapshotSpan, type SpanData } from '../../core/span';
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
  /** Spans may have been recorded before the panel mounted: read them from the store. */
  loadEarlier: boolean;
  /** A failure while applying changes (reported as a notice). */
  report: (where: string, error: unknown) => void;
}

export class LiveFeed {
  /** Epoch ms, ticking while the panel is open and something runs: open spans' timers. */
  readonly now = signal(clockNow());
  readonly #options: LiveFeedOptions;
  /** The live objects changed since the last frame; each is snapshotted once however often it changed. */
  readonly #pending = new Map<string, SpanData>();
  #cancelFrame: (() => void) | undefined;
  /** The pending flush waits for UPDATE_MS (only updates are pending). */
  #deferred = false;
  #lastFlush = 0;
  readonly #stopWatching: () => void;

  constructor(options: LiveFeedOptions) {
    this.#options = options;
    this.#stopWatching = options.store.watch((type, span) => this.#queue(type, span));
    // Spans recorded before the panel was mounted are only in the store.
    if (options.loadEarlier) options.sessions.load(options.store.sessionId, options.sessions.liveView.index).catch((error) => options.report('load current session', error));
  }

  /** Tick `now` while `running()` says something runs and `isOpen()` the panel is open. */
  tick(isOpen: () => boolean, running: () => boolean): () => void {
    return effect(() => {
      if (!isOpen()) return;
      const timer = setInterval(() => {
        if (running()) this.now.value = clockNow();
      }, TICK_MS);
      return () => clearInterval(timer);
    });
  }

  dispose(): void {
    this.#stopWatching();
    this.#cancelFrame?.();
  }

  #queue(type: SpanEventType, span: SpanData): void {
    if (type === 'annotate' && span.sessionId !== this.#options.store.sessionId) return this.#annotateShown(span);
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
    const { sessions, report } = this.#options;
    const index = sessions.liveView.index;
    try {
      for (const span of this.#pending.values()) index.upsert(snapshotSpan(span));
    } catch (error) {
      report('live update', error);
    }
    this.#pending.clear();
    sessions.changed();
  };
}
