/**
 * The recorder: starts spans, owns them, and tells sinks about them through one event stream.
 *
 * Recording is synchronous and cheap (well under a microsecond a span); anything slow belongs in a
 * sink, which batches on its own. Nothing here throws into app code: bad values are converted or
 * dropped and counted, a throwing sink is reported and skipped.
 */
import { safeJson, setEntry, toAttributeValue, truncate } from './attributes';
import { now, toMicrosecondGrid } from './clock';
import { SpanContext } from './context';
import { newSessionId, newSpanId, newTraceId } from './ids';
import {
  EXCEPTION_EVENT,
  EXCEPTION_MESSAGE,
  EXCEPTION_STACKTRACE,
  EXCEPTION_TYPE,
  OPENINFERENCE_SPAN_KIND,
  SPANLENS_ORIGINAL_LENGTH_PREFIX,
  SPANLENS_PARENT_INFERRED,
} from './semconv';
import {
  snapshotSpan,
  SPAN_KINDS,
  type AttributeValue,
  type Attributes,
  type SpanData,
  type SpanEventRecord,
  type SpanKind,
  type SpanStatus,
  type StatusCode,
} from './span';

/** What happened to a span. `update` is coalesced: at most one per span per microtask. */
export type SpanEventType = 'start' | 'update' | 'end';

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
}

/** Counters of everything spanlens changed or refused, so nothing is lost silently. */
export interface TracerStats {
  spans: number;
  droppedSpans: number;
  droppedAttributes: number;
  convertedAttributes: number;
  truncatedAttributes: number;
  droppedEvents: number;
  sinkErrors: number;
}

const DEFAULT_MAX_ATTRIBUTE_LENGTH = 64 * 1024;
const DEFAULT_MAX_SPANS = 20_000;
const DEFAULT_MAX_EVENTS = 1_000;
const MAX_INTERNAL_ERRORS = 100;

export class Tracer {
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
    return new Span(this, NOT_RECORDING, toText(name), kind, undefined, 0);
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
    const span = new Span(this, this.sessionId, toText(name), options?.kind ?? 'chain', parent ?? undefined, startTime);
    span.attributes[OPENINFERENCE_SPAN_KIND] = OPENINFERENCE_KINDS[span.kind] ?? 'UNKNOWN';
    if (inferred) span.attributes[SPANLENS_PARENT_INFERRED] = true;
    // The start event carries these: no update needed.
    if (options?.attributes) span.initAttributes(options.attributes);
    this.emit('start', span);
    return span;
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

// Shared until the first change, to save two allocations per span. Frozen: sinks must not write.
const UNSET: SpanStatus = Object.freeze({ code: 'unset' });
const NO_EVENTS = Object.freeze([]) as unknown as SpanEventRecord[];

/** OpenInference's kind names: ours in upper case, but `http` has none there. */
const OPENINFERENCE_KINDS: Record<string, string> = Object.fromEntries(
  SPAN_KINDS.filter((kind) => kind !== 'http').map((kind) => [kind, kind.toUpperCase()]),
);

/** Session id of the spans handed out past the cap: they record nothing and emit nothing. */
const NOT_RECORDING = '';

/**
 * A span being recorded. It is its own data (it implements SpanData), so sinks read it directly;
 * its private fields are invisible to structuredClone, JSON and Object.keys.
 */
export class Span implements SpanData {
  traceId: string;
  spanId: string;
  declare parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startTime: number;
  declare endTime?: number;
  status: SpanStatus = UNSET;
  attributes: Attributes = {};
  events: SpanEventRecord[] = NO_EVENTS;
  sessionId: string;

  readonly #tracer: Tracer;
  /** Changed since the last event, and queued for an `update`. */
  #dirty = false;

  constructor(
    tracer: Tracer,
    sessionId: string,
    name: string,
    kind: SpanKind,
    parent: SpanData | undefined,
    startTime: number,
  ) {
    this.#tracer = tracer;
    this.sessionId = sessionId;
    this.name = name;
    this.kind = kind;
    this.startTime = startTime;
    if (sessionId === NOT_RECORDING) {
      this.traceId = '00000000000000000000000000000000';
      this.spanId = '0000000000000000';
      return;
    }
    this.spanId = newSpanId();
    if (parent) {
      this.traceId = parent.traceId;
      this.parentSpanId = parent.spanId;
    } else {
      this.traceId = newTraceId();
    }
  }

  /** False for spans past the session cap: every call on them is a no-op. */
  get recording(): boolean {
    return this.sessionId !== NOT_RECORDING;
  }

  get ended(): boolean {
    return this.endTime !== undefined || !this.recording;
  }

  get tracer(): Tracer {
    return this.#tracer;
  }

  setAttribute(key: string, value: unknown): this {
    if (this.ended) return this;
    this.#set(key, value);
    this.#touch();
    return this;
  }

  /** @internal Attributes given to startSpan, before the start event: no update needed. */
  initAttributes(attributes: Record<string, unknown>): void {
    if (attributes === null || typeof attributes !== 'object') return;
    this.#setAll(attributes);
  }

  setAttributes(attributes: Record<string, unknown>): this {
    if (this.ended || attributes === null || typeof attributes !== 'object') return this;
    this.#setAll(attributes);
    this.#touch();
    return this;
  }

