/**
 * Which llm spans a dataset is made of: one trace, a list of spans (the panel's current filter
 * result), only scored ones, or (no selection) all of them. Only ended llm spans qualify: an open
 * one has no answer yet.
 */
import { hasScores } from '../../core/scores';
import type { SpanData } from '../../core/span';

export interface DatasetSelection {
  /** Only the spans of this trace. */
  traceId?: string;
  /** Only these spans (ids), e.g. what the panel's search shows. */
  spanIds?: readonly string[];
  /** Only spans that carry at least one feedback score. */
  scoredOnly?: boolean;
}

/** The llm spans of `spans` the selection keeps, in start order. */
export function selectLlmSpans(spans: readonly SpanData[], selection: DatasetSelection = {}): SpanData[] {
  const ids = selection.spanIds ? new Set(selection.spanIds) : undefined;
  return spans
    .filter(
      (span) =>
        span.kind === 'llm' &&
        span.endTime !== undefined &&
        (selection.traceId === undefined || span.traceId === selection.traceId) &&
        (ids === undefined || ids.has(span.spanId)) &&
        (!selection.scoredOnly || hasScores(span)),
    )
    .sort((a, b) => a.startTime - b.startTime);
}
