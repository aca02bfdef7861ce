/**
 * What goes into IndexedDB and what we accept back out of it.
 *
 * Anything read back is untrusted: another version of spanlens, another library using the same
 * database name, or a half-written record may have left something of a different shape. Readers
 * call readSpanRecord / readSessionRecord and skip (and count) whatever they reject.
 */
import { SPAN_KINDS, type AttributeValue, type SpanData } from '../core/span';
import type { SessionSummary } from './types';

const KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);
const STATUS_CODES: ReadonlySet<string> = new Set(['unset', 'ok', 'error']);
/** The counters of a session summary. */
const TOTALS = ['spanCount', 'errorCount', 'inputTokens', 'outputTokens', 'costUsd', 'openSpans', 'bytes'] as const;

/** A valid span, or undefined for anything of the wrong shape. */
export function readSpanRecord(value: unknown): SpanData | undefined {
  if (!isObject(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!isNonEmptyString(v.traceId) || !isNonEmptyString(v.spanId) || !isNonEmptyString(v.sessionId)) return undefined;
  if (typeof v.name !== 'string' || typeof v.kind !== 'string' || !KINDS.has(v.kind)) return undefined;
  if (!isFiniteNumber(v.startTime)) return undefined;
  if (v.endTime !== undefined && !isFiniteNumber(v.endTime)) return undefined;
  if (v.parentSpanId !== undefined && !isNonEmptyString(v.parentSpanId)) return undefined;
  if (!isObject(v.status) || !STATUS_CODES.has((v.status as { code?: unknown }).code as string)) return undefined;
  const message = (v.status as { message?: unknown }).message;
  if (message !== undefined && typeof message !== 'string') return undefined;
  if (!isAttributes(v.attributes) || !Array.isArray(v.events)) return undefined;
  for (const event of v.events) {
    if (!isObject(event)) return undefined;
    const e = event as Record<string, unknown>;
    if (typeof e.name !== 'string' || !isFiniteNumber(e.time)) return undefined;
    if (e.attributes !== undefined && !isAttributes(e.attributes)) return undefined;
  }
  if (v.links !== undefined) {
    if (!Array.isArray(v.links)) return undefined;
    for (const link of v.links) {
      if (!isObject(link)) return undefined;
      const l = link as Record<string, unknown>;
      if (!isNonEmptyString(l.traceId) || !isNonEmptyString(l.spanId)) return undefined;
      if (l.attributes !== undefined && !isAttributes(l.attributes)) return undefined;
    }
  }
  return value as SpanData;
}

/**
 * A valid session summary, or undefined. id and start time are required; totals a record lacks
 * (an older version that did not keep them) read as zero rather than losing the session.
 */
export function readSessionRecord(value: unknown): SessionSummary | undefined {
  if (!isObject(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (!isNonEmptyString(v.id) || !isFiniteNumber(v.started)) return undefined;
  const summary = {
    id: v.id,
    started: v.started,
    lastSeen: isFiniteNumber(v.lastSeen) ? v.lastSeen : v.started,
    url: text(v.url),
    title: text(v.title),
    userAgent: text(v.userAgent),
  } as SessionSummary;
  // In this order, after the fields above: the shape SessionTotals.summary() writes.
  for (const key of TOTALS) summary[key] = count(v[key]);
  if (v.imported === true) summary.imported = true;
  return summary;
}

/** Start order, ties by span id (the order a session's spans are read in). */
export function byStart(a: SpanData, b: SpanData): number {
  return a.startTime - b.startTime || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
}

/**
 * Estimated stored size of a span: one byte per character of its strings (browsers serialise
 * ASCII strings one byte a character) plus a fixed overhead per field. Cheap (no serialisation)
 * and close enough for retention, which only needs to be roughly right.
 */
export function estimateSpanBytes(span: SpanData): number {
  let bytes = 160 + span.name.length + span.traceId.length + span.spanId.length + span.sessionId.length;
  bytes += attributesBytes(span.attributes);
  for (const event of span.events) {
    bytes += 24 + event.name.length;
    if (event.attributes) bytes += attributesBytes(event.attributes);
  }
  if (span.status.message) bytes += span.status.message.length;
  return bytes;
}

function attributesBytes(attributes: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const key in attributes) {
    const value = attributes[key];
    bytes += 8 + key.length;
    if (typeof value === 'string') bytes += value.length;
    else if (Array.isArray(value)) for (const item of value) bytes += typeof item === 'string' ? item.length : 8;
    else bytes += 8;
  }
  return bytes;
}

function isAttributes(value: unknown): boolean {
  if (!isObject(value) || Array.isArray(value)) return false;
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    if (Array.isArray(item)) {
      for (const element of item) if (!isPrimitive(element)) return false;
    } else if (!isPrimitive(item)) return false;
  }
  return true;
}

function isPrimitive(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function count(value: unknown): number {
  return isFiniteNumber(value) && value >= 0 ? value : 0;
}

/** A record's key as text, for counting each bad record once. */
export function safeKey(key: unknown): string {
  try {
    return JSON.stringify(key) ?? String(key);
  } catch {
    return String(key);
  }
}
