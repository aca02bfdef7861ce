/**
 * The OTLP/JSON trace format (ExportTraceServiceRequest), as far as spanlens writes and reads it.
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding: ids are hex strings, times are
 * nanoseconds since the epoch as decimal strings, enums are integers.
 */

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string | number }
  | { doubleValue: number }
  | { arrayValue: { values?: OtlpAnyValue[] } }
  | { kvlistValue: { values?: OtlpKeyValue[] } }
  | { bytesValue: string };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpStatus {
  code?: number;
  message?: string;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: OtlpEvent[];
  links?: OtlpLink[];
  status: OtlpStatus;
}

export interface OtlpScopeSpans {
  scope: { name: string; version?: string };
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: OtlpScopeSpans[];
}

export interface OtlpExportRequest {
  resourceSpans: OtlpResourceSpans[];
}

export const OTLP_SPAN_KIND_INTERNAL = 1;
export const OTLP_SPAN_KIND_SERVER = 2;
export const OTLP_SPAN_KIND_CLIENT = 3;
export const OTLP_STATUS_UNSET = 0;
export const OTLP_STATUS_OK = 1;
export const OTLP_STATUS_ERROR = 2;
