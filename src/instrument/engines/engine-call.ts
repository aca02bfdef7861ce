/**
 * One `chat.completions.create()` call of a wrapped client (wrap-chat-client.ts) as one `llm`
 * span. The request object and the answer objects are read by the OpenAI chat parser, exactly as
 * the fetch instrumentation reads their JSON: the request by `parseRequest`, a whole answer by
 * `parseResponse`, stream chunks one by one by a `ChatStream`.
 *
 *   create(request) ─► span, request recorded ─┬─ promise of a completion: outcome, end
 *                                              ├─ promise of an async iterable: each chunk as the
 *                                              │  app takes it, end at done / error / break
 *                                              └─ throw or rejection: the error, end
 * Everything here is guarded: a failure is reported to the tracer, the app's values go on as they are.
 */
import { now } from '../../core/clock';
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { recordOutcome, recordOutputMessages, recordRequest } from '../llm-attributes';
import { ChatStream, openaiChat } from '../providers/openai-chat';
import { obj } from '../providers/json';
import { afterTask } from '../streams/after-task';
import { frameThrottle } from '../streams/frame-throttle';
import { rememberToolCalls } from '../api/tool-call-links';
import type { LlmOutcome } from '../providers/types';

/** In-page engines cost nothing per token. */
const NO_PRICES = {};

type IteratorMethod = (this: unknown, ...args: unknown[]) => unknown;

export class EngineCall {
  readonly #tracer: Tracer;
  readonly #span: Span;
  readonly #capture: boolean;
  #stream: ChatStream | undefined;
  /** Records the request on the span; run once (see #writeRequest). */
  #request: (() => void) | undefined;
  #chunks = 0;
  #firstOutput = false;
  #ended = false;
  readonly #live = frameThrottle(() => this.#guard('live update', () => recordOutputMessages(this.#span, this.#stream!.outcome(), this.#capture)));

