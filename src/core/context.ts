/**
 * The current span: which span a new span with no explicit parent belongs to.
 *
 * Browsers have no way to follow a value across native `await`s (the TC39 AsyncContext proposal
 * is not shipped yet; zone.js cannot see native async functions). So the rule is layered:
 *
 * 1. An explicit parent always wins: `startSpan(name, { parent })`, `trace(name, fn, { parent })`,
 *    or the span handed to the fn of `trace()` (`trace('turn', async (turn) => turn.trace(...))`).
 * 2. Where a native `AsyncContext.Variable` exists (or one is supplied), it is used, and the
 *    current span follows every await and callback exactly, also across concurrent flows.
 * 3. Otherwise, the sequential-flow rule:
 *    - while a `trace()` fn runs synchronously, spans started go under it (exact);
 *    - after an await, they go under the innermost `trace()` scope that is still open, that is,
 *      the most recently started scope that has not settled yet.
 *    For one flow of awaited steps (the usual chat turn) this is exactly right. When two flows
 *    overlap (Promise.all of two trace() calls, an unrelated click during a turn), a span started
 *    after an await may be put under the wrong open scope; such spans carry
 *    `spanlens.parent_inferred = true`, and the cure is an explicit parent (rule 1).
 */
import type { Span } from './tracer';

/** The shape of the TC39 proposal's AsyncContext.Variable that we use. */
export interface AsyncVariable<T> {
  get(): T | undefined;
  run<R>(value: T, fn: () => R): R;
}

export interface Active {
  span: Span | undefined;
  /** True when the span came from the sequential-flow guess rather than a known scope. */
  inferred: boolean;
}

const NONE: Active = { span: undefined, inferred: false };

export class SpanContext {
  readonly #variable: AsyncVariable<Span> | undefined;
  /** The span whose trace() fn is running synchronously right now. */
  #current: Span | undefined;
  /** trace() scopes not settled yet, in start order. */
  readonly #open: Span[] = [];

  constructor(variable?: AsyncVariable<Span>) {
    this.#variable = variable ?? nativeAsyncVariable();
  }

  /** True when spans follow awaits exactly (rule 2). */
  get exact(): boolean {
    return this.#variable !== undefined;
  }

  active(): Active {
    if (this.#variable) {
      const span = this.#variable.get();
      return span && !span.ended ? { span, inferred: false } : NONE;
    }
    if (this.#current) return { span: this.#current, inferred: false };
    const open = this.#open;
    if (open.length === 0) return NONE;
    return { span: open[open.length - 1], inferred: true };
  }

  /** Run fn with span as the current span. The scope stays open until `close(span)`. */
  run<R>(span: Span, fn: () => R): R {
    if (this.#variable) return this.#variable.run(span, fn);
    const previous = this.#current;
    this.#current = span;
    this.#open.push(span);
    try {
      return fn();
    } finally {
      this.#current = previous;
    }
  }

  /** The scope of span has settled: later spans no longer go under it by inference. */
  close(span: Span): void {
    if (this.#variable) return;
    const index = this.#open.lastIndexOf(span);
    if (index !== -1) this.#open.splice(index, 1);
  }
}

function nativeAsyncVariable(): AsyncVariable<Span> | undefined {
  const AsyncContext = (globalThis as { AsyncContext?: { Variable?: new () => AsyncVariable<Span> } })
    .AsyncContext;
  return typeof AsyncContext?.Variable === 'function' ? new AsyncContext.Variable() : undefined;
}
