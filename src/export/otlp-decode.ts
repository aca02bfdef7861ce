/**
 * OTLP/JSON → Span[], for files from spanlens and from other tools (the OpenTelemetry SDKs, the
 * Collector's file exporter, Phoenix or Jaeger exports in OTLP form).
 *
 * Everything is validated before anything is built: bad input throws an OtlpDecodeError whose
 * message names the path of the first bad field, and a half-built span is never returned.
 */
import { safeJson } from '../core/attributes';
import { toMicrosecondGrid } from '../core/clock';
import * as sem from '../core/semconv';
import { SPAN_KINDS, type AttributeValue, type Attributes, type SpanData, type SpanEventRecord, type SpanKind, type StatusCode } from '../core/span';
import { OTLP_SPAN_KIND_CLIENT, OTLP_STATUS_ERROR, OTLP_STATUS_OK } from './otlp-types';

export class OtlpDecodeError extends Error {
  /** Where the problem is, e.g. `resourceSpans[0].scopeSpans[1].spans[7].spanId`. */
  readonly path: string;
  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'OtlpDecodeError';
    this.path = path;
  }
}

export interface DecodedSession {
  sessionId: string;
  /** Resource attributes as plain values. */
  resource: Attributes;
  spans: SpanData[];
}

/**
 * Decode a parsed OTLP/JSON object, or its text. Text may also be JSON Lines (one request per
 * line, as the Collector's file exporter writes). Sessions come from the resource attribute
 * `spanlens.session.id`; resources without one become a session of their own.
 */
export function decodeOtlp(input: unknown): DecodedSession[] {
  const requests = typeof input === 'string' ? parseText(input) : [input];
  const sessions: DecodedSession[] = [];
  requests.forEach((request, line) => {
    const prefix = requests.length > 1 ? `line ${line + 1}: ` : '';
    try {
      sessions.push(...decodeRequest(request));
    } catch (error) {
      if (error instanceof OtlpDecodeError && prefix) throw new OtlpDecodeError(prefix + error.path, error.message.slice(error.path.length + 2));
      throw error;
    }
  });
  return mergeSessions(sessions);
}

function parseText(text: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed) throw new OtlpDecodeError('', 'the file is empty');
  try {
    return [JSON.parse(trimmed)];
  } catch (error) {
    const lines = trimmed.split('\n').filter((l) => l.trim());
    if (lines.length > 1) {
      return lines.map((l, i) => {
        try {
          return JSON.parse(l);
        } catch {
          throw new OtlpDecodeError(`line ${i + 1}`, 'not valid JSON');
        }
      });
    }
    throw new OtlpDecodeError('', `not valid JSON (${(error as Error).message})`);
  }
}

function decodeRequest(request: unknown): DecodedSession[] {
  const root = object(request, '');
  const resourceSpans = root.resourceSpans;
  if (!Array.isArray(resourceSpans)) throw new OtlpDecodeError('resourceSpans', 'expected an array (is this an OTLP/JSON trace file?)');
  return resourceSpans.map((rs, i) => decodeResourceSpans(rs, `resourceSpans[${i}]`));
}

function decodeResourceSpans(value: unknown, path: string): DecodedSession {
  const rs = object(value, path);
  const resource = rs.resource === undefined ? {} : attributes(object(rs.resource, `${path}.resource`).attributes, `${path}.resource.attributes`);
  const sessionId = typeof resource[sem.SPANLENS_SESSION_ID] === 'string' ? (resource[sem.SPANLENS_SESSION_ID] as string) : `imported-${path}`;
  // `instrumentationLibrarySpans` is the pre-1.0 name, still written by old exporters.
  const scopesKey = rs.scopeSpans !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
  const scopes = rs[scopesKey] ?? [];
  if (!Array.isArray(scopes)) throw new OtlpDecodeError(`${path}.${scopesKey}`, 'expected an array');
  const spans: SpanData[] = [];
  scopes.forEach((scope, j) => {
    const scopePath = `${path}.${scopesKey}[${j}]`;
    const list = object(scope, scopePath).spans ?? [];
    if (!Array.isArray(list)) throw new OtlpDecodeError(`${scopePath}.spans`, 'expected an array');
    list.forEach((span, k) => spans.push(decodeSpan(span, `${scopePath}.spans[${k}]`, sessionId)));
  });
  return { sessionId, resource, spans };
}

