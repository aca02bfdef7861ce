/**
 * One LLM request and its answer as one `llm` span, whatever carried it: the fetch wrapper
 * (fetch/llm-call.ts) and the XMLHttpRequest recorder (xhr/) both feed it text.
 *
 *   start ──► request body parsed ──► response head ──┬─ HTTP error: errorBody(text), end
 *                                                     ├─ JSON: jsonBody(text), end
 *                                                     └─ stream: stream() observer, live updates,
 *                                                        end at the final byte / abort / app cancel
 * A transport calls responseHead() with the status and content type, then one of the three.
 * Every method is called inside the transport's try/catch: a failure here is reported, never thrown.
 */
import { now } from '../core/clock';
import * as sem from '../core/semconv';
import type { Span, Tracer } from '../core/tracer';
import { frameThrottle } from './streams/frame-throttle';
import type { ModelPrice } from './prices';
import { sniffFormat, type Detected } from './providers/detect';
import { parseJson } from './providers/json';
import { plainText } from './providers/plain-text';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type StreamAccumulator } from './providers/types';
import { recordOutcome, recordOutputMessages, recordRequest } from './llm-attributes';
import { scrubSecrets } from './secrets';
import type { BodyText } from './fetch/outgoing-request';
import { NdjsonParser, RawTextFraming, SseParser, type StreamEvent, type StreamFraming } from './streams/event-framing';
import type { TapObserver } from './streams/tap';
import { rememberToolCalls } from './api/tool-call-links';

const ABORTED_BY_APP = 'aborted by the app';

/** Characters of an unparseable body kept on the span. */
const EXCERPT_LENGTH = 1000;

export interface LlmCallContext {
  tracer: Tracer;
  span: Span;
  detected: Detected;
  prices: Readonly<Record<string, ModelPrice>>;
  /** The secret values this request carries, scrubbed from anything we record. */
  secrets: readonly string[];
  /** The app aborted the request (an AbortError, or its signal is aborted). */
  aborted(error: unknown): boolean;
  /** Who carried the request, for error reports: `fetch` (the default), `xhr`... */
  transport?: string;
}

/** A stream's observer, which can also tell whether the provider's final event has come. */
export interface StreamObserver extends TapObserver {
  complete(): boolean;
}

/** How to read a response body, decided from its head. */
export type BodyPlan = { read: 'error' } | { read: 'json' } | { read: 'stream'; contentType: string };

export class LlmExchange {
  readonly #tracer: Tracer;
  readonly #span: Span;
  readonly #context: LlmCallContext;
  /** The wire format; a guessed one may be corrected by the first payload. */
  #format: ApiFormat;
  readonly #certain: boolean;
  readonly #capture: boolean;
  readonly #transport: string;
  /** The parsed request body, kept to re-read it if the response shows another format. */
  #requestBody: unknown;
  /** The request asked for a stream (decides how to read a response without a content type). */
  #requestStream = false;
  /** Settles when the request body has been read (a Blob or a Request is read asynchronously). */
  #requestRead: Promise<void> | undefined;

  constructor(context: LlmCallContext) {
    this.#tracer = context.tracer;
    this.#span = context.span;
    this.#context = context;
    this.#format = context.detected.format;
    this.#certain = context.detected.certain;
    this.#capture = context.tracer.captureContent;
    this.#transport = context.transport ?? 'fetch';
    this.#span.setAttribute(sem.SPANLENS_API_FORMAT, this.#format.id);
  }

