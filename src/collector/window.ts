/**
 * The collector's memory: the latest spans, bounded in count and in bytes, oldest out first.
 *
 * Spans are kept with their JSON text (what the stream and the file send anyway), whose UTF-8 size
 * is what the byte bound counts. A span sent twice (an exporter's retry) replaces the first copy.
 */
import type { SpanData } from '../core/span';

export interface WindowLimits {
  /** Default 20,000 spans. */
  maxSpans?: number;
  /** Default 64 MiB of span JSON. */
  maxBytes?: number;
}

export interface WindowStats {
  spans: number;
  bytes: number;
  /** Spans that came in since the start. */
  received: number;
  /** Pushed out by newer spans to keep within the bounds. */
  evicted: number;
  /** Larger alone than the whole byte bound: never kept. */
  rejected: number;
}

export interface StoredSpan {
  span: SpanData;
  json: string;
  bytes: number;
}

export type WindowListener = (stored: StoredSpan) => void;

export const DEFAULT_WINDOW_SPANS = 20_000;
export const DEFAULT_WINDOW_BYTES = 64 * 1024 * 1024;

export class SpanWindow {
  readonly maxSpans: number;
  readonly maxBytes: number;
  readonly stats: WindowStats = { spans: 0, bytes: 0, received: 0, evicted: 0, rejected: 0 };

  /** Insertion order is age order: the first entry is the oldest. */
  #byKey = new Map<string, StoredSpan>();
  #keysByTrace = new Map<string, Set<string>>();
  #listeners = new Set<WindowListener>();

  constructor(limits: WindowLimits = {}) {
    this.maxSpans = limits.maxSpans ?? DEFAULT_WINDOW_SPANS;
    this.maxBytes = limits.maxBytes ?? DEFAULT_WINDOW_BYTES;
  }

  add(span: SpanData): void {
    this.stats.received++;
    const json = JSON.stringify(span);
    const stored: StoredSpan = { span, json, bytes: Buffer.byteLength(json) };
    if (stored.bytes > this.maxBytes) {
      this.stats.rejected++;
      return;
    }
    const key = span.traceId + span.spanId;
    this.#remove(key);
    this.#byKey.set(key, stored);
    let keys = this.#keysByTrace.get(span.traceId);
    if (!keys) this.#keysByTrace.set(span.traceId, (keys = new Set()));
    keys.add(key);
    this.stats.spans++;
    this.stats.bytes += stored.bytes;
    while (this.stats.spans > this.maxSpans || this.stats.bytes > this.maxBytes) {
      const oldest = this.#byKey.keys().next().value as string;
      this.#remove(oldest);
      this.stats.evicted++;
    }
    for (const listener of this.#listeners) listener(stored);
  }

  /** The spans of one trace still in the window, oldest first. */
  trace(traceId: string): StoredSpan[] {
    const keys = this.#keysByTrace.get(traceId);
    return keys ? [...keys].map((key) => this.#byKey.get(key) as StoredSpan) : [];
  }

  /** Every new span, as it arrives; returns the unsubscribe function. */
  subscribe(listener: WindowListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #remove(key: string): void {
    const stored = this.#byKey.get(key);
    if (!stored) return;
    this.#byKey.delete(key);
    const keys = this.#keysByTrace.get(stored.span.traceId);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysByTrace.delete(stored.span.traceId);
    this.stats.spans--;
    this.stats.bytes -= stored.bytes;
  }
}