function decodeSpan(value: unknown, path: string, sessionId: string): SpanData {
  const s = object(value, path);
  const traceId = id(s.traceId, `${path}.traceId`, 16);
  const spanId = id(s.spanId, `${path}.spanId`, 8);
  const parentSpanId = s.parentSpanId === undefined || s.parentSpanId === '' ? undefined : id(s.parentSpanId, `${path}.parentSpanId`, 8);
  if (typeof s.name !== 'string') throw new OtlpDecodeError(`${path}.name`, 'expected a string');
  const startTime = nanos(s.startTimeUnixNano, `${path}.startTimeUnixNano`);
  let endTime: number | undefined = nanos(s.endTimeUnixNano ?? '0', `${path}.endTimeUnixNano`);
  const attrs = attributes(s.attributes, `${path}.attributes`);
  if (attrs[sem.SPANLENS_UNFINISHED] === true || endTime === 0) {
    endTime = undefined;
    delete attrs[sem.SPANLENS_UNFINISHED];
  }
  if (attrs[sem.SESSION_ID] === sessionId) delete attrs[sem.SESSION_ID];
  const otlpKind = s.kind === undefined ? 0 : enumValue(s.kind, `${path}.kind`, SPAN_KIND_NAMES);
  const span: SpanData = {
    traceId,
    spanId,
    name: s.name,
    kind: spanKind(attrs, otlpKind),
    startTime,
    status: status(s.status, `${path}.status`),
    attributes: attrs,
    events: events(s.events, `${path}.events`),
    sessionId,
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  if (endTime !== undefined) {
    if (endTime < startTime) throw new OtlpDecodeError(`${path}.endTimeUnixNano`, 'ends before it starts');
    span.endTime = endTime;
  }
  return span;
}

/** Our kind, from OpenInference's attribute when present, else from what the span does. */
function spanKind(attrs: Attributes, otlpKind: number): SpanKind {
  const declared = String(attrs[sem.OPENINFERENCE_SPAN_KIND] ?? '').toLowerCase();
  if ((SPAN_KINDS as readonly string[]).includes(declared)) return declared as SpanKind;
  switch (attrs[sem.GEN_AI_OPERATION_NAME]) {
    case 'chat':
    case 'text_completion':
    case 'generate_content':
      return 'llm';
    case 'embeddings':
      return 'embedding';
    case 'execute_tool':
      return 'tool';
    case 'invoke_agent':
    case 'create_agent':
      return 'agent';
    case 'retrieval':
      return 'retriever';
  }
  // spanlens writes its http spans as UNKNOWN (OpenInference has no http kind) CLIENT spans.
  const isHttp = declared === 'unknown' || attrs[sem.HTTP_REQUEST_METHOD] !== undefined || attrs['http.method'] !== undefined;
  if (otlpKind === OTLP_SPAN_KIND_CLIENT && isHttp) return 'http';
  return 'chain';
}

function status(value: unknown, path: string): SpanData['status'] {
  if (value === undefined || value === null) return { code: 'unset' };
  const st = object(value, path);
  const code = st.code === undefined ? 0 : enumValue(st.code, `${path}.code`, STATUS_CODE_NAMES);
  const name: StatusCode = code === OTLP_STATUS_ERROR ? 'error' : code === OTLP_STATUS_OK ? 'ok' : 'unset';
  if (st.message !== undefined && typeof st.message !== 'string') throw new OtlpDecodeError(`${path}.message`, 'expected a string');
  return name === 'error' && st.message ? { code: name, message: st.message } : { code: name };
}

function events(value: unknown, path: string): SpanEventRecord[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(path, 'expected an array');
  return value.map((e, i) => {
    const ev = object(e, `${path}[${i}]`);
    if (typeof ev.name !== 'string') throw new OtlpDecodeError(`${path}[${i}].name`, 'expected a string');
    const event: SpanEventRecord = { name: ev.name, time: nanos(ev.timeUnixNano, `${path}[${i}].timeUnixNano`) };
    if (ev.attributes !== undefined) event.attributes = attributes(ev.attributes, `${path}[${i}].attributes`);
    return event;
  });
}

function attributes(value: unknown, path: string): Attributes {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw new OtlpDecodeError(path, 'expected an array of {key, value}');
  const out: Attributes = {};
  value.forEach((kv, i) => {
    const entry = object(kv, `${path}[${i}]`);
    if (typeof entry.key !== 'string') throw new OtlpDecodeError(`${path}[${i}].key`, 'expected a string');
    const decoded = anyValue(entry.value, `${path}[${i}].value`);
    if (decoded !== undefined) out[entry.key] = decoded;
  });
  return out;
}

/** An AnyValue as an attribute value; nested maps and mixed arrays become JSON strings. */
function anyValue(value: unknown, path: string): AttributeValue | undefined {
  const plain = plainValue(value, path);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain !== 'object') return plain as AttributeValue;
  if (Array.isArray(plain)) {
    const first = typeof plain[0];
    if (plain.every((v) => typeof v === first && (first === 'string' || first === 'number' || first === 'boolean'))) return plain as AttributeValue;
    if (plain.length === 0) return [] as string[];
  }
  return safeJson(plain) ?? '';
}

