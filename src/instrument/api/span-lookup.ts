/**
 * Finding a span by id for the API's actions (score, replay): the newest state known of it. Open
 * spans of this session are the live objects (tracked here: the tracer keeps none), recently
 * annotated ones the latest copy, anything else is read from the store.
 */
import type { SpanData } from '../../core/span';
import type { Span, Tracer } from '../../core/tracer';
import type { SpanStore } from '../../store/types';

/** Annotated copies kept to act on again without a store read (the newest win). */
const MAX_LATEST = 500;

export class SpanLookup {
  readonly #tracer: Tracer;
  readonly #store: () => SpanStore | undefined;
  readonly #open = new Map<string, Span>();
  readonly #latest = new Map<string, SpanData>();
  readonly #unsubscribe: () => void;

  constructor(tracer: Tracer, store: () => SpanStore | undefined) {
    this.#tracer = tracer;
    this.#store = store;
    this.#unsubscribe = tracer.subscribe((type, span) => {
      if (type === 'start') this.#open.set(span.spanId, span);
      else if (type === 'end') this.#open.delete(span.spanId);
      else if (type === 'annotate') this.#remember(span);
    });
  }

  /**
   * `target` is a span id of this session, or a span's data (any session, as the panel has it).
   * `api` names the caller in error messages.
   */
  async find(target: string | SpanData, api: string): Promise<SpanData> {
    const id = typeof target === 'string' ? target : target?.spanId;
    if (typeof id !== 'string' || id === '') throw new TypeError(`${api}: pass a span id or a span`);
    const known = this.#open.get(id) ?? this.#latest.get(id);
    if (known) return known;
    if (typeof target !== 'string') return target;
    const store = this.#store();
    const stored = store ? (await store.loadSession(this.#tracer.sessionId)).find((s) => s.spanId === id) : undefined;
    if (!stored) throw new RangeError(`${api}: no span ${id} in this session (pass the span itself for another session's)`);
    return stored;
  }

  dispose(): void {
    this.#unsubscribe();
    this.#open.clear();
    this.#latest.clear();
  }

  #remember(span: SpanData): void {
    this.#latest.delete(span.spanId);
    this.#latest.set(span.spanId, span);
    if (this.#latest.size > MAX_LATEST) this.#latest.delete(this.#latest.keys().next().value as string);
  }
}
