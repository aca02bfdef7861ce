/**
 * One XMLHttpRequest as the recorder sees it, from send() to its end, fed to the same
 * LlmExchange as a fetch (../llm-exchange.ts): the status and content type at HEADERS_RECEIVED,
 * the growing `responseText` while LOADING (a stream), the whole body at `load`, and `error`,
 * `abort` or `timeout` as the way it failed.
 *
 * What the app could notice, and why it cannot:
 *   - listeners are added to the request itself (readystatechange, progress, load, error, abort,
 *     timeout, loadend), never to `upload` (an upload listener turns a simple CORS request into a preflighted
 *     one); they only read, never stop or change an event, and are removed when the request ends;
 *   - reading `responseText` (only for responseType '' and 'text'), `status` and
 *     `getResponseHeader` has no effect on what the app reads; for 'json', 'arraybuffer' and 'blob'
 *     the body is read once, at `load`, from `response`, the very object the app gets;
 *   - a synchronous request gets no listeners: it is read once send() has returned.
 */
import { now } from '../../core/clock';
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { afterTask } from '../streams/after-task';
import type { TapObserver } from '../streams/tap';
import { errorName, isAbort, LlmExchange } from '../llm-exchange';
import type { CallConfig } from '../fetch/fetch-call';
import { readBodyText, type BodyText } from '../fetch/outgoing-request';
import { formatTraceparent, TRACEPARENT_HEADER } from '../fetch/traceparent';
import { collectSecrets, scrubSecrets } from '../secrets';
import { detectRequest, placeNow, propagatesTo, startRequestSpan, type RequestHead } from '../request-span';

/** What open() and setRequestHeader() told us about the request about to be sent. */
export interface XhrRequest extends RequestHead {
  async: boolean;
}

/** The native methods the recorder calls on its own behalf (never the app's patched ones). */
export interface XhrNatives {
  setRequestHeader: (this: XMLHttpRequest, name: string, value: string) => void;
  addEventListener: EventTarget['addEventListener'];
  removeEventListener: EventTarget['removeEventListener'];
}

/** A request in flight. */
export interface XhrCall {
  /** The native send() returned (for a synchronous request: the answer is there). */
  sent(): void;
  /** The native send() threw: the app gets that error. */
  threw(error: unknown): void;
  /** open() was called again while the request was in flight: it is gone, without events. */
  superseded(): void;
}

