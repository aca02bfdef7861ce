/**
 * The span: one plain, serialisable record of one step (an LLM call, a tool run, a retrieval...).
 * Close to OTLP on purpose, so that export is a mapping and not a translation.
 */

/** What the step is. Also written as `openinference.span.kind` (upper case) for Phoenix. */
export type SpanKind =
  | 'llm'
  | 'tool'
  | 'retriever'
  | 'reranker'
  | 'embedding'
  | 'chain'
  | 'agent'
  | 'http';

export const SPAN_KINDS: readonly SpanKind[] = [
  'llm',
  'tool',
  'retriever',
  'reranker',
  'embedding',
  'chain',
  'agent',
  'http',
];

export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** Flat, like OTel attributes: dotted names, primitive values or homogeneous arrays. */
export type Attributes = Record<string, AttributeValue>;

export type StatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  code: StatusCode;
  message?: string;
}

/** A timed annotation: first token, an exception, a retry... */
export interface SpanEventRecord {
  name: string;
  /** Epoch milliseconds, sub-millisecond precision. */
  time: number;
  attributes?: Attributes;
}

/** A pointer to another span, as OTel links are (a replay links to the call it re-issued). */
export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes?: Attributes;
}

export interface SpanData {
  /** 32 lower-case hex chars, never all zero. */
  traceId: string;
  /** 16 lower-case hex chars, never all zero. */
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  /** Epoch milliseconds with microsecond precision (`performance.timeOrigin + performance.now()`). */
  startTime: number;
  /** Absent while the span is open: an open span is a first-class state. */
  endTime?: number;
  status: SpanStatus;
  attributes: Attributes;
  events: SpanEventRecord[];
  /** Other spans this one relates to (absent when none: most spans have none). */
  links?: SpanLink[];
  /** The page session the span belongs to (a resource attribute on export). */
  sessionId: string;
}

/** A deep-enough copy for handing a span's state to code that keeps it (store, export). */
export function snapshotSpan(span: SpanData): SpanData {
  const copy: SpanData = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: span.kind,
    startTime: span.startTime,
    status: span.status.message === undefined ? { code: span.status.code } : { ...span.status },
    attributes: { ...span.attributes },
    events: span.events.slice(),
    sessionId: span.sessionId,
  };
  if (span.parentSpanId !== undefined) copy.parentSpanId = span.parentSpanId;
  if (span.endTime !== undefined) copy.endTime = span.endTime;
  if (span.links !== undefined && span.links.length > 0) copy.links = span.links.slice();
  return copy;
}
