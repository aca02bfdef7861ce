/**
 * Spans for the overlay's unit tests: plain SpanData with readable ids.
 */
import type { SpanData, SpanKind } from '../../../src/core/span';

export function makeSpan(
  id: string,
  options: {
    trace?: string;
    parent?: string;
    start?: number;
    end?: number | null;
    kind?: SpanKind;
    name?: string;
    error?: string;
    attributes?: SpanData['attributes'];
  } = {},
): SpanData {
  const start = options.start ?? 0;
  const span: SpanData = {
    traceId: (options.trace ?? 't1').padEnd(32, '0'),
    spanId: id,
    name: options.name ?? id,
    kind: options.kind ?? 'chain',
    startTime: start,
    status: options.error ? { code: 'error', message: options.error } : { code: 'ok' },
    attributes: options.attributes ?? {},
    events: [],
    sessionId: 's1',
  };
  if (options.parent) span.parentSpanId = options.parent;
  if (options.end !== null) span.endTime = options.end ?? start + 10;
  return span;
}
