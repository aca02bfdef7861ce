/**
 * Finding a span by id for the API's actions (score, replay): the newest state known of it. The
 * copies this page annotated last (scores given here), else the store's record (which has open
 * spans too). Nothing listens to the tracer: finding a span costs recording nothing.
 */
import type { SpanData } from '../../core/span';
import type { Tracer } from '../../core/tracer';
import type { SpanStore } from '../../store/types';

/**
 * Recently ended or annotated spans kept to act on without a store read (the newest win). Few:
 * each may hold large messages, and the store has them all once the writer flushed.
 */
const MAX_LATEST = 50;

export class SpanLookup {
  readonly #tracer: Tracer;
  readonly #store: () => SpanStore | undefined;
  readonly #latest = new Map<string, SpanData>();

  constructor(tracer: Tracer, store: () => SpanStore | undefined) {
    this.#tracer = tracer;
    this.#store = store;
  }

  /**
   * `target` is a span id of this session, or a span's data (any session, as the panel has it).
   * `api` names the caller in error messages.
   */
  async find(target: string | SpanData, api: string): Promise<SpanData> {
    const id = typeof target === 'string' ? target : target?.spanId;
    if (typeof id !== 'string' || id === '') throw new TypeError(`${api}: pass a span id or a span`);
    const known = this.#latest.get(id);
    if (known) return known;
    if (typeof target !== 'string') return target;
    const store = this.#store();
    const stored = store ? (await store.loadSession(this.#tracer.sessionId)).find((s) => s.spanId === id) : undefined;
    if (!stored) throw new RangeError(`${api}: no span ${id} in this session (pass the span itself for another session's)`);
    return stored;
  }

  dispose(): void {
    this.#latest.clear();
  }

  /** The span's newest state (an annotated copy), for the next find(). */
  remember(span: SpanData): void {
    this.#latest.delete(span.spanId);
    this.#latest.set(span.spanId, span);
    if (this.#latest.size > MAX_LATEST) this.#latest.delete(this.#latest.keys().next().value as string);
  }
}
