/**
 * Sessions kept in memory: the whole store when IndexedDB is unavailable, and the continuation of
 * the current session when IndexedDB stopped accepting writes (quota, another tab upgrading).
 * Lost on reload, which the store's state says.
 *
 * Bounded like the database, by maxMegabytes (estimated as in records.ts): over it, earlier and
 * imported sessions go first (oldest first), then the current session's oldest ended spans; its
 * open spans always stay. The store says when the current session lost spans this way.
 */
import type { SpanData } from '../core/span';
import { byStart, estimateSpanBytes } from './records';
import type { SessionSummary } from './types';
import type { SpanBatch } from './writer';

interface MemorySession {
  summary: SessionSummary;
  spans: Map<string, SpanData>;
  bytes: number;
}

export class MemorySessions {
  readonly #sessions = new Map<string, MemorySession>();
  readonly #maxBytes: number;
  readonly #currentId: string;
  #bytes = 0;

  constructor(maxBytes: number, currentId: string) {
    this.#maxBytes = maxBytes;
    this.#currentId = currentId;
  }

  /**
   * Same contract as the database write: latest state of each span, then the summary. Returns
   * the number of the current session's spans dropped to stay within the bound (usually 0).
   */
  write(batch: SpanBatch, summary: SessionSummary): number {
    let session = this.#sessions.get(batch.sessionId);
    if (!session) {
      session = { summary, spans: new Map(), bytes: 0 };
      this.#sessions.set(batch.sessionId, session);
    }
    for (const span of batch.ended) this.#set(session, span);
    for (const span of batch.open) this.#set(session, span);
    session.summary = summary;
    return this.#trim();
  }

  list(): SessionSummary[] {
    return [...this.#sessions.values()].map((s) => s.summary);
  }

  spanIds(id: string): Set<string> {
    return new Set(this.#sessions.get(id)?.spans.keys());
  }

  /** In start order (ties by span id, like the database index). */
  spans(id: string): SpanData[] {
    const session = this.#sessions.get(id);
    if (!session) return [];
    return [...session.spans.values()].sort(byStart);
  }

  span(id: string, spanId: string): SpanData | undefined {
    return this.#sessions.get(id)?.spans.get(spanId);
  }

  has(id: string): boolean {
    return this.#sessions.has(id);
  }

  /** A newer state of a span of a session kept here; false when the session is not here. */
  replace(span: SpanData): boolean {
    const session = this.#sessions.get(span.sessionId);
    if (!session) return false;
    this.#set(session, span);
    return true;
  }

  delete(id: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#bytes -= session.bytes;
    this.#sessions.delete(id);
  }

  put(summary: SessionSummary, spans: readonly SpanData[]): void {
    this.delete(summary.id);
    const session: MemorySession = { summary, spans: new Map(), bytes: 0 };
    this.#sessions.set(summary.id, session);
    for (const span of spans) this.#set(session, span);
    this.#trim();
  }

  #set(session: MemorySession, span: SpanData): void {
    const old = session.spans.get(span.spanId);
    const delta = estimateSpanBytes(span) - (old ? estimateSpanBytes(old) : 0);
    session.spans.set(span.spanId, span);
    session.bytes += delta;
    this.#bytes += delta;
  }

  /** Back within maxBytes; returns how many of the current session's spans were dropped. */
  #trim(): number {
    if (this.#bytes <= this.#maxBytes) return 0;
    const others = [...this.#sessions.values()].filter((s) => s.summary.id !== this.#currentId);
    others.sort((a, b) => a.summary.started - b.summary.started);
    for (const session of others) {
      if (this.#bytes <= this.#maxBytes) return 0;
      this.delete(session.summary.id);
    }
    const current = this.#sessions.get(this.#currentId);
    let dropped = 0;
    if (!current) return 0;
    // Oldest written first (a Map keeps insertion order); open spans stay.
    for (const [spanId, span] of current.spans) {
      if (this.#bytes <= this.#maxBytes) break;
      if (span.endTime === undefined) continue;
      const bytes = estimateSpanBytes(span);
      current.spans.delete(spanId);
      current.bytes -= bytes;
      this.#bytes -= bytes;
      dropped++;
    }
    return dropped;
  }
}
