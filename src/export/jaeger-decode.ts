/**
 * Jaeger JSON → Span[]: the file Jaeger's UI downloads for a trace or a search
 * (`{ data: [{ traceID, spans, processes }] }`), also a bare trace object or an array of them.
 *
 * Jaeger's model, and how it maps:
 *   - ids are hex strings, 64-bit trace ids are padded to 128 bits;
 *   - `startTime` and `duration` are microseconds (epoch, and length);
 *   - the parent is the first CHILD_OF reference (else FOLLOWS_FROM) within the same trace;
 *   - `tags` are typed key/values (string, bool, int64, float64, binary) → attributes;
 *     OTel's status and kind arrive as tags (`otel.status_code`, `error`, `span.kind`) and become
 *     the status and the kind again;
 *   - `logs` are events: the `event` field is the name, the other fields its attributes;
 *   - the span's process (service name + tags) is its resource; its `spanlens.session.id` tag,
 *     when present (spans exported by spanlens), groups spans into sessions again.
 *
 * As with OTLP, everything is checked before anything is built: a JaegerDecodeError names the path
 * of the first bad field (`data[0].spans[3].spanID: expected 16 hex chars`).
 */
import { safeJson, setOwn } from '../core/attributes';
import * as sem from '../core/semconv';
import type { AttributeValue, Attributes, SpanData, SpanEventRecord, SpanStatus } from '../core/span';
import type { DecodedSession } from './otlp-decode';
import { inferSpanKind, type OtelSpanKindHint } from './span-kind';

export class JaegerDecodeError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'JaegerDecodeError';
    this.path = path;
  }
}

/** Whether a parsed JSON value looks like a Jaeger download rather than OTLP. */
export function isJaegerJson(value: unknown): boolean {
  const traces = jaegerTraces(value);
  return traces !== undefined && (traces.length === 0 ? isObject(value) && 'data' in value : isObject(traces[0]) && 'spans' in traces[0]);
}

export function decodeJaeger(input: unknown): DecodedSession[] {
  const traces = jaegerTraces(input);
  if (!traces) throw new JaegerDecodeError('', 'expected {"data": [traces]} (a Jaeger JSON download)');
  const path = Array.isArray(input) ? '' : isObject(input) && 'data' in input ? 'data' : '';
  const bySession = new Map<string, DecodedSession>();
  traces.forEach((trace, i) => {
    const tracePath = path ? `${path}[${i}]` : Array.isArray(input) ? `[${i}]` : '';
    for (const session of decodeTrace(trace, tracePath)) {
      const existing = bySession.get(session.sessionId);
      if (existing) existing.spans.push(...session.spans);
      else bySession.set(session.sessionId, session);
    }
  });
  return [...bySession.values()];
}

function jaegerTraces(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.data)) return value.data;
  return 'traceID' in value && 'spans' in value ? [value] : undefined;
}

interface Process {
  resource: Attributes;
  sessionId: string | undefined;
}

function decodeTrace(value: unknown, path: string): DecodedSession[] {
  const trace = object(value, path);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const processes = new Map<string, Process>();
  if (trace.processes !== undefined) {
    for (const [id, process] of Object.entries(object(trace.processes, at('processes')))) {
      processes.set(id, decodeProcess(process, `${at('processes')}.${id}`));
    }
  }
  const sessions = new Map<string, DecodedSession>();
  items(trace.spans, at('spans'), (item, spanPath) => {
    const raw = object(item, spanPath);
    const processId = raw.processID === undefined ? undefined : string(raw, 'processID', spanPath);
    const process = processId === undefined ? undefined : processes.get(processId);
    if (processId !== undefined && !process) throw new JaegerDecodeError(`${spanPath}.processID`, `no process "${processId}" in processes`);
    const sessionId = process?.sessionId ?? `imported-${path || 'trace'}`;
    const span = decodeSpan(raw, spanPath, sessionId);
    let session = sessions.get(sessionId);
    if (!session) sessions.set(sessionId, (session = { sessionId, resource: process?.resource ?? {}, spans: [] }));
    session.spans.push(span);
  });
  return [...sessions.values()];
}

function decodeProcess(value: unknown, path: string): Process {
  const process = object(value, path);
  const resource = process.tags === undefined ? {} : tags(process.tags, `${path}.tags`);
  if (process.serviceName !== undefined) resource[sem.SERVICE_NAME] = string(process, 'serviceName', path);
  const sessionId = resource[sem.SPANLENS_SESSION_ID];
  return { resource, sessionId: typeof sessionId === 'string' ? sessionId : undefined };
}

function decodeSpan(s: Record<string, unknown>, path: string, sessionId: string): SpanData {
  const traceId = hexId(s, 'traceID', path, 32);
  const spanId = hexId(s, 'spanID', path, 16);
  const name = string(s, 'operationName', path);
  const startMicros = micros(s, 'startTime', path);
  const duration = s.duration === undefined ? 0 : micros(s, 'duration', path);
  const attributes = s.tags === undefined ? {} : tags(s.tags, `${path}.tags`);
  const status = takeStatus(attributes);
  const otelKind = takeKind(attributes);
  const parentSpanId = s.references === undefined ? undefined : parentOf(s.references, `${path}.references`, traceId);
  const span: SpanData = {
    traceId,
    spanId,
    name,
    kind: inferSpanKind(name, attributes, otelKind),
    startTime: startMicros / 1000,
    endTime: (startMicros + duration) / 1000,
    status,
    attributes,
    events: s.logs == null ? [] : items(s.logs, `${path}.logs`, log),
    sessionId,
  };
  if (attributes[sem.SESSION_ID] === sessionId) delete attributes[sem.SESSION_ID];
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  return span;
}

