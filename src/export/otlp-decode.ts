/**
 * OTLP/JSON → Span[], for files from spanlens and from other tools (the OpenTelemetry SDKs, the
 * Collector's file exporter, Phoenix or Jaeger exports in OTLP form).
 *
 * Everything is validated before anything is built: bad input throws an OtlpDecodeError whose
 * message names the path of the first bad field, and a half-built span is never returned. What
 * the file says is data: attribute keys such as `__proto__` stay ordinary keys, values nest at
 * most MAX_VALUE_DEPTH levels, times must be real dates, and no span id appears twice in a
 * session (the panel and the store key spans by id, so a second one would replace the first).
 */
import { safeJson, setOwn } from '../core/attributes';
import { toMicrosecondGrid } from '../core/clock';
import * as sem from '../core/semconv';
import type { AttributeValue, Attributes, SpanData, SpanEventRecord, SpanLink } from '../core/span';
import { currentAttributeNames } from './legacy-names';
import { OTLP_SPAN_KIND_CLIENT, OTLP_SPAN_KIND_SERVER } from './otlp-types';
import { inferSpanKind, type OtelSpanKindHint } from './span-kind';

export class OtlpDecodeError extends Error {
  /** Where the problem is, e.g. `resourceSpans[0].scopeSpans[1].spans[7].spanId`. */
  readonly path: string;
  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'OtlpDecodeError';
    this.path = path;
  }
}

/** How deep kvlistValue / arrayValue may nest (deeper is refused, not read recursively). */
export const MAX_VALUE_DEPTH = 64;

/** The latest time a JavaScript Date can hold (year 275760), in epoch milliseconds. */
const LATEST_DATE_MS = 8.64e15;

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
  const sessions: DecodingSession[] = [];
  requests.forEach((request, line) => {
    const prefix = requests.length > 1 ? `line ${line + 1}: ` : '';
    try {
      for (const session of decodeRequest(request)) {
        for (const place of session.places) place.path = prefix + place.path;
        sessions.push(session);
      }
    } catch (error) {
      if (error instanceof OtlpDecodeError && prefix) throw new OtlpDecodeError(prefix + error.path, error.message.slice(error.path.length + 2));
      throw error;
    }
  });
  return mergeSessions(sessions);
}

