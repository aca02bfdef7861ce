/**
 * Sessions kept in memory: the whole store when IndexedDB is unavailable, and the continuation of
 * the current session when IndexedDB stopped accepting writes (quota, another tab upgrading).
 * Lost on reload, which the store's state says.
 */
import type { SpanData } from '../core/span';
import { byStart } from './records';
import type { SessionSummary } from './types';
import type { SpanBatch } from './writer';

interface MemorySession {
  summary: SessionSummary;
  spans: Map<string, SpanData>;
}

export class MemorySessions {
  readonly #sessions = new Map<string, MemorySession>();

  /** Same contract as the database write: latest state of each span, then the summary. */
  write(batch: SpanBatch, summary: SessionSummary): void {
    let session = this.#sessions.get(batch.sessionId);
    if (!session) {
      session = { summary, spans: new Map() };
      this.#sessions.set(batch.sessionId, session);
    }
    for (const span of batch.ended) session.spans.set(span.spanId, span);
    for (const span of batch.open) session.spans.set(span.spanId, span);
    session.summary = summary;
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

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  put(summary: SessionSummary, spans: readonly SpanData[]): void {
    this.#sessions.set(summary.id, { summary, spans: new Map(spans.map((s) => [s.spanId, s])) });
  }
}
