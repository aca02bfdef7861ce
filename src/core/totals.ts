/**
 * The roll-ups of spans (a trace, a session): how many, how many failed or still run, tokens and
 * cost. Defined here once; the store's session summaries, the panel's tree rows and the exported
 * `costByTrace` / `totalCost` are all sums of `spanTotals`.
 */
import { GEN_AI_USAGE_INPUT_TOKENS, GEN_AI_USAGE_OUTPUT_TOKENS, SPANLENS_COST_USD } from './semconv';
import type { SpanData } from './span';

export interface Totals {
  spans: number;
  /** Spans whose status is error. */
  errors: number;
  /** Spans not ended (running, or unfinished when their page went away). */
  open: number;
  inputTokens: number;
  outputTokens: number;
  /** USD, summed over the spans that have a cost. */
  cost: number;
  /** Spans that carry a cost: with none, a cost of 0 means "unknown", not "free". */
  costed: number;
}

export function emptyTotals(): Totals {
  return { spans: 0, errors: 0, open: 0, inputTokens: 0, outputTokens: 0, cost: 0, costed: 0 };
}

/** What one span adds to the totals of whatever holds it. */
export function spanTotals(span: SpanData): Totals {
  const cost = usageNumber(span, SPANLENS_COST_USD);
  return {
    spans: 1,
    errors: span.status.code === 'error' ? 1 : 0,
    open: span.endTime === undefined ? 1 : 0,
    inputTokens: usageNumber(span, GEN_AI_USAGE_INPUT_TOKENS) ?? 0,
    outputTokens: usageNumber(span, GEN_AI_USAGE_OUTPUT_TOKENS) ?? 0,
    cost: cost ?? 0,
    costed: cost === undefined ? 0 : 1,
  };
}

/** Add `from` into `into`, field by field (a loop over the keys made big traces 2-3x slower). */
export function addTotals(into: Totals, from: Totals): void {
  into.spans += from.spans;
  into.errors += from.errors;
  into.open += from.open;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cost = roundUsd(into.cost + from.cost);
  into.costed += from.costed;
}

export function totalsOf(spans: Iterable<SpanData>): Totals {
  const sum = emptyTotals();
  for (const span of spans) addTotals(sum, spanTotals(span));
  return sum;
}

/** The totals of each trace among `spans`, by trace id. */
export function totalsByTrace(spans: Iterable<SpanData>): Map<string, Totals> {
  const byTrace = new Map<string, Totals>();
  for (const span of spans) {
    let sum = byTrace.get(span.traceId);
    if (!sum) byTrace.set(span.traceId, (sum = emptyTotals()));
    addTotals(sum, spanTotals(span));
  }
  return byTrace;
}

/** A usage number of a span: finite and not negative, else absent (a hostile file's -1 adds nothing). */
function usageNumber(span: SpanData, key: string): number | undefined {
  const value = span.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Rounded to 1e-10 USD, so sums do not show float dust. */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}
