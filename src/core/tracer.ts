/**
 * The recorder: starts spans, owns them, and tells sinks about them through one event stream.
 *
 * Recording is synchronous and cheap (well under a microsecond a span); anything slow belongs in a
 * sink, which batches on its own. Nothing here throws into app code: bad values are converted or
 * dropped and counted, a throwing sink is reported and skipped.
 */
import { describeError, toText } from './attributes';
import { now, toMicrosecondGrid } from './clock';
import { SpanContext } from './context';
import { newSessionId } from './ids';
import { Span, type SpanEventType, type SpanOwner, type TracerStats } from './live-span';
import { OPENINFERENCE_SPAN_KIND, SPANLENS_PARENT_INFERRED } from './semconv';
import type { SpanData, SpanEventRecord, SpanKind } from './span';

export { Span, describeError };
export type { SpanEventType, TracerStats };

/** A sink. It gets the live span: read it, snapshot it (`snapshotSpan`), never change it. */
export type SpanListener = (type: SpanEventType, span: Span) => void;

/** Something went wrong inside spanlens; the panel shows these. */
export interface InternalError {
  time: number;
  where: string;
  message: string;
}
export type ErrorListener = (error: InternalError) => void;

export interface TracerConfig {
  /** Strings longer than this many characters are cut with a marker. Default 64 KiB. */
  maxAttributeLength?: number;
  /** Spans after this many in one session are dropped and counted. Default 20,000. */
  maxSpans?: number;
  /** Events per span kept; later ones are dropped and counted. Default 1,000. */
  maxEventsPerSpan?: number;
  sessionId?: string;
  /** Record prompts, completions, tool arguments and results. Off: metadata only. Default on. */
  captureContent?: boolean;
  /** Called on the span before every event reaches the sinks: mask PII here. */
  redact?: (span: Span) => void;
  context?: SpanContext;
}

export interface StartSpanOptions {
  kind?: SpanKind;
  /** A span (or its data) to nest under; `null` starts a new trace even inside a scope. */
  parent?: SpanData | null;
  attributes?: Record<string, unknown>;
  /** Epoch milliseconds; defaults to now. */
  startTime?: number;
  /**
   * Ids chosen before the span started, because they already left in a traceparent (a request
   * that only its response shows to be an LLM call). Used only for a span with no parent.
   */
  ids?: { traceId: string; spanId: string };
}

const DEFAULT_MAX_ATTRIBUTE_LENGTH = 64 * 1024;
const DEFAULT_MAX_SPANS = 20_000;
const DEFAULT_MAX_EVENTS = 1_000;
const MAX_INTERNAL_ERRORS = 100;
/** Annotated copies remembered to build the next annotation on (bounded; the oldest go). */
const MAX_ANNOTATED = 500;

/** OpenInference's kind names (Phoenix reads these); `http` has none there. */
const OPENINFERENCE_KINDS: Record<SpanKind, string | undefined> = {
  llm: 'LLM',
  tool: 'TOOL',
  retriever: 'RETRIEVER',
  reranker: 'RERANKER',
  embedding: 'EMBEDDING',
  chain: 'CHAIN',
  agent: 'AGENT',
  http: undefined,
};

export class Tracer implements SpanOwner {
  readonly sessionId: string;
  readonly context: SpanContext;
  readonly stats: TracerStats = {
    spans: 0,
    droppedSpans: 0,
    droppedAttributes: 0,
    convertedAttributes: 0,
    truncatedAttributes: 0,
    droppedEvents: 0,
    sinkErrors: 0,
  };
  /** The latest internal errors, oldest first (bounded). */
  readonly errors: InternalError[] = [];

  maxAttributeLength: number;
  maxSpans: number;
  maxEventsPerSpan: number;
  captureContent: boolean;
  redact: ((span: Span) => void) | undefined;

  #listeners: SpanListener[] = [];
  #errorListeners: ErrorListener[] = [];
  #pendingUpdates: Span[] = [];
  /** The events of the newest annotated copy of recently annotated ended spans, by session and span id. */
  #annotatedEvents = new Map<string, SpanEventRecord[]>();
  /** Events for spans of this session that were still running when annotated as data (see annotate()). */
  readonly #pendingAnnotations = new Map<string, Array<{ name: string; attributes: Record<string, unknown>; time: number | undefined }>>();
  #flushScheduled = false;

  constructor(config: TracerConfig = {}) {
    this.sessionId = config.sessionId ?? newSessionId();
    this.context = config.context ?? new SpanContext();
    this.maxAttributeLength = config.maxAttributeLength ?? DEFAULT_MAX_ATTRIBUTE_LENGTH;
    this.maxSpans = config.maxSpans ?? DEFAULT_MAX_SPANS;
    this.maxEventsPerSpan = config.maxEventsPerSpan ?? DEFAULT_MAX_EVENTS;
    this.captureContent = config.captureContent ?? true;
    this.redact = config.redact;
  }