/** The parent span id from `references`: CHILD_OF first, then FOLLOWS_FROM, same trace only. */
function parentOf(value: unknown, path: string, traceId: string): string | undefined {
  const references = items(value, path, (item, refPath) => {
    const ref = object(item, refPath);
    const refType = string(ref, 'refType', refPath);
    return { refType, traceId: hexId(ref, 'traceID', refPath, 32), spanId: hexId(ref, 'spanID', refPath, 16) };
  });
  const sameTrace = references.filter((ref) => ref.traceId === traceId);
  return (sameTrace.find((ref) => ref.refType === 'CHILD_OF') ?? sameTrace.find((ref) => ref.refType === 'FOLLOWS_FROM'))?.spanId;
}

/** OTel's status, as the OTLP→Jaeger translation writes it in tags; the tags go. */
function takeStatus(attributes: Attributes): SpanStatus {
  const code = String(attributes['otel.status_code'] ?? '').toUpperCase();
  const message = attributes['otel.status_description'];
  const isError = code === 'ERROR' || attributes.error === true || attributes.error === 'true';
  delete attributes['otel.status_code'];
  delete attributes['otel.status_description'];
  if (isError) {
    delete attributes.error;
    return typeof message === 'string' && message ? { code: 'error', message } : { code: 'error' };
  }
  return code === 'OK' ? { code: 'ok' } : { code: 'unset' };
}

function takeKind(attributes: Attributes): OtelSpanKindHint {
  const kind = String(attributes['span.kind'] ?? '').toLowerCase();
  delete attributes['span.kind'];
  return kind === 'client' || kind === 'server' ? kind : 'other';
}

function log(value: unknown, path: string): SpanEventRecord {
  const entry = object(value, path);
  const time = micros(entry, 'timestamp', path) / 1000;
  const fields = entry.fields === undefined ? {} : tags(entry.fields, `${path}.fields`);
  const name = typeof fields.event === 'string' ? fields.event : 'log';
  delete fields.event;
  const event: SpanEventRecord = { name, time };
  if (Object.keys(fields).length) event.attributes = fields;
  return event;
}

/** Jaeger's typed key/values as attributes. */
function tags(value: unknown, path: string): Attributes {
  const out: Attributes = {};
  items(value, path, (item, tagPath) => {
    const tag = object(item, tagPath);
    setOwn(out, string(tag, 'key', tagPath), tagValue(tag, tagPath));
  });
  return out;
}

function tagValue(tag: Record<string, unknown>, path: string): AttributeValue {
  const type = tag.type === undefined ? typeof tag.value : String(tag.type).toLowerCase();
  const value = tag.value;
  const fail = (expected: string) => new JaegerDecodeError(`${path}.value`, `expected ${expected} for type "${type}"`);
  switch (type) {
    case 'string':
    case 'binary':
      if (typeof value !== 'string') throw fail('a string');
      return value;
    case 'bool':
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw fail('a boolean');
    case 'int64':
    case 'float64':
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw fail('a number');
      if (type === 'int64' && !Number.isInteger(number)) throw fail('an integer');
      return number;
    }
    default:
      // Unknown types keep their value as text rather than failing the whole file.
      return typeof value === 'string' ? value : (safeJson(value) ?? '');
  }
}

// --- small validators ------------------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) throw new JaegerDecodeError(path, 'expected an object');
  return value;
}

function items<T>(value: unknown, path: string, read: (item: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) throw new JaegerDecodeError(path, 'expected an array');
  return value.map((item, i) => read(item, `${path}[${i}]`));
}

function string(owner: Record<string, unknown>, key: string, path: string): string {
  const value = owner[key];
  if (typeof value !== 'string') throw new JaegerDecodeError(`${path}.${key}`, 'expected a string');
  return value;
}

/** A hex id of at most `length` chars, left-padded with zeros (Jaeger drops leading zeros). */
function hexId(owner: Record<string, unknown>, key: string, path: string, length: number): string {
  const value = owner[key];
  if (typeof value !== 'string' || !/^[0-9a-fA-F]+$/.test(value) || value.length > length) {
    throw new JaegerDecodeError(`${path}.${key}`, `expected ${length} hex chars`);
  }
  const id = value.toLowerCase().padStart(length, '0');
  if (/^0+$/.test(id)) throw new JaegerDecodeError(`${path}.${key}`, 'is all zeros, which is not a valid id');
  return id;
}

/** Whole microseconds (Jaeger's times and durations). */
function micros(owner: Record<string, unknown>, key: string, path: string): number {
  const value = owner[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new JaegerDecodeError(`${path}.${key}`, 'expected whole microseconds');
}
