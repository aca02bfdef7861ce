/**
 * spanlens.score(): a feedback score on any span, open or ended, of this session or of a stored
 * one. An open span gets the `gen_ai.evaluation.result` event like any other event; an ended span
 * is read-only, so the tracer emits an `annotate` event with an annotated copy, which the store
 * persists and the panel shows (see Tracer.annotate).
 */
import { checkScore, scoreAttributes, type Score } from '../../core/scores';
import { GEN_AI_EVALUATION_RESULT_EVENT } from '../../core/semconv';
import type { SpanData } from '../../core/span';
import type { Span, Tracer } from '../../core/tracer';
import type { SpanStore } from '../../store/types';

/** Annotated copies kept to annotate again without a store read (the newest win). */
const MAX_LATEST = 500;

export class Feedback {
  readonly #tracer: Tracer;
  readonly #store: () => SpanStore | undefined;
  /** Spans of this session still open: a score goes on the live object. */
  readonly #open = new Map<string, Span>();
  /** The latest annotated copy of each recently scored ended span. */
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
   * Record a score. `target` is a span id of this session, or a span's data (any session, as the
   * panel has it). Rejects with a clear message for a malformed score or an unknown span.
   */
  async score(target: string | SpanData, input: Score): Promise<SpanData> {
    const checked = checkScore(input);
    if (!checked.ok) throw new TypeError(`spanlens.score: ${checked.error}`);
    const span = await this.#find(target);
    return this.#tracer.annotate(span, GEN_AI_EVALUATION_RESULT_EVENT, scoreAttributes(checked.score));
  }

  dispose(): void {
    this.#unsubscribe();
    this.#open.clear();
    this.#latest.clear();
  }

  /** The newest state known of the span. */
  async #find(target: string | SpanData): Promise<SpanData> {
    const id = typeof target === 'string' ? target : target?.spanId;
    if (typeof id !== 'string' || id === '') throw new TypeError('spanlens.score: pass a span id or a span');
    const known = this.#open.get(id) ?? this.#latest.get(id);
    if (known) return known;
    if (typeof target !== 'string') return target;
    const store = this.#store();
    const stored = store ? (await store.loadSession(this.#tracer.sessionId)).find((s) => s.spanId === id) : undefined;
    if (!stored) throw new RangeError(`spanlens.score: no span ${id} in this session (pass the span itself for another session's)`);
    return stored;
  }

  #remember(span: SpanData): void {
    this.#latest.delete(span.spanId);
    this.#latest.set(span.spanId, span);
    if (this.#latest.size > MAX_LATEST) this.#latest.delete(this.#latest.keys().next().value as string);
  }
}
