/**
 * The parts of an OpenTelemetry JS SDK `ReadableSpan` that spanlens reads, as plain structural
 * types (the SDK is the app's dependency, never ours), and their conversion to our span's fields.
 */
import type { Attributes, SpanKind, StatusCode } from '../core/span';
import { inferSpanKind, type OtelSpanKindHint } from '../export/span-kind';

/** [seconds, nanoseconds] since the epoch. */
export type HrTime = [number, number];

export interface OtelSpanContext {
  traceId: string;
  spanId: string;
}

export interface OtelSpanEvent {
  name: string;
  time: HrTime;
  attributes?: Record<string, unknown>;
}

export interface OtelReadableSpan {
  readonly name: string;
  /** The API's SpanKind: 0 internal, 1 server, 2 client, 3 producer, 4 consumer. */
  readonly kind: number;
  spanContext(): OtelSpanContext;
  /** SDK 2.x; SDK 1.x had `parentSpanId`. */
  readonly parentSpanContext?: OtelSpanContext;
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  /** 0 unset, 1 ok, 2 error. */
  readonly status: { code: number; message?: string };
  readonly attributes: Record<string, unknown>;
  readonly events: readonly OtelSpanEvent[];
  readonly instrumentationScope?: { name: string; version?: string };
}

/** The OTel API's SpanKind numbers. */
const API_KIND_SERVER = 1;
const API_KIND_CLIENT = 2;

/** Whole microseconds, sub-microsecond digits dropped as the OTLP decoder drops them. */
export function hrTimeToMs(time: HrTime): number {
  return (time[0] * 1e6 + Math.floor(time[1] / 1000)) / 1000;
}

export function parentIdOf(span: OtelReadableSpan): string | undefined {
  const id = span.parentSpanContext?.spanId ?? span.parentSpanId;
  return typeof id === 'string' && /^[0-9a-f]{16}$/.test(id) && id !== '0000000000000000' ? id : undefined;
}

export function statusOf(span: OtelReadableSpan): { code: StatusCode; message?: string } {
  const code: StatusCode = span.status?.code === 2 ? 'error' : span.status?.code === 1 ? 'ok' : 'unset';
  const message = span.status?.message;
  return code === 'error' && typeof message === 'string' && message ? { code, message } : { code };
}

export function kindOf(span: OtelReadableSpan): SpanKind {
  const hint: OtelSpanKindHint = span.kind === API_KIND_CLIENT ? 'client' : span.kind === API_KIND_SERVER ? 'server' : 'other';
  return inferSpanKind(String(span.name), (span.attributes ?? {}) as Attributes, hint);
}
