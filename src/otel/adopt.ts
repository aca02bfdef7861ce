/**
 * Recording a span that was recorded elsewhere (an OTel SDK in the page, the server via the
 * collector) into a spanlens tracer, keeping its own ids so it nests where it belongs, and its
 * times, status, attributes and events. Through the tracer, so the recorder's bounds, the redact
 * hook and every sink (panel, store, forwarder) apply as to the page's own spans.
 */
import { OPENINFERENCE_SPAN_KIND } from '../core/semconv';
import { SPAN_KINDS, type SpanData, type SpanKind } from '../core/span';
import { Span, type Tracer } from '../core/tracer';

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;

/** What adoptSpan needs: a span's data without the session (it joins the tracer's). */
export type ForeignSpan = Omit<SpanData, 'sessionId'>;

/** Record `data` into `tracer`: one start event carrying everything, then its end if it ended. */
export function adoptSpan(tracer: Tracer, data: ForeignSpan): void {
  if (!HEX_TRACE_ID.test(data.traceId) || !HEX_SPAN_ID.test(data.spanId)) throw new Error(`span "${data.name}" has invalid ids`);
  if (!isTime(data.startTime) || (data.endTime !== undefined && !isTime(data.endTime))) throw new Error(`span "${data.name}" has invalid times`);
  const kind: SpanKind = (SPAN_KINDS as readonly unknown[]).includes(data.kind) ? data.kind : 'chain';
  if (tracer.stats.spans >= tracer.maxSpans) {
    tracer.stats.droppedSpans++;
    return;
  }
  tracer.stats.spans++;
  const span = new Span(tracer, tracer.sessionId, String(data.name), kind, undefined, data.startTime, true);
  // The span's own ids, not new ones: its children and parent point at them.
  span.traceId = data.traceId;
  span.spanId = data.spanId;
  if (data.parentSpanId && HEX_SPAN_ID.test(data.parentSpanId)) span.parentSpanId = data.parentSpanId;
  span.initAttributes(data.attributes ?? {});
  if (span.attributes[OPENINFERENCE_SPAN_KIND] === undefined) span.attributes[OPENINFERENCE_SPAN_KIND] = kind === 'http' ? 'UNKNOWN' : kind.toUpperCase();
  for (const event of Array.isArray(data.events) ? data.events : []) {
    if (isTime(event?.time)) span.addEvent(event.name, event.attributes, event.time);
  }
  const code = data.status?.code;
  if (code === 'ok' || code === 'error') span.setStatus(code, typeof data.status.message === 'string' ? data.status.message : undefined);
  tracer.emit('start', span);
  if (data.endTime !== undefined) span.end(data.endTime);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
