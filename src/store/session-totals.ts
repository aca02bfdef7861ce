/**
 * The running totals of one session (core/totals.ts, plus bytes stored), kept incrementally as
 * span events arrive so a session summary never needs a scan of its spans.
 */
import type { SpanData } from '../core/span';
import { addTotals, emptyTotals, spanTotals, type Totals } from '../core/totals';
import type { SpanEventType } from '../core/tracer';
import type { SessionSummary } from './types';

/** Where the session ran; read when a summary is written. */
export interface PageInfo {
  url: string;
  title: string;
  userAgent: string;
}

export class SessionTotals {
  readonly id: string;
  started: number | undefined;
  /**
   * Every span seen counts in `spans`; the rest of a span's totals (core/totals.ts) is added when
   * it ends (once: end() emits once), because usage and cost are final only then.
   */
  readonly #totals = emptyTotals();
  #bytes = 0;
  /** Estimated size of each span's last written record (0 until written). */
  readonly #sizes = new Map<string, number>();
  readonly #open = new Set<string>();

  constructor(id: string) {
    this.id = id;
  }

  /** Count a span event. A span first seen at its end (recorded before we subscribed) counts once. */
  observe(type: SpanEventType, span: SpanData): void {
    const id = span.spanId;
    if (!this.#sizes.has(id)) {
      this.#sizes.set(id, 0);
      this.#totals.spans++;
      if (type !== 'end') this.#open.add(id);
      if (this.started === undefined || span.startTime < this.started) this.started = span.startTime;
    }
    if (type !== 'end') return;
    this.#open.delete(id);
    addTotals(this.#totals, { ...spanTotals(span), spans: 0, open: 0 });
  }

  /** A span's record was written with this estimated size. */
  written(spanId: string, bytes: number): void {
    this.#bytes += bytes - (this.#sizes.get(spanId) ?? 0);
    this.#sizes.set(spanId, bytes);
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The session's totals now (open: the spans not ended yet). */
  totals(): Totals {
    return { ...this.#totals, open: this.#open.size };
  }

  summary(page: PageInfo, lastSeen: number): SessionSummary {
    return {
      id: this.id,
      started: this.started ?? lastSeen,
      lastSeen,
      url: page.url,
      title: page.title,
      userAgent: page.userAgent,
      ...summaryTotals(this.totals()),
      bytes: this.#bytes,
    };
  }
}

/** A session summary's totals fields, from totals. */
export function summaryTotals(totals: Totals): Pick<SessionSummary, 'spanCount' | 'errorCount' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'openSpans'> {
  return {
    spanCount: totals.spans,
    errorCount: totals.errors,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: totals.cost,
    openSpans: totals.open,
  };
}
