/**
 * spanlens.score(): a feedback score on any span, open or ended, of this session or of a stored
 * one. An open span gets the `gen_ai.evaluation.result` event like any other event; an ended span
 * is read-only, so the tracer emits an `annotate` event with an annotated copy, which the store
 * persists and the panel shows (see Tracer.annotate).
 */
import { checkScore, scoreAttributes, type Score } from '../../core/scores';
import { GEN_AI_EVALUATION_RESULT_EVENT } from '../../core/semconv';
import type { SpanData } from '../../core/span';
import type { Tracer } from '../../core/tracer';
import type { SpanStore } from '../../store/types';
import { SpanLookup } from './span-lookup';

export class Feedback {
  readonly #tracer: Tracer;
  readonly #lookup: SpanLookup;
  readonly #ownLookup: boolean;

  constructor(tracer: Tracer, store: () => SpanStore | undefined, lookup?: SpanLookup) {
    this.#tracer = tracer;
    this.#ownLookup = lookup === undefined;
    this.#lookup = lookup ?? new SpanLookup(tracer, store);
  }

  /**
   * Record a score. `target` is a span id of this session, or a span's data (any session). Rejects
   * with a clear message for a malformed score or an unknown span. Resolves to the span's new state.
   */
  async score(target: string | SpanData, input: Score): Promise<SpanData> {
    const checked = checkScore(input);
    if (!checked.ok) throw new TypeError(`spanlens.score: ${checked.error}`);
    const span = await this.#lookup.find(target, 'spanlens.score');
    const annotated = this.#tracer.annotate(span, GEN_AI_EVALUATION_RESULT_EVENT, scoreAttributes(checked.score));
    if (annotated !== span) this.#lookup.remember(annotated);
    return annotated;
  }

  dispose(): void {
    if (this.#ownLookup) this.#lookup.dispose();
  }
}