  addEvent(name: string, attributes?: Record<string, unknown>, time?: number): this {
    if (this.ended) return this;
    const tracer = this.#tracer;
    if (this.events.length >= tracer.maxEventsPerSpan) {
      tracer.stats.droppedEvents++;
      return this;
    }
    const event: SpanEventRecord = { name: toText(name), time: time === undefined ? now() : toMicrosecondGrid(time) };
    if (attributes) event.attributes = this.#sanitize(attributes);
    if (this.events === NO_EVENTS) this.events = [event];
    else this.events.push(event);
    this.#touch();
    return this;
  }

  /** An `exception` event with type, message and stack, the OTel way. Does not set the status. */
  recordException(error: unknown, time?: number): this {
    const attributes: Record<string, unknown> = {};
    if (error instanceof Error) {
      attributes[EXCEPTION_TYPE] = error.name;
      attributes[EXCEPTION_MESSAGE] = error.message;
      if (error.stack) attributes[EXCEPTION_STACKTRACE] = error.stack;
    } else {
      attributes[EXCEPTION_TYPE] = typeof error;
      attributes[EXCEPTION_MESSAGE] = describeError(error);
    }
    return this.addEvent(EXCEPTION_EVENT, attributes, time);
  }

  setStatus(code: StatusCode, message?: string): this {
    if (this.ended) return this;
    // As in OTel: ok is final, and unset never overrides an earlier status.
    if (this.status.code === 'ok' || code === 'unset') return this;
    this.status = message === undefined || code !== 'error' ? { code } : { code, message: toText(message) };
    this.#touch();
    return this;
  }

  updateName(name: string): this {
    if (this.ended) return this;
    this.name = toText(name);
    this.#touch();
    return this;
  }

  /** Ends the span once; a second end() is ignored. */
  end(endTime?: number): void {
    if (this.ended) return;
    const end = endTime === undefined ? now() : toMicrosecondGrid(endTime);
    this.endTime = end < this.startTime ? this.startTime : end;
    if (this.#dirty) {
      this.#dirty = false;
      this.#tracer.dequeueUpdate(this);
    }
    this.#tracer.emit('end', this);
  }

  /** Plain data, as JSON.stringify and structuredClone see it anyway. */
  toJSON(): SpanData {
    return snapshotSpan(this);
  }

  /** @internal Whether the span changed since its last event; clears the mark. */
  takeDirty(): boolean {
    const dirty = this.#dirty;
    this.#dirty = false;
    return dirty;
  }

  #touch(): void {
    if (this.#dirty) return;
    this.#dirty = true;
    this.#tracer.queueUpdate(this);
  }

  #setAll(attributes: Record<string, unknown>): void {
    try {
      for (const key in attributes) this.#set(key, attributes[key]);
    } catch (error) {
      // A throwing getter or proxy in the app's object: keep what was read, never throw back.
      this.#tracer.reportError('set attributes', error);
    }
  }

  #set(key: string, value: unknown): void {
    const tracer = this.#tracer;
    if (typeof value === 'string') {
      // The hot path: most attributes are short strings.
      if (value.length > tracer.maxAttributeLength) value = this.#cut(key, value);
      // setEntry: a `__proto__` key from parsed JSON is data, never the record's prototype.
      setEntry<AttributeValue>(this.attributes, key, value as string);
      return;
    }
    let result = this.#convert(value);
    if (result === undefined) return;
    if (typeof result === 'string' && result.length > tracer.maxAttributeLength) result = this.#cut(key, result);
    else if (Array.isArray(result) && typeof result[0] === 'string') result = this.#cutEach(key, result as string[]);
    setEntry(this.attributes, key, result);
  }

  /** Any value as an attribute value, counting what had to be converted or dropped. */
  #convert(value: unknown): AttributeValue | undefined {
    const converted = toAttributeValue(value);
    const stats = this.#tracer.stats;
    if (converted.value === undefined) stats.droppedAttributes++;
    else if (converted.how === 'converted') stats.convertedAttributes++;
    return converted.value;
  }

  #cut(key: string, value: string): string {
    const tracer = this.#tracer;
    tracer.stats.truncatedAttributes++;
    this.attributes[SPANLENS_ORIGINAL_LENGTH_PREFIX + key] = value.length;
    return truncate(value, tracer.maxAttributeLength);
  }

  #cutEach(key: string, values: string[]): AttributeValue {
    const max = this.#tracer.maxAttributeLength;
    return values.some((v) => v.length > max) ? values.map((v) => (v.length > max ? this.#cut(key, v) : v)) : values;
  }

  /** Event attributes as attribute values (what a throwing getter left unread is missing). */
  #sanitize(attributes: Record<string, unknown>): Attributes {
    const out: Attributes = {};
    const tracer = this.#tracer;
    try {
      for (const key in attributes) {
        const result = this.#convert(attributes[key]);
        if (result === undefined) continue;
        const value = typeof result === 'string' && result.length > tracer.maxAttributeLength ? truncate(result, tracer.maxAttributeLength) : result;
        setEntry(out, key, value);
      }
    } catch (error) {
      tracer.reportError('event attributes', error);
    }
    return out;
  }
}

/** A name for display, whatever the app passed (a throwing toString included). */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return safeJson(error) ?? toText(error);
}
