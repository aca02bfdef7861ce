/**
 * Span[] → OTLP/JSON. A mapping, not a translation: the span already has OTel's shape.
 *
 * One resourceSpans per page session (resource attributes: service.name, spanlens.session.id,
 * spanlens.page.url). Each span also carries `session.id`, which Phoenix and Langfuse use to group
 * a conversation. An open span is written with `spanlens.unfinished = true` and an end time equal to
 * its last known moment, since OTLP has no open spans.
 */
import * as sem from '../core/semconv';
import type { AttributeValue, Attributes, SpanData, SpanKind } from '../core/span';
import {
  OTLP_SPAN_KIND_CLIENT,
  OTLP_SPAN_KIND_INTERNAL,
  OTLP_STATUS_ERROR,
  OTLP_STATUS_OK,
  OTLP_STATUS_UNSET,
  type OtlpAnyValue,
  type OtlpExportRequest,
  type OtlpKeyValue,
  type OtlpSpan,
} from './otlp-types';

export const SPANLENS_VERSION = '0.1.0';

export interface ResourceInfo {
  /** Default: each span's own sessionId. */
  sessionId?: string;
  pageUrl?: string;
  /** Default `spanlens`. */
  serviceName?: string;
}

export function encodeOtlp(spans: readonly SpanData[], resource: ResourceInfo = {}): OtlpExportRequest {
  const bySession = new Map<string, SpanData[]>();
  for (const span of spans) {
    const sessionId = resource.sessionId ?? span.sessionId;
    let group = bySession.get(sessionId);
    if (!group) bySession.set(sessionId, (group = []));
    group.push(span);
  }
  return {
    resourceSpans: [...bySession].map(([sessionId, group]) => ({
      resource: { attributes: encodeAttributes(resourceAttributes(sessionId, resource)) },
      scopeSpans: [{ scope: { name: 'spanlens', version: SPANLENS_VERSION }, spans: group.map((s) => encodeSpan(s, sessionId)) }],
    })),
  };
}

function resourceAttributes(sessionId: string, resource: ResourceInfo): Attributes {
  const attributes: Attributes = {
    [sem.SERVICE_NAME]: resource.serviceName ?? 'spanlens',
    'telemetry.sdk.name': 'spanlens',
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.version': SPANLENS_VERSION,
    [sem.SPANLENS_SESSION_ID]: sessionId,
  };
  if (resource.pageUrl) attributes[sem.SPANLENS_PAGE_URL] = resource.pageUrl;
  return attributes;
}

function encodeSpan(span: SpanData, sessionId: string): OtlpSpan {
  const attributes: Attributes = { ...span.attributes, [sem.SESSION_ID]: sessionId };
  let endTime = span.endTime;
  if (endTime === undefined) {
    attributes[sem.SPANLENS_UNFINISHED] = true;
    endTime = span.events.reduce((latest, e) => Math.max(latest, e.time), span.startTime);
  }
  const out: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: otlpKind(span.kind),
    startTimeUnixNano: toNanos(span.startTime),
    endTimeUnixNano: toNanos(endTime),
    attributes: encodeAttributes(attributes),
    events: span.events.map((e) => {
      const event: OtlpSpan['events'][number] = { timeUnixNano: toNanos(e.time), name: e.name };
      if (e.attributes) event.attributes = encodeAttributes(e.attributes);
      return event;
    }),
    status: encodeStatus(span),
  };
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId;
  if (span.links && span.links.length > 0) {
    out.links = span.links.map((l) => {
      const link: NonNullable<OtlpSpan['links']>[number] = { traceId: l.traceId, spanId: l.spanId };
      if (l.attributes) link.attributes = encodeAttributes(l.attributes);
      return link;
    });
  }
  return out;
}

function otlpKind(kind: SpanKind): number {
  // Calls that leave the page are CLIENT spans; app steps are INTERNAL.
  return kind === 'llm' || kind === 'http' || kind === 'embedding' ? OTLP_SPAN_KIND_CLIENT : OTLP_SPAN_KIND_INTERNAL;
}

function encodeStatus(span: SpanData): OtlpSpan['status'] {
  const code = span.status.code === 'error' ? OTLP_STATUS_ERROR : span.status.code === 'ok' ? OTLP_STATUS_OK : OTLP_STATUS_UNSET;
  return span.status.message === undefined ? { code } : { code, message: span.status.message };
}

/** Epoch ms on the microsecond grid → integer nanoseconds as a decimal string, exactly. */
export function toNanos(ms: number): string {
  const micros = Math.round(ms * 1000);
  return micros <= 0 ? '0' : `${micros}000`;
}

function encodeAttributes(attributes: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key in attributes) out.push({ key, value: encodeValue(key, attributes[key]) });
  return out;
}

function encodeValue(key: string, value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return encodeNumber(value, sem.DOUBLE_ATTRIBUTES.has(key));
  // A homogeneous array: all its numbers are doubles as soon as one is not whole.
  const asDouble = sem.DOUBLE_ATTRIBUTES.has(key) || (value as unknown[]).some((v) => typeof v === 'number' && !Number.isInteger(v));
  return {
    arrayValue: {
      values: (value as Array<string | number | boolean>).map((v) =>
        typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : encodeNumber(v, asDouble),
      ),
    },
  };
}

function encodeNumber(value: number, asDouble: boolean): OtlpAnyValue {
  // int64 is a decimal string in OTLP/JSON (the protobuf JSON mapping).
  return !asDouble && Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}