function plainValue(value: unknown, path: string): unknown {
  if (value === undefined || value === null) return undefined;
  const v = object(value, path);
  if ('stringValue' in v) return typed(v.stringValue, 'string', `${path}.stringValue`);
  if ('boolValue' in v) return typed(v.boolValue, 'boolean', `${path}.boolValue`);
  if ('doubleValue' in v) return double(v.doubleValue, `${path}.doubleValue`);
  if ('intValue' in v) return integer(v.intValue, `${path}.intValue`);
  if ('bytesValue' in v) return typed(v.bytesValue, 'string', `${path}.bytesValue`);
  if ('arrayValue' in v) {
    const values = object(v.arrayValue, `${path}.arrayValue`).values ?? [];
    if (!Array.isArray(values)) throw new OtlpDecodeError(`${path}.arrayValue.values`, 'expected an array');
    return values.map((item, i) => plainValue(item, `${path}.arrayValue.values[${i}]`) ?? null);
  }
  if ('kvlistValue' in v) {
    const values = object(v.kvlistValue, `${path}.kvlistValue`).values ?? [];
    if (!Array.isArray(values)) throw new OtlpDecodeError(`${path}.kvlistValue.values`, 'expected an array');
    const out: Record<string, unknown> = {};
    values.forEach((kv, i) => {
      const entry = object(kv, `${path}.kvlistValue.values[${i}]`);
      if (typeof entry.key !== 'string') throw new OtlpDecodeError(`${path}.kvlistValue.values[${i}].key`, 'expected a string');
      out[entry.key] = plainValue(entry.value, `${path}.kvlistValue.values[${i}].value`) ?? null;
    });
    return out;
  }
  // An empty AnyValue is legal and means "no value".
  if (Object.keys(v).length === 0) return undefined;
  throw new OtlpDecodeError(path, `unknown value type "${Object.keys(v)[0]}"`);
}

// --- small validators -------------------------------------------------------------------------

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OtlpDecodeError(path, 'expected an object');
  return value as Record<string, unknown>;
}

function typed<T>(value: unknown, type: 'string' | 'boolean', path: string): T {
  if (typeof value !== type) throw new OtlpDecodeError(path, `expected a ${type}`);
  return value as T;
}

function double(value: unknown, path: string): number | undefined {
  if (typeof value === 'number') return value;
  // The protobuf JSON mapping writes NaN and infinities as strings; attributes cannot hold them.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new OtlpDecodeError(path, 'expected a number');
}

function integer(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new OtlpDecodeError(path, 'expected an integer (number or decimal string)');
}

/** Hex ids; base64 ids (the plain protobuf JSON mapping, used by some tools) are converted. */
function id(value: unknown, path: string, bytes: number): string {
  const what = `expected ${bytes * 2} hex chars`;
  if (typeof value !== 'string') throw new OtlpDecodeError(path, what);
  let hex = value.toLowerCase();
  if (hex.length !== bytes * 2 && /^[A-Za-z0-9+/]+=*$/.test(value) && value.length === Math.ceil(bytes / 3) * 4) hex = base64ToHex(value);
  if (hex.length !== bytes * 2 || !/^[0-9a-f]+$/.test(hex)) throw new OtlpDecodeError(path, what);
  if (/^0+$/.test(hex)) throw new OtlpDecodeError(path, 'is all zeros, which is not a valid id');
  return hex;
}

function base64ToHex(value: string): string {
  try {
    return Array.from(atob(value), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return '';
  }
}

/** Nanoseconds (decimal string or number) → epoch ms on the microsecond grid. */
function nanos(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return toMicrosecondGrid(value / 1e6);
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    // Drop the sub-microsecond digits as text: the full number is beyond a double's exact range.
    const micros = value.length > 3 ? Number(value.slice(0, -3)) : 0;
    return micros / 1000;
  }
  throw new OtlpDecodeError(path, 'expected nanoseconds as a decimal string');
}

const SPAN_KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Enums are integers in OTLP/JSON; the protobuf JSON mapping also allows their names. */
function enumValue(value: unknown, path: string, names: string[]): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return value;
  if (typeof value === 'string' && names.includes(value)) return names.indexOf(value);
  throw new OtlpDecodeError(path, `expected an integer from 0 to ${names.length - 1}`);
}

function mergeSessions(sessions: DecodedSession[]): DecodedSession[] {
  const byId = new Map<string, DecodedSession>();
  for (const session of sessions) {
    const existing = byId.get(session.sessionId);
    if (existing) existing.spans.push(...session.spans);
    else byId.set(session.sessionId, session);
  }
  return [...byId.values()];
}