  /** The request body, as readBodyText (outgoing-request.ts) found it. */
  takeRequestBody(body: BodyText): void {
    if (typeof body === 'string') this.#parseRequest(body);
    else if (body && 'unreadable' in body) this.#note(body.unreadable);
    else if (body) {
      this.#requestRead = body.then(
        (text) => this.#guard('request body', () => this.#parseRequest(text)),
        (error: unknown) => this.#tracer.reportError(`${this.#transport}: reading request body`, error),
      );
    }
  }

  #parseRequest(text: string): void {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      this.#note('request body is not JSON');
      return;
    }
    this.#requestBody = parsed.value;
    const request = this.#format.parseRequest(parsed.value);
    this.#requestStream = request.stream;
    recordRequest(this.#span, request, this.#capture);
  }

  /** The response head arrived: record the status, and say how the body is to be read. */
  responseHead(status: number, contentType: string, hasBody: boolean): BodyPlan {
    this.#span.setAttribute(sem.HTTP_RESPONSE_STATUS_CODE, status);
    if (status < 200 || status > 299) return { read: 'error' };
    // A server that streams without saying so (no type, or a generic one): trust the request.
    if (this.#requestStream && (contentType === '' || contentType.startsWith('application/octet-stream'))) contentType = 'text/event-stream';
    if (hasBody && isStream(contentType)) return { read: 'stream', contentType };
    return { read: 'json' };
  }

  /** The request failed before the response head: network failure, abort, timeout. */
  failed(error: unknown): void {
    const aborted = this.#context.aborted(error);
    this.#failWith(error, aborted ? 'aborted' : undefined, aborted ? ABORTED_BY_APP : undefined);
    this.#span.end(now());
  }

  // --- JSON and error bodies -----------------------------------------------------------------

  /** Reading a whole body failed: the app aborted while it downloaded, or the network failed. */
  bodyFailed(error: unknown): void {
    this.#guard('response body', () => {
      this.#failWith(error, isAbort(error) ? 'aborted' : undefined);
      this.#span.end(now());
    });
  }

  /** The whole body of a successful answer. */
  jsonBody(text: string): void {
    this.#guard('response body', () => this.#json(text));
  }

  /** The whole body of an HTTP error. */
  errorBody(status: number, text: string): void {
    this.#guard('response body', () => this.#httpError(status, text));
  }

  #json(text: string): void {
    const end = now();
    const parsed = parseJson(text);
    let outcome: LlmOutcome;
    if (parsed.ok) {
      this.#maybeSwitchFormat(parsed.value);
      outcome = this.#format.parseResponse(parsed.value);
    } else {
      outcome = emptyOutcome();
      outcome.parseErrors.push(`response body is not JSON (${parsed.error})`);
    }
    if (outcome.parseErrors.length > 0) this.#excerpt(text);
    this.#finish(outcome, end);
  }

  #httpError(status: number, text: string): void {
    const end = now();
    const parsed = parseJson(text);
    const error = parsed.ok ? this.#format.parseError(parsed.value) : undefined;
    if (!error) this.#excerpt(text);
    const message = error?.message ? `HTTP ${status}: ${error.message}` : `HTTP ${status}`;
    this.#fail(error?.type ?? String(status), this.#scrub(message));
    this.#span.end(end);
  }

  // --- streams -------------------------------------------------------------------------------

  /** What watches a streamed body: its text as it arrives, and how it ended. */
  stream(contentType: string): StreamObserver {
    const plain = contentType.includes('text/plain');
    const framing: StreamFraming = plain ? new RawTextFraming() : contentType.includes('ndjson') ? new NdjsonParser() : new SseParser();
    let accumulator: StreamAccumulator | undefined = plain ? plainText.createStream() : undefined;
    let firstOutput = false;
    let events = 0;
    /** The span ended: at the format's last event, or with the body. */
    let closed = false;
    /** The start of the stream, kept for an excerpt if it cannot be understood. */
    let head = '';
    const live = frameThrottle(() => this.#guard('live update', () => recordOutputMessages(this.#span, accumulator!.outcome(), this.#capture)));

    const take = (taken: StreamEvent[]) => {
      for (const event of taken) {
        events++;
        if (!accumulator) {
          if (!this.#certain) this.#maybeSwitchFormat(firstPayload(event));
          accumulator = this.#format.createStream();
        }
        if (accumulator.push(event) && !firstOutput) {
          firstOutput = true;
          const time = now();
          this.#span.addEvent(sem.EVENT_FIRST_TOKEN, undefined, time);
          // Seconds, on the same microsecond grid as span times.
          this.#span.setAttribute(sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, Math.round((time - this.#span.startTime) * 1000) / 1e6);
        }
      }
      if (accumulator?.finished?.()) close('end');
      else if (firstOutput && this.#capture) live.request();
    };
    const close = (how: 'end' | 'aborted' | 'cancelled' | 'failed', error?: unknown) => {
      if (closed) return;
      closed = true;
      const end = now();
      live.cancel();
      const outcome = accumulator?.outcome() ?? emptyOutcome();
      this.#span.setAttribute(sem.SPANLENS_STREAM_EVENTS, events);
      if (how === 'end' && plain) outcome.complete = true;
      // Not a stream we know (an app's own protocol): say so, without calling it a failure.
      const unknown = how === 'end' && !recognised(outcome);
      if (unknown) outcome.parseErrors.push(`stream not recognised as ${this.#format.id}`);
      if (outcome.parseErrors.length > 0) this.#excerpt(head);
      if (!unknown) {
        if (how !== 'end' || !outcome.complete) this.#span.setAttribute(sem.SPANLENS_INCOMPLETE, true);
        if (how === 'aborted') this.#fail('aborted', ABORTED_BY_APP);
        else if (how === 'cancelled') this.#fail('aborted', 'response body cancelled by the app');
        else if (how === 'failed') this.#failWith(error);
        else if (!outcome.complete && !outcome.error) this.#fail('incomplete', 'stream ended before its final event');
      }
      this.#finish(outcome, end);
    };

    return {
      text: (text) =>
        this.#guard('stream', () => {
          if (closed) return;
          if (head.length < EXCERPT_LENGTH) head += text.slice(0, EXCERPT_LENGTH - head.length);
          take(framing.push(text));
        }),
      end: () => this.#guard('stream end', () => {
        if (!closed) take(framing.end());
        close('end');
      }),
      error: (error) => this.#guard('stream error', () => close(isAbort(error) ? 'aborted' : 'failed', error)),
      cancel: () => this.#guard('stream cancel', () => close('cancelled')),
      complete: () => accumulator?.outcome().complete === true,
    };
  }

  // --- shared --------------------------------------------------------------------------------

  /** An app-named endpoint: the first payload may show the format was guessed wrong. */
  #maybeSwitchFormat(payload: unknown): void {
    if (this.#certain) return;
    const sniffed = sniffFormat(payload);
    if (!sniffed || sniffed === this.#format) return;
    this.#format = sniffed;
    this.#span.setAttributes({ [sem.SPANLENS_API_FORMAT]: sniffed.id, [sem.GEN_AI_PROVIDER_NAME]: this.#context.detected.hostProvider ?? sniffed.defaultProvider });
    if (this.#requestBody !== undefined) recordRequest(this.#span, sniffed.parseRequest(this.#requestBody), this.#capture);
  }

  #finish(outcome: LlmOutcome, end: number): void {
    const complete = () => {
      recordOutcome(this.#span, outcome, this.#capture, this.#context.prices);
      if (outcome.error) this.#fail(outcome.error.type ?? 'provider_error', this.#scrub(outcome.error.message));
      rememberToolCalls(this.#tracer, this.#span, outcome.messages);
      this.#span.end(end);
    };
    // The request model is the cost fallback: wait for a request body still being read.
    if (this.#requestRead) void this.#requestRead.then(() => this.#guard('finish', complete));
    else complete();
  }

  #fail(type: string, message: string): void {
    this.#span.setAttribute(sem.ERROR_TYPE, type);
    this.#span.setStatus('error', message);
  }

  #note(note: string): void {
    const previous = this.#span.attributes[sem.SPANLENS_PARSE_ERROR];
    this.#span.setAttribute(sem.SPANLENS_PARSE_ERROR, typeof previous === 'string' ? `${previous}; ${note}` : note);
  }

  #excerpt(text: string): void {
    this.#span.setAttribute(sem.SPANLENS_RESPONSE_BODY_EXCERPT, this.#scrub(text.slice(0, EXCERPT_LENGTH)));
  }

  /**
   * Failed with an exception: an exception event, with secrets scrubbed from message and stack (a
   * URL may be in them), and the error status (type and message default to the exception's).
   */
  #failWith(error: unknown, type = errorName(error), message?: string): void {
    const attributes: Record<string, unknown> = {
      [sem.EXCEPTION_TYPE]: errorName(error),
      [sem.EXCEPTION_MESSAGE]: this.#scrub(errorMessage(error)),
    };
    if (error instanceof Error && error.stack) attributes[sem.EXCEPTION_STACKTRACE] = this.#scrub(error.stack);
    this.#span.addEvent(sem.EXCEPTION_EVENT, attributes);
    this.#fail(type, message ?? (attributes[sem.EXCEPTION_MESSAGE] as string));
  }

  #scrub(text: string): string {
    return scrubSecrets(text, this.#context.secrets);
  }

  #guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#tracer.reportError(`${this.#transport}: ${where}`, error);
      // A span we can no longer fill in correctly is still closed, so it does not stay open forever.
      try {
        this.#span.end();
      } catch {
        // nothing left to do
      }
    }
  }
}

export function isStream(contentType: string): boolean {
  return /text\/event-stream|ndjson|text\/plain/.test(contentType);
}

export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/** The stream gave anything at all of the format it was read as. */
function recognised(outcome: LlmOutcome): boolean {
  return (
    outcome.complete ||
    outcome.id !== undefined ||
    outcome.model !== undefined ||
    outcome.error !== undefined ||
    outcome.messages.some((m) => m.parts.length > 0)
  );
}

function firstPayload(event: StreamEvent): unknown {
  const parsed = parseJson(event.data);
  return parsed.ok ? parsed.value : undefined;
}