  /** Subscribe a sink; returns the unsubscribe function. */
  subscribe(listener: SpanListener): () => void {
    // Copy on write: emit() iterates the array it read, so (un)subscribing inside a sink is safe.
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  onError(listener: ErrorListener): () => void {
    this.#errorListeners = [...this.#errorListeners, listener];
    return () => {
      this.#errorListeners = this.#errorListeners.filter((l) => l !== listener);
    };
  }

  /** A span that records nothing: handed out past the cap, or when recording itself failed. */
  nonRecordingSpan(name: string, kind: SpanKind = 'chain'): Span {
    return new Span(this, this.sessionId, toText(name), kind, undefined, 0, false);
  }

  startSpan(name: string, options?: StartSpanOptions): Span {
    if (this.stats.spans >= this.maxSpans) {
      this.stats.droppedSpans++;
      return this.nonRecordingSpan(name, options?.kind);
    }
    this.stats.spans++;
    let parent: SpanData | null | undefined = options?.parent;
    let inferred = false;
    if (parent === undefined) {
      const active = this.context.active();
      parent = active.span;
      inferred = active.inferred;
    }
    const startTime = options?.startTime === undefined ? now() : toMicrosecondGrid(options.startTime);
    const span = new Span(this, this.sessionId, toText(name), options?.kind ?? 'chain', parent ?? undefined, startTime, true);
    if (options?.ids && !parent) {
      span.traceId = options.ids.traceId;
      span.spanId = options.ids.spanId;
    }
    span.attributes[OPENINFERENCE_SPAN_KIND] = OPENINFERENCE_KINDS[span.kind] ?? 'UNKNOWN';
    if (inferred) span.attributes[SPANLENS_PARENT_INFERRED] = true;
    // The start event carries these: no update needed.
    if (options?.attributes) span.initAttributes(options.attributes);
    this.emit('start', span);
    return span;
  }

  /**
   * Add an event to a span whatever its state: an open live span gets it as any event; an ended
   * one (or one known only as data: stored, imported) is read-only, so sinks get an `annotate`
   * event carrying a copy with the event added, and keep that copy (the store persists it).
   * A later annotation of the same span builds on the newest copy, so none is lost (a score
   * after a paint mark keeps both). Returns the span that now holds the event.
   */
  annotate(target: SpanData, name: string, attributes: Record<string, unknown>, time?: number): SpanData {
    if (target instanceof Span && !target.ended) {
      target.addEvent(name, attributes, time);
      return target;
    }
    if (target.endTime === undefined && target.sessionId === this.sessionId && !(target instanceof Span)) {
      // Still running here, but known only as data (the panel's copy, a store read): the event
      // goes on when the span ends, as one `annotate` right after its `end`.
      const pending = this.#pendingAnnotations.get(target.spanId) ?? [];
      pending.push({ name, attributes, time });
      this.#pendingAnnotations.set(target.spanId, pending);
      return target;
    }
    // Only the events are remembered (a span's attributes may be large; they do not change).
    const key = `${target.sessionId} ${target.spanId}`;
    const events = this.#annotatedEvents.get(key);
    const base = events ? { ...target, events } : target;
    const copy = Span.annotatedCopy(this, base, name, attributes, time);
    this.#annotatedEvents.delete(key);
    this.#annotatedEvents.set(key, copy.events);
    if (this.#annotatedEvents.size > MAX_ANNOTATED) this.#annotatedEvents.delete(this.#annotatedEvents.keys().next().value as string);
    this.emit('annotate', copy);
    return copy;
  }

  #applyPendingAnnotations(span: Span): void {
    const pending = this.#pendingAnnotations.get(span.spanId);
    if (!pending) return;
    this.#pendingAnnotations.delete(span.spanId);
    for (const { name, attributes, time } of pending) this.annotate(span, name, attributes, time);
  }

  /** Report a failure inside spanlens (never thrown to the app). */
  reportError(where: string, error: unknown): void {
    const entry: InternalError = { time: Date.now(), where, message: describeError(error) };
    this.errors.push(entry);
    if (this.errors.length > MAX_INTERNAL_ERRORS) this.errors.shift();
    for (const listener of this.#errorListeners) {
      try {
        listener(entry);
      } catch {
        // An error listener that throws has nowhere left to report to.
      }
    }
  }

  /** @internal Called by Span. */
  emit(type: SpanEventType, span: Span): void {
    if (this.redact) {
      try {
        this.redact(span);
      } catch (error) {
        this.reportError('redact hook', error);
      }
    }
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](type, span);
      } catch (error) {
        this.stats.sinkErrors++;
        this.reportError('span listener', error);
      }
    }
    if (type === 'end' && this.#pendingAnnotations.size > 0) this.#applyPendingAnnotations(span);
  }

  /** @internal An open span changed: emit one `update` for it in a microtask. */
  queueUpdate(span: Span): void {
    this.#pendingUpdates.push(span);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(this.#flushUpdates);
    }
  }

  /**
   * @internal The span ended before its update went out. The usual case (start, annotate, end in
   * one go) leaves it last in the queue: drop it there, so a burst of synchronous spans does not
   * keep them all alive until the microtask.
   */
  dequeueUpdate(span: Span): void {
    const pending = this.#pendingUpdates;
    if (pending[pending.length - 1] === span) pending.pop();
  }

  #flushUpdates = (): void => {
    const spans = this.#pendingUpdates;
    this.#pendingUpdates = [];
    this.#flushScheduled = false;
    for (const span of spans) {
      // An ended span already sent its final state with `end`.
      if (span.takeDirty() && span.endTime === undefined) this.emit('update', span);
    }
  };
}