/** A session while decoding: each span with the path it was read at (for the duplicate check). */
interface DecodingSession {
  sessionId: string;
  resource: Attributes;
  places: Array<{ span: SpanData; path: string }>;
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

function decodeRequest(request: unknown): DecodingSession[] {
  const resourceSpans = object(request, '').resourceSpans;
  return items(resourceSpans, 'resourceSpans', decodeResourceSpans, 'expected an array (is this an OTLP/JSON trace file?)');
}

function decodeResourceSpans(value: unknown, path: string): DecodingSession {
  const rs = object(value, path);
  const resource = rs.resource === undefined ? {} : attributes(object(rs.resource, `${path}.resource`), `${path}.resource`);
  const sessionId = typeof resource[sem.SPANLENS_SESSION_ID] === 'string' ? (resource[sem.SPANLENS_SESSION_ID] as string) : `imported-${path}`;
  // `instrumentationLibrarySpans` is the pre-1.0 name, still written by old exporters.
  const scopesKey = rs.scopeSpans !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
  const places = items(rs[scopesKey] ?? [], `${path}.${scopesKey}`, (scope, scopePath) =>
    items(object(scope, scopePath).spans ?? [], `${scopePath}.spans`, (span, spanPath) => ({ span: decodeSpan(span, spanPath, sessionId), path: spanPath })),
  );
  return { sessionId, resource, places: places.flat() };
}

function decodeSpan(value: unknown, path: string, sessionId: string): SpanData {
  const s = object(value, path);
  const traceId = id(s, 'traceId', path, 16);
  const spanId = id(s, 'spanId', path, 8);
  const parentSpanId = s.parentSpanId === undefined || s.parentSpanId === '' ? undefined : id(s, 'parentSpanId', path, 8);
  const name = typed<string>(s, 'name', path, 'string');
  const startTime = nanos(s, 'startTimeUnixNano', path);
  // No end time at all, or 0, means open.
  let endTime: number | undefined = s.endTimeUnixNano == null ? 0 : nanos(s, 'endTimeUnixNano', path);
  if (endTime === 0 && s.endTimeUnixNano != null && !/^0*$/.test(String(s.endTimeUnixNano))) {
    // 1 to 999 ns would round to 0, "open": not a real end time, and not to be read as one.
    throw new OtlpDecodeError(`${path}.endTimeUnixNano`, 'is under 1 µs after 1970, not a real end time (0 or no end time means a span still open)');
  }
  // Older convention names read as the current ones (legacy-names.ts).
  const attrs = currentAttributeNames(attributes(s, path));
  if (attrs[sem.SPANLENS_UNFINISHED] === true || endTime === 0) {
    endTime = undefined;
    delete attrs[sem.SPANLENS_UNFINISHED];
  }
  if (attrs[sem.SESSION_ID] === sessionId) delete attrs[sem.SESSION_ID];
  const span: SpanData = {
    traceId,
    spanId,
    name,
    kind: inferSpanKind(name, attrs, otelKindHint(enumValue(s, 'kind', path, SPAN_KIND_NAMES))),
    startTime,
    status: status(s.status, `${path}.status`),
    attributes: attrs,
    events: s.events === undefined ? [] : items(s.events, `${path}.events`, event),
    sessionId,
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  const links = s.links === undefined || s.links === null ? [] : items(s.links, `${path}.links`, link);
  if (links.length > 0) span.links = links;
  if (endTime !== undefined) {
    if (endTime < startTime) throw new OtlpDecodeError(`${path}.endTimeUnixNano`, 'ends before it starts');
    span.endTime = endTime;
  }
  return span;
}

function otelKindHint(otlpKind: number): OtelSpanKindHint {
  if (otlpKind === OTLP_SPAN_KIND_CLIENT) return 'client';
  return otlpKind === OTLP_SPAN_KIND_SERVER ? 'server' : 'other';
}

function status(value: unknown, path: string): SpanData['status'] {
  if (value === undefined || value === null) return { code: 'unset' };
  const st = object(value, path);
  // The index of a status code is its OTLP number.
  const code = (['unset', 'ok', 'error'] as const)[enumValue(st, 'code', path, STATUS_CODE_NAMES)];
  const message = st.message === undefined ? undefined : typed<string>(st, 'message', path, 'string');
  return code === 'error' && message ? { code, message } : { code };
}

function event(value: unknown, path: string): SpanEventRecord {
  const ev = object(value, path);
  const event: SpanEventRecord = { name: typed(ev, 'name', path, 'string'), time: nanos(ev, 'timeUnixNano', path) };
  if (ev.attributes !== undefined) event.attributes = attributes(ev, path);
  return event;
}

function link(value: unknown, path: string): SpanLink {
  const l = object(value, path);
  const out: SpanLink = { traceId: id(l, 'traceId', path, 16), spanId: id(l, 'spanId', path, 8) };
  if (l.attributes !== undefined) out.attributes = attributes(l, path);
  return out;
}

/** The `attributes` of `owner` (a resource, span or event) at `path`. */
function attributes(owner: Record<string, unknown>, path: string): Attributes {
  const out: Attributes = {};
  if (owner.attributes === undefined) return out;
  for (const [key, value] of keyValues(owner.attributes, `${path}.attributes`, anyValue, 'expected an array of {key, value}')) {
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
}

/** A list of { key, value } as [key, value read by `read`] pairs. */
function keyValues<T>(value: unknown, path: string, read: (value: unknown, path: string) => T, expected?: string): Array<[string, T]> {
  return items(
    value,
    path,
    (item, itemPath) => {
      const entry = object(item, itemPath);
      return [typed<string>(entry, 'key', itemPath, 'string'), read(entry.value, `${itemPath}.value`)];
    },
    expected,
  );
}

/** An AnyValue as an attribute value; nested maps and mixed arrays become JSON strings. */
function anyValue(value: unknown, path: string): AttributeValue | undefined {
  const plain = plainValue(value, path, 0);
  if (plain === undefined || plain === null) return undefined;
  if (typeof plain !== 'object') return plain as AttributeValue;
  if (Array.isArray(plain)) {
    const first = typeof plain[0];
    if (plain.every((v) => typeof v === first && (first === 'string' || first === 'number' || first === 'boolean'))) return plain as AttributeValue;
    if (plain.length === 0) return [] as string[];
  }
  return safeJson(plain) ?? '';
}

/** An AnyValue as plain data; `depth` counts the kvlist / array levels above it. */
function plainValue(value: unknown, path: string, depth: number): unknown {
  if (value === undefined || value === null) return undefined;
  const v = object(value, path);
  if ('stringValue' in v) return typed(v, 'stringValue', path, 'string');
  if ('boolValue' in v) return typed(v, 'boolValue', path, 'boolean');
  if ('doubleValue' in v) return double(v, path);
  if ('intValue' in v) return integer(v, path);
  if ('bytesValue' in v) return typed(v, 'bytesValue', path, 'string');
  const nested = 'arrayValue' in v || 'kvlistValue' in v;
  if (nested && depth >= MAX_VALUE_DEPTH) throw new OtlpDecodeError(path, `nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if ('arrayValue' in v) {
    const values = object(v.arrayValue, `${path}.arrayValue`).values ?? [];
    return items(values, `${path}.arrayValue.values`, (item, itemPath) => plainValue(item, itemPath, depth + 1) ?? null);
  }
  if ('kvlistValue' in v) {
    const values = object(v.kvlistValue, `${path}.kvlistValue`).values ?? [];
    const out: Record<string, unknown> = {};
    const read = (item: unknown, itemPath: string) => plainValue(item, itemPath, depth + 1);
    for (const [key, item] of keyValues(values, `${path}.kvlistValue.values`, read)) setOwn(out, key, item ?? null);
    return out;
  }
  // An empty AnyValue is legal and means "no value".
  if (Object.keys(v).length === 0) return undefined;
  throw new OtlpDecodeError(path, `unknown value type "${Object.keys(v)[0]}"`);
}

// --- small validators: `value` (or `owner[key]`) at `path` ------------------------------------

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new OtlpDecodeError(path, 'expected an object');
  return value as Record<string, unknown>;
}

/** Each item of the array at `path`, read with its own path (`path[i]`). */
function items<T>(value: unknown, path: string, read: (item: unknown, path: string) => T, expected = 'expected an array'): T[] {
  if (!Array.isArray(value)) throw new OtlpDecodeError(path, expected);
  return value.map((item, i) => read(item, `${path}[${i}]`));
}

function typed<T>(owner: Record<string, unknown>, key: string, path: string, type: 'string' | 'boolean'): T {
  const value = owner[key];
  if (typeof value !== type) throw new OtlpDecodeError(`${path}.${key}`, `expected a ${type}`);
  return value as T;
}

function double(owner: Record<string, unknown>, path: string): number | undefined {
  const value = owner.doubleValue;
  if (typeof value === 'number') return value;
  // The protobuf JSON mapping writes NaN and infinities as strings; attributes cannot hold them.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new OtlpDecodeError(`${path}.doubleValue`, 'expected a number');
}

function integer(owner: Record<string, unknown>, path: string): number {
  const value = owner.intValue;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new OtlpDecodeError(`${path}.intValue`, 'expected an integer (number or decimal string)');
}

/** Hex ids; base64 ids (the plain protobuf JSON mapping, used by some tools) are converted. */
function id(owner: Record<string, unknown>, key: string, path: string, bytes: number): string {
  const value = owner[key];
  const fail = (problem: string) => new OtlpDecodeError(`${path}.${key}`, problem);
  const what = `expected ${bytes * 2} hex chars`;
  if (typeof value !== 'string') throw fail(what);
  let hex = value.toLowerCase();
  if (hex.length !== bytes * 2 && /^[A-Za-z0-9+/]+=*$/.test(value) && value.length === Math.ceil(bytes / 3) * 4) hex = base64ToHex(value);
  if (hex.length !== bytes * 2 || !/^[0-9a-f]+$/.test(hex)) throw fail(what);
  if (/^0+$/.test(hex)) throw fail('is all zeros, which is not a valid id');
  return hex;
}

function base64ToHex(value: string): string {
  try {
    return Array.from(atob(value), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return '';
  }
}

/** Nanoseconds (decimal string or number) → epoch ms on the microsecond grid, within a Date's range. */
function nanos(owner: Record<string, unknown>, key: string, path: string): number {
  const value = owner[key];
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) ms = toMicrosecondGrid(value / 1e6);
  else if (typeof value === 'string' && /^\d+$/.test(value)) {
    // Drop the sub-microsecond digits as text: the full number is beyond a double's exact range.
    const micros = value.length > 3 ? Number(value.slice(0, -3)) : 0;
    ms = micros / 1000;
  } else throw new OtlpDecodeError(`${path}.${key}`, 'expected nanoseconds as a decimal string');
  if (!(ms <= LATEST_DATE_MS)) throw new OtlpDecodeError(`${path}.${key}`, 'is after the year 275760, not a real date');
  return ms;
}

const SPAN_KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Enums are integers in OTLP/JSON (absent: 0); the protobuf JSON mapping also allows their names. */
function enumValue(owner: Record<string, unknown>, key: string, path: string, names: string[]): number {
  const value = owner[key];
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return value;
  if (typeof value === 'string' && names.includes(value)) return names.indexOf(value);
  throw new OtlpDecodeError(`${path}.${key}`, `expected an integer from 0 to ${names.length - 1}`);
}

/** One session per id; a span id may appear once in a session. */
function mergeSessions(sessions: DecodingSession[]): DecodedSession[] {
  const byId = new Map<string, DecodedSession>();
  const seen = new Map<string, Map<string, string>>();
  for (const session of sessions) {
    let merged = byId.get(session.sessionId);
    if (!merged) byId.set(session.sessionId, (merged = { sessionId: session.sessionId, resource: session.resource, spans: [] }));
    let paths = seen.get(session.sessionId);
    if (!paths) seen.set(session.sessionId, (paths = new Map()));
    for (const { span, path } of session.places) {
      const first = paths.get(span.spanId);
      if (first !== undefined) throw new OtlpDecodeError(`${path}.spanId`, `the same span id as ${first} (each span of a session needs its own id)`);
      paths.set(span.spanId, path);
      merged.spans.push(span);
    }
  }
  return [...byId.values()];
}