const EVENTS = ['readystatechange', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'] as const;
const HEADERS_RECEIVED = 2;
const LOADING = 3;

/** Begin recording `xhr.send(body)`; undefined when there is nothing to record. */
export function beginXhrCall(tracer: Tracer, config: CallConfig, natives: XhrNatives, xhr: XMLHttpRequest, request: XhrRequest, body: unknown): XhrCall | undefined {
  const startTime = now();
  let bodyText: BodyText | undefined;
  const readBody = (): BodyText => (bodyText ??= body === undefined || body === null ? undefined : readBodyText(undefined, { body: body as BodyInit }));
  const detected = detectRequest(config, request, () => {
    const text = readBody();
    return typeof text === 'string' ? text : undefined;
  });
  const propagate = !request.headers.has(TRACEPARENT_HEADER) && propagatesTo(config, request.url);
  if (!detected && !config.recordHttp) {
    // Not ours to record; a backend of the page's own still joins the current trace.
    const current = propagate ? tracer.context.active().span : undefined;
    if (current) addTraceparent(natives, xhr, formatTraceparent(current));
    return undefined;
  }

  const where = placeNow(tracer, startTime);
  const requestBody = detected ? readBody() : undefined;
  let span: Span | undefined;
  let exchange: LlmExchange | undefined;
  const secrets = collectSecrets(request.url, request.headers);
  const prepare = (): Span => {
    if (span) return span;
    span = startRequestSpan(tracer, request, detected, where);
    if (detected) {
      exchange = new LlmExchange({ tracer, span, detected, prices: config.prices, secrets, aborted: isAbort, transport: 'xhr' });
      if (requestBody !== undefined) exchange.takeRequestBody(requestBody);
    }
    return span;
  };
  // The header carries the span's ids, so that span has to exist before the request leaves.
  if (propagate) addTraceparent(natives, xhr, formatTraceparent(prepare()));

  const guard = (where: string, fn: () => void) => {
    try {
      prepare();
      fn();
    } catch (error) {
      tracer.reportError(`xhr: ${where}`, error);
    }
  };
  /** The work on what was read waits until after the app's own handlers of this event (after-task.ts). */
  const later = (fn: () => void) => afterTask(() => guard('response', fn));
  const reader = new ResponseReader(xhr, () => exchange, () => span!, secrets, later);
  let ended = false;
  const listener = (event: Event) => {
    if (ended) return;
    guard(event.type, () => {
      if (event.type === 'readystatechange' || event.type === 'progress') reader.progress(event.type === 'progress');
      else {
        end();
        // loadend comes last: it ends the call only if an app handler kept the others from us.
        const how = event.type === 'loadend' ? (xhr.status > 0 ? 'load' : 'error') : event.type;
        reader.end(how as 'load' | 'error' | 'abort' | 'timeout');
      }
    });
  };
  const end = () => {
    ended = true;
    if (request.async) for (const type of EVENTS) natives.removeEventListener.call(xhr, type, listener);
  };
  if (request.async) for (const type of EVENTS) natives.addEventListener.call(xhr, type, listener);

  return {
    sent() {
      if (!request.async) guard('sync', () => {
        end();
        reader.progress(true);
        reader.end('load');
      });
      // Starting the span and parsing the request body wait until the request is on its way.
      else afterTask(() => guard('start span', () => {}));
    },
    threw(error) {
      if (ended) return;
      guard('send', () => {
        end();
        reader.failed(error);
      });
    },
    superseded() {
      if (ended) return;
      guard('open', () => {
        end();
        reader.failed(new DOMException('request replaced by a new open() before it ended', 'AbortError'));
      });
    },
  };
}

/** The traceparent header, set with the native method; a request in the wrong state is left as it is. */
function addTraceparent(natives: XhrNatives, xhr: XMLHttpRequest, value: string): void {
  try {
    natives.setRequestHeader.call(xhr, TRACEPARENT_HEADER, value);
  } catch {
    // send() will throw the app's own error for that state.
  }
}

/** Reads the response as the request goes, and tells the exchange (or the http span) about it. */
class ResponseReader {
  #xhr: XMLHttpRequest;
  #exchange: () => LlmExchange | undefined;
  #span: () => Span;
  #secrets: string[];
  #later: (fn: () => void) => void;
  /** How the body is read, decided once the head is there. */
  #plan: 'error' | 'json' | 'stream' | undefined;
  #stream: TapObserver | undefined;
  /** How much of responseText the stream observer has seen. */
  #seen = 0;

  constructor(xhr: XMLHttpRequest, exchange: () => LlmExchange | undefined, span: () => Span, secrets: string[], later: (fn: () => void) => void) {
    this.#xhr = xhr;
    this.#later = later;
    this.#exchange = exchange;
    this.#span = span;
    this.#secrets = secrets;
  }

  /**
   * readystatechange or progress: the head, then new streamed text. Reading responseText copies
   * all of it, so after the first text (the first-chunk time) only progress events read it: the
   * platform fires those at most every 50 ms, where readystatechange comes with every chunk.
   */
  progress(isProgressEvent: boolean): void {
    const state = this.#xhr.readyState;
    if (state < HEADERS_RECEIVED) return;
    this.#head();
    if (state >= LOADING && this.#stream && (isProgressEvent || this.#seen === 0)) this.#newText();
  }

  /** The request ended: `load` (a response, any status), or how it failed. */
  end(how: 'load' | 'error' | 'abort' | 'timeout'): void {
    if (how !== 'load') {
      this.failed(failure(how, this.#xhr));
      return;
    }
    this.#head();
    const exchange = this.#exchange();
    if (!exchange) {
      this.#endHttp();
      return;
    }
    if (this.#stream) {
      const stream = this.#stream;
      this.#newText();
      this.#later(() => stream.end());
      return;
    }
    const status = this.#xhr.status;
    const use = (text: string) => (this.#plan === 'error' ? exchange.errorBody(status, text) : exchange.jsonBody(text));
    // Read now (the app may reuse the request in its load handler), used after the app's handlers.
    const text = wholeBody(this.#xhr);
    if (typeof text === 'string') this.#later(() => use(text));
    else text.then(use, (error: unknown) => exchange.bodyFailed(error));
  }

  /** The request failed (network error, abort, timeout, a throwing send). */
  failed(error: unknown): void {
    const exchange = this.#exchange();
    const stream = this.#stream;
    if (stream) this.#later(() => stream.error(error));
    else if (exchange) this.#later(() => exchange.failed(error));
    else {
      const span = this.#span();
      span.setAttribute(sem.ERROR_TYPE, isAbort(error) ? 'aborted' : errorName(error));
      span.setStatus('error', isAbort(error) ? 'aborted by the app' : scrubSecrets(error instanceof Error ? error.message : String(error), this.#secrets));
      span.end();
    }
  }

  #head(): void {
    if (this.#plan) return;
    const exchange = this.#exchange();
    const xhr = this.#xhr;
    if (!exchange) {
      this.#plan = 'json';
      return;
    }
    const type = xhr.responseType;
    const textual = type === '' || type === 'text';
    const plan = exchange.responseHead(xhr.status, xhr.getResponseHeader('content-type') ?? '', true);
    this.#plan = plan.read;
    // Only text can be watched as it grows; any other responseType is read whole at `load`.
    if (plan.read === 'stream') {
      this.#stream = exchange.stream(plan.contentType);
      if (!textual) this.#seen = -1;
    }
  }

  /** The part of responseText the observer has not seen yet. */
  #newText(): void {
    const observer = this.#stream!;
    if (this.#seen === -1) {
      // Not text: the whole body, once, at the end.
      if (this.#xhr.readyState !== 4) return;
      const text = wholeBody(this.#xhr);
      this.#seen = 0;
      if (typeof text === 'string') this.#later(() => observer.text(text));
      return;
    }
    const text = this.#xhr.responseText;
    if (text.length <= this.#seen) return;
    const piece = text.slice(this.#seen);
    this.#seen = text.length;
    this.#later(() => observer.text(piece));
  }

  #endHttp(): void {
    const span = this.#span();
    const status = this.#xhr.status;
    span.setAttribute(sem.HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 400) {
      span.setAttribute(sem.ERROR_TYPE, String(status));
      span.setStatus('error', `HTTP ${status}`);
    }
    span.end();
  }
}

/** The whole body as text, from whatever `responseType` made of it (the same object the app reads). */
function wholeBody(xhr: XMLHttpRequest): string | Promise<string> {
  const type = xhr.responseType;
  if (type === '' || type === 'text') return xhr.responseText;
  const response: unknown = xhr.response;
  if (type === 'json') return response === null ? '' : JSON.stringify(response);
  if (response instanceof ArrayBuffer) return new TextDecoder().decode(response);
  if (typeof Blob === 'function' && response instanceof Blob) return response.text();
  return '';
}

/** The error an XHR event stands for, named as fetch would name it. */
function failure(how: 'error' | 'abort' | 'timeout', xhr: XMLHttpRequest): Error {
  if (how === 'abort') return new DOMException('The request was aborted', 'AbortError');
  if (how === 'timeout') return new DOMException(`The request timed out after ${xhr.timeout} ms`, 'TimeoutError');
  return new TypeError('XMLHttpRequest network error');
}