  constructor(tracer: Tracer, provider: string, request: unknown) {
    this.#tracer = tracer;
    this.#capture = tracer.captureContent;
    this.#span = tracer.startSpan('chat', {
      kind: 'llm',
      attributes: { [sem.GEN_AI_OPERATION_NAME]: 'chat', [sem.GEN_AI_PROVIDER_NAME]: provider, [sem.SPANLENS_API_FORMAT]: openaiChat.id },
    });
    // Read now (the app may reuse its request object), written after the current task: the JSON
    // of a long conversation is not made on the app's call.
    this.#guard('request', () => {
      const parsed = openaiChat.parseRequest(request);
      this.#request = () => recordRequest(this.#span, parsed, this.#capture);
      afterTask(() => this.#writeRequest());
    });
  }

  /** Once: after the current task, or before the span ends if the answer came first. */
  #writeRequest(): void {
    const write = this.#request;
    this.#request = undefined;
    if (write) this.#guard('request', write);
  }

  /**
   * What create() returned. A plain promise is followed by one that settles the same way (same
   * value, same error; an unhandled rejection stays unhandled). A promise of a subclass (the
   * `openai` SDK's APIPromise, with `withResponse()`) is handed back itself and watched beside.
   * Anything else is read as it is.
   */
  watch(result: unknown): unknown {
    if (!(result instanceof Promise)) {
      this.#guard('result', () => this.#answer(result));
      return result;
    }
    if (Object.getPrototypeOf(result) !== Promise.prototype) {
      // Its own then(): a subclass may resolve to something else than its base promise does.
      result.then(
        (value: unknown) => this.#guard('result', () => this.#answer(value)),
        (error: unknown) => this.failed(error),
      );
      return result;
    }
    return result.then(
      (value: unknown) => {
        this.#guard('result', () => this.#answer(value));
        return value;
      },
      (error: unknown) => {
        this.failed(error);
        throw error;
      },
    );
  }

  failed(error: unknown): void {
    this.#guard('failed', () => {
      if (this.#ended) return;
      const name = error instanceof Error ? error.name : typeof error;
      this.#span.recordException(error);
      this.#span.setAttribute(sem.ERROR_TYPE, name === 'AbortError' ? 'aborted' : name);
      this.#span.setStatus('error', error instanceof Error ? error.message || name : String(error));
      this.#finish(this.#stream?.outcome(), true);
    });
  }

  /** A completion object, or a stream to watch as the app reads it. */
  #answer(value: unknown): void {
    const iterable = value !== null && typeof value === 'object' && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
    if (!iterable) {
      const outcome = openaiChat.parseResponse(value);
      this.#finish(outcome, false);
      return;
    }
    this.#stream = new ChatStream();
    this.#watchStream(value as AsyncIterable<unknown> & Partial<AsyncIterator<unknown>>);
  }

  /**
   * Own wrappers on the stream object. An async generator is its own iterator (for await calls
   * `next` on it); another iterable's `[Symbol.asyncIterator]` is wrapped to watch what it hands out.
   */
  #watchStream(stream: AsyncIterable<unknown> & Partial<AsyncIterator<unknown>>): void {
    if (typeof stream.next === 'function') this.#watchIterator(stream);
    const makeIterator = stream[Symbol.asyncIterator] as IteratorMethod;
    const call = this;
    Object.defineProperty(stream, Symbol.asyncIterator, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        const iterator = Reflect.apply(makeIterator, this, args);
        if (iterator !== stream && iterator !== null && typeof iterator === 'object') call.#guard('iterator', () => call.#watchIterator(iterator as object));
        return iterator;
      },
    });
  }

  #watchIterator(iterator: object): void {
    const target = iterator as Record<string, unknown>;
    this.#wrapStep(target, 'next', (result) => {
      const r = obj(result);
      if (r?.done === true) this.#streamEnded(false);
      else if (r) this.#chunk(r.value);
    });
    // An early `break` out of for await calls return(); throw() is passed along the same way.
    this.#wrapStep(target, 'return', () => this.#streamEnded(true));
    this.#wrapStep(target, 'throw', () => undefined);
  }

  /** `target[name]` calls through; a resolved step is shown to `see`, a rejected one ends the span. */
  #wrapStep(target: Record<string, unknown>, name: string, see: (result: unknown) => void): void {
    const method = target[name];
    if (typeof method !== 'function') return;
    const call = this;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: {
        [name](this: unknown, ...args: unknown[]) {
          let step: unknown;
          try {
            step = Reflect.apply(method as IteratorMethod, this, args);
          } catch (error) {
            call.failed(error);
            throw error;
          }
          if (!(step instanceof Promise)) return step;
          return step.then(
            (result: unknown) => {
              call.#guard('stream', () => see(result));
              return result;
            },
            (error: unknown) => {
              call.failed(error);
              throw error;
            },
          );
        },
      }[name],
    });
  }

  #chunk(chunk: unknown): void {
    if (this.#ended || !this.#stream) return;
    this.#chunks++;
    const c = obj(chunk);
    if (!c) return;
    if (this.#stream.take(c) && !this.#firstOutput) {
      this.#firstOutput = true;
      const time = now();
      this.#span.addEvent(sem.EVENT_FIRST_TOKEN, undefined, time);
      this.#span.setAttribute(sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, Math.round((time - this.#span.startTime) * 1000) / 1e6);
    }
    if (this.#capture) this.#live.request();
  }

  #streamEnded(byApp: boolean): void {
    if (this.#ended || !this.#stream) return;
    const outcome = this.#stream.outcome();
    // The iterable ending is the end of the answer (there is no `[DONE]` between objects).
    if (!byApp) outcome.complete = true;
    else {
      this.#span.setAttribute(sem.ERROR_TYPE, 'aborted');
      this.#span.setStatus('error', 'stream closed early by the app');
    }
    this.#finish(outcome, byApp);
  }

  #finish(outcome: LlmOutcome | undefined, incomplete: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#writeRequest();
    this.#live.cancel();
    const span = this.#span;
    if (this.#stream) span.setAttribute(sem.SPANLENS_STREAM_EVENTS, this.#chunks);
    if (outcome) {
      recordOutcome(span, outcome, this.#capture, NO_PRICES);
      if (outcome.error) {
        span.setAttribute(sem.ERROR_TYPE, outcome.error.type ?? 'provider_error');
        span.setStatus('error', outcome.error.message);
      }
      rememberToolCalls(this.#tracer, span, outcome.messages);
    }
    if (incomplete && this.#stream) span.setAttribute(sem.SPANLENS_INCOMPLETE, true);
    span.end();
  }

  #guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#tracer.reportError(`wrapChatClient: ${where}`, error);
      try {
        this.#span.end();
      } catch {
        // nothing left to do
      }
    }
  }
}
