/**
 * A span being recorded: the live object recorders hold and sinks read. The Tracer (tracer.ts)
 * creates spans and owns their event stream; a span only needs the few things of SpanOwner, so
 * this file does not import the tracer.
 */
import { describeError, setOwn, toAttributeValue, toText, truncate } from './attributes';
import { now, toMicrosecondGrid } from './clock';
import { newSpanId, newTraceId } from './ids';
import {
  EXCEPTION_EVENT,
  EXCEPTION_MESSAGE,
  EXCEPTION_STACKTRACE,
  EXCEPTION_TYPE,
  SPANLENS_ORIGINAL_LENGTH_PREFIX,
} from './semconv';
import {
  snapshotSpan,
  type AttributeValue,
  type Attributes,
  type SpanData,
  type SpanEventRecord,
  type SpanKind,
  type SpanLink,
  type SpanStatus,
  type StatusCode,
} from './span';

/**
 * What happened to a span. `update` is coalesced: at most one per span per microtask. `annotate`
 * comes after `end`: an ended span got an event (a feedback score) through Tracer.annotate(); the
 * span it carries is a read-only copy holding the new state (the ended original stays as it was).
 */
export type SpanEventType = 'start' | 'update' | 'end' | 'annotate';

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

/** What a span needs of the tracer that made it (the Tracer implements this). */
export interface SpanOwner {
  readonly stats: TracerStats;
  readonly maxAttributeLength: number;
  readonly maxEventsPerSpan: number;
  emit(type: SpanEventType, span: Span): void;
  queueUpdate(span: Span): void;
  dequeueUpdate(span: Span): void;
  reportError(where: string, error: unknown): void;
}

// Shared until the first change, to save two allocations per span. Frozen: sinks must not write.
const UNSET: SpanStatus = Object.freeze({ code: 'unset' });
const NO_EVENTS = Object.freeze([]) as unknown as SpanEventRecord[];

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
  declare links?: SpanLink[];
  sessionId: string;

  readonly #tracer: SpanOwner;
  /** False for spans handed out past the session cap: they record nothing and emit nothing. */
  readonly #recording: boolean;
  /** Changed since the last event, and queued for an `update`. */
  #dirty = false;

  constructor(
    owner: SpanOwner,
    sessionId: string,
    name: string,
    kind: SpanKind,
    parent: SpanData | undefined,
    startTime: number,
    recording: boolean,
  ) {
    this.#tracer = owner;
    this.#recording = recording;
    this.sessionId = sessionId;
    this.name = name;
    this.kind = kind;
    this.startTime = startTime;
    if (!recording) {
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
    return this.#recording;
  }

  get ended(): boolean {
    return this.endTime !== undefined || !this.recording;
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

  /** Point at another span (a replay at its original). Bounded like events. */
  addLink(link: SpanLink): this {
    if (this.ended) return this;
    const links = (this.links ??= []);
    if (links.length >= this.#tracer.maxEventsPerSpan) {
      this.#tracer.stats.droppedEvents++;
      return this;
    }
    const copy: SpanLink = { traceId: toText(link.traceId), spanId: toText(link.spanId) };
    if (link.attributes) copy.attributes = this.#sanitize(link.attributes);
    links.push(copy);
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

  /**
   * @internal A read-only (ended) copy of `data` with one more event: what Tracer.annotate() emits
   * for a span that ended, or one known only as data (stored, imported).
   */
  static annotatedCopy(owner: SpanOwner, data: SpanData, name: string, attributes: Record<string, unknown>, time?: number): Span {
    const copy = new Span(owner, data.sessionId, data.name, data.kind, undefined, data.startTime, true);
    const snapshot = snapshotSpan(data);
    copy.traceId = snapshot.traceId;
    copy.spanId = snapshot.spanId;
    if (snapshot.parentSpanId !== undefined) copy.parentSpanId = snapshot.parentSpanId;
    if (snapshot.links) copy.links = snapshot.links;
    copy.status = snapshot.status;
    copy.attributes = snapshot.attributes;
    copy.events = snapshot.events;
    copy.events.push({ name: toText(name), time: time === undefined ? now() : toMicrosecondGrid(time), attributes: sanitizeAttributes(owner, attributes) });
    // Ended from here on: every setter is a no-op. A span that never ended keeps its last moment.
    copy.endTime = snapshot.endTime ?? Math.max(snapshot.startTime, ...snapshot.events.map((e) => e.time));
    return copy;
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
      setOwn(this.attributes, key, value as string);
      return;
    }
    let result = this.#convert(value);
    if (result === undefined) return;
    if (typeof result === 'string' && result.length > tracer.maxAttributeLength) result = this.#cut(key, result);
    else if (Array.isArray(result) && typeof result[0] === 'string') result = this.#cutEach(key, result as string[]);
    setOwn(this.attributes, key, result);
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

  #sanitize(attributes: Record<string, unknown>): Attributes {
    return sanitizeAttributes(this.#tracer, attributes);
  }
}

/** Event and link attributes as attribute values (what a throwing getter left unread is missing). */
function sanitizeAttributes(tracer: SpanOwner, attributes: Record<string, unknown>): Attributes {
  const out: Attributes = {};
  const stats = tracer.stats;
  try {
    for (const key in attributes) {
      const converted = toAttributeValue(attributes[key]);
      const result = converted.value;
      if (result === undefined) {
        stats.droppedAttributes++;
        continue;
      }
      if (converted.how === 'converted') stats.convertedAttributes++;
      setOwn(out, key, typeof result === 'string' && result.length > tracer.maxAttributeLength ? truncate(result, tracer.maxAttributeLength) : result);
    }
  } catch (error) {
    tracer.reportError('event attributes', error);
  }
  return out;
}
