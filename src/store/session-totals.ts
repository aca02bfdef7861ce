/**
 * The running totals of one session (span, error, open-span counts, tokens, cost, bytes), kept
 * incrementally as span events arrive so a session summary never needs a scan of its spans.
 */
import { GEN_AI_USAGE_INPUT_TOKENS, GEN_AI_USAGE_OUTPUT_TOKENS, SPANLENS_COST_USD } from '../core/semconv';
import type { SpanData } from '../core/span';
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
  #spanCount = 0;
  #errorCount = 0;
  #inputTokens = 0;
  #outputTokens = 0;
  #costUsd = 0;
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
      this.#spanCount++;
      if (type !== 'end') this.#open.add(id);
      if (this.started === undefined || span.startTime < this.started) this.started = span.startTime;
    }
    if (type !== 'end') return;
    // Totals change only when a span ends (once: end() emits once): usage and cost are final then.
    this.#open.delete(id);
    if (span.status.code === 'error') this.#errorCount++;
    this.#inputTokens += numberAttribute(span, GEN_AI_USAGE_INPUT_TOKENS);
    this.#outputTokens += numberAttribute(span, GEN_AI_USAGE_OUTPUT_TOKENS);
    this.#costUsd += numberAttribute(span, SPANLENS_COST_USD);
  }

  /** A span's record was written with this estimated size. */
  written(spanId: string, bytes: number): void {
    this.#bytes += bytes - (this.#sizes.get(spanId) ?? 0);
    this.#sizes.set(spanId, bytes);
  }

  get bytes(): number {
    return this.#bytes;
  }

  summary(page: PageInfo, lastSeen: number): SessionSummary {
    return {
      id: this.id,
      started: this.started ?? lastSeen,
      lastSeen,
      url: page.url,
      title: page.title,
      userAgent: page.userAgent,
      spanCount: this.#spanCount,
      errorCount: this.#errorCount,
      inputTokens: this.#inputTokens,
      outputTokens: this.#outputTokens,
      costUsd: this.#costUsd,
      openSpans: this.#open.size,
      bytes: this.#bytes,
    };
  }
}

function numberAttribute(span: SpanData, key: string): number {
  const value = span.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
