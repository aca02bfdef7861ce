/**
 * Spans recorded in one worker, added to the page's tracer as they arrive (page-bridge.ts gets
 * them): each becomes a page Span with the worker's ids, times and data, so the panel, the store
 * and exports treat it like any other, plus where it came from (`spanlens.worker.*`).
 *
 * What arrives is another thread's data: every value goes through the Span's own setters (the
 * page's bounds, conversion and redaction apply), and a span is added at most once; events that
 * arrive for a span already ended are ignored.
 */
import { Span, type Tracer } from '../../core/tracer';
import * as sem from '../../core/semconv';
import { SPAN_KINDS, type SpanData, type SpanKind } from '../../core/span';
import type { WorkerType } from './protocol';

export interface WorkerInfo {
  type: WorkerType;
  url: string;
  name: string;
}

/** Span ids kept to recognise a repeated or late event; open spans are always kept. */
const MAX_ENDED_IDS = 1000;

export class WorkerSpans {
  readonly #tracer: Tracer;
  readonly #origin: Record<string, string>;
  readonly #open = new Map<string, Span>();
  readonly #ended = new Set<string>();

  constructor(tracer: Tracer, worker: WorkerInfo) {
    this.#tracer = tracer;
    this.#origin = { [sem.SPANLENS_WORKER_TYPE]: worker.type, [sem.SPANLENS_WORKER_URL]: worker.url };
    if (worker.name) this.#origin[sem.SPANLENS_WORKER_NAME] = worker.name;
  }

  /** One `{ type, span }` message from the worker. */
  take(message: { type?: unknown; span?: unknown } | null | undefined): void {
    const data = message?.span as SpanData | undefined;
    if (!data || typeof data.spanId !== 'string' || typeof data.traceId !== 'string' || this.#ended.has(data.spanId)) return;
    const span = this.#open.get(data.spanId) ?? this.#start(data);
    if (!span) return;
    this.#copy(span, data);
    if (message?.type === 'end' || typeof data.endTime === 'number') {
      this.#open.delete(data.spanId);
      this.#ended.add(data.spanId);
      if (this.#ended.size > MAX_ENDED_IDS) this.#ended.delete(this.#ended.values().next().value as string);
      span.end(typeof data.endTime === 'number' ? data.endTime : undefined);
    }
  }

  #start(data: SpanData): Span | undefined {
    const tracer = this.#tracer;
    if (tracer.stats.spans >= tracer.maxSpans) {
      tracer.stats.droppedSpans++;
      return undefined;
    }
    tracer.stats.spans++;
    const kind: SpanKind = SPAN_KINDS.includes(data.kind) ? data.kind : 'chain';
    const startTime = typeof data.startTime === 'number' ? data.startTime : Date.now();
    const span = new Span(tracer, tracer.sessionId, String(data.name), kind, undefined, startTime, true);
    // The worker's ids: its spans keep their trace, parent and any traceparent it sent.
    span.traceId = data.traceId;
    span.spanId = data.spanId;
    if (typeof data.parentSpanId === 'string') span.parentSpanId = data.parentSpanId;
    span.initAttributes({ ...(data.attributes as Record<string, unknown>), ...this.#origin });
    tracer.emit('start', span);
    this.#open.set(data.spanId, span);
    return span;
  }

  /** The latest state: name, attributes, new events, status. */
  #copy(span: Span, data: SpanData): void {
    if (typeof data.name === 'string' && data.name !== span.name) span.updateName(data.name);
    if (data.attributes && typeof data.attributes === 'object') span.setAttributes({ ...(data.attributes as Record<string, unknown>), ...this.#origin });
    const events = Array.isArray(data.events) ? data.events : [];
    for (let i = span.events.length; i < events.length; i++) span.addEvent(String(events[i]?.name), events[i]?.attributes, events[i]?.time);
    const status = data.status;
    if (status && (status.code === 'error' || status.code === 'ok')) span.setStatus(status.code, status.message);
  }
}
