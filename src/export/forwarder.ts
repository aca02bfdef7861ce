/**
 * The forwarder: ended spans sent on to any OTLP/HTTP backend (Phoenix, Langfuse, Jaeger, an
 * OpenTelemetry Collector), loaded only when `otlpEndpoint` is configured.
 *
 *   tracer 'end' → bounded queue → batch (by count, by bytes, after a short delay) → POST
 *
 * - Batches go one at a time. A 429, a 5xx or a network failure (CORS refusals look the same from
 *   a page) is retried with exponential backoff, `Retry-After` honoured; other answers are final.
 *   A 413 splits the batch in halves.
 * - The queue is bounded; spans past it are dropped and counted, never silently.
 * - When the page is hidden the queue is sent at once, with `keepalive` for requests that fit
 *   (browsers allow 64 KB in flight for those). On pagehide what is still queued goes out in one
 *   keepalive request; what does not fit is counted as dropped.
 * - Requests use the page's unwrapped fetch: never traced, never given a traceparent, no cookies.
 * - None of this touches the local trace: the panel and the store have every span whatever happens
 *   here. `state` says what happened; problems also go to `onProblem` (a panel notice).
 */
import { SPANLENS_SOURCE } from '../core/semconv';
import type { SpanData } from '../core/span';
import { snapshotSpan } from '../core/span';
import type { Tracer } from '../core/tracer';
import { encodeOtlp } from './otlp-encode';
import type { OtlpExportRequest } from './otlp-types';

export type OtlpProtocol = 'json' | 'protobuf';

export interface ForwarderOptions {
  /** The full traces URL, e.g. http://localhost:6006/v1/traces. */
  endpoint: string;
  headers?: Record<string, string>;
  /** Default 'json'. */
  protocol?: OtlpProtocol;
  tracer: Tracer;
  /** The fetch to send with, looked up at each request: the unwrapped one. */
  fetch: () => typeof fetch;
  pageUrl?: string;
  /** Spans that ended before the forwarder started; called once, right after it subscribes. */
  initial?: () => SpanData[];
  /** A problem worth telling the user (given once per distinct message). */
  onProblem?: (message: string) => void;
  /** Spans waiting to be sent, at most. Default 2,048. */
  maxQueue?: number;
  /** Spans in one request, at most. Default 256. */
  maxBatchSpans?: number;
  /** Bytes in one request body, at most (bigger batches are split). Default 1 MiB. */
  maxBatchBytes?: number;
  /** How long ended spans wait for others before a batch goes. Default 1,000 ms. */
  delayMs?: number;
  /** Attempts of one batch before giving up. Default 6. */
  maxAttempts?: number;
  /** First retry delay, doubled each time (with jitter), capped at maxBackoffMs. Default 500 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export type ForwarderStatus = 'idle' | 'sending' | 'retrying' | 'failing' | 'stopped';

/** What the panel shows about forwarding. */
export interface ForwarderState {
  endpoint: string;
  protocol: OtlpProtocol;
  status: ForwarderStatus;
  /** Spans waiting in the queue. */
  queued: number;
  /** Spans the endpoint accepted. */
  sent: number;
  /** Spans dropped: queue full, or left over at page exit. */
  dropped: number;
  /** Spans given up on: refused by the endpoint or unreachable after every retry. */
  failed: number;
  retries: number;
  lastError?: string;
  /** Epoch ms of the last accepted request. */
  lastSentAt?: number;
}

type Encoder = (request: OtlpExportRequest) => Uint8Array | string;

/** Browsers allow 64 KiB of keepalive bodies in flight; keep some room. */
const KEEPALIVE_BUDGET = 60 * 1024;

export async function startForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const protocol = options.protocol ?? 'json';
  // The protobuf encoder is its own chunk: loaded only by pages that forward protobuf.
  const encode: Encoder = protocol === 'protobuf' ? (await import('./otlp-protobuf')).encodeOtlpProtobuf : (request) => JSON.stringify(request);
  return new Forwarder(options, protocol, encode);
}

interface PostResult {
  ok: boolean;
  retryable: boolean;
  /** 413: the batch should be split. */
  tooLarge: boolean;
  retryAfterMs?: number;
  error?: string;
}

export class Forwarder {
  readonly state: ForwarderState;
  readonly #options: ForwarderOptions;
  readonly #encode: Encoder;
  readonly #contentType: string;
  #queue: SpanData[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #draining: Promise<void> | undefined;
  #listeners = new Set<(state: ForwarderState) => void>();
  #told = new Set<string>();
  #undo: Array<() => void> = [];

  constructor(options: ForwarderOptions, protocol: OtlpProtocol, encode: Encoder) {
    this.#options = options;
    this.#encode = encode;
    this.#contentType = protocol === 'protobuf' ? 'application/x-protobuf' : 'application/json';
    this.state = { endpoint: options.endpoint, protocol, status: 'idle', queued: 0, sent: 0, dropped: 0, failed: 0, retries: 0 };
    // Server spans (from the collector) are the server's to export: sending them again would
    // duplicate them in the backend.
    this.#undo.push(
      options.tracer.subscribe((type, span) => type === 'end' && span.attributes[SPANLENS_SOURCE] !== 'server' && this.#enqueue(snapshotSpan(span))),
    );
    for (const span of options.initial?.() ?? []) this.#enqueue(span);
    if (typeof addEventListener === 'function') {
      const onHidden = () => pageHidden() && void this.flush();
      const onPageHide = () => this.#flushAtExit();
      addEventListener('visibilitychange', onHidden);
      addEventListener('pagehide', onPageHide);
      this.#undo.push(() => removeEventListener('visibilitychange', onHidden), () => removeEventListener('pagehide', onPageHide));
    }
  }

  /** Called with the state after every change; returns the unsubscribe function. */
  subscribe(listener: (state: ForwarderState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Send everything queued now; resolves when the queue is empty or given up on. */
  async flush(): Promise<void> {
    this.#clearTimer();
    while ((this.#queue.length && this.state.status !== 'stopped') || this.#draining) await (this.#draining ?? this.#drain());
  }

  /** Stop forwarding (uninstall); what is queued stays unsent. */
  stop(): void {
    this.#clearTimer();
    for (const undo of this.#undo.splice(0)) undo();
    this.#set({ status: 'stopped' });
  }

  #enqueue(span: SpanData): void {
    if (this.state.status === 'stopped') return;
    if (this.#queue.length >= (this.#options.maxQueue ?? 2048)) {
      this.#set({ dropped: this.state.dropped + 1 });
      this.#problem(`the forwarding queue is full; spans are being dropped (${this.#options.endpoint})`);
      return;
    }
    this.#queue.push(span);
    this.#set({ queued: this.#queue.length });
    this.#drainSoon(this.#queue.length >= (this.#options.maxBatchSpans ?? 256) ? 0 : (this.#options.delayMs ?? 1000));
  }

  #drainSoon(delay: number): void {
    if (this.#draining) return;
    if (delay === 0) {
      this.#clearTimer();
      void this.#drain();
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        void this.#drain();
      }, delay);
    }
  }

  #drain(): Promise<void> {
    this.#draining ??= (async () => {
      try {
        while (this.#queue.length && this.state.status !== 'stopped') {
          const batch = this.#queue.splice(0, this.#options.maxBatchSpans ?? 256);
          this.#set({ queued: this.#queue.length });
          await this.#sendBatch(batch);
        }
      } catch (error) {
        this.#options.tracer.reportError('forwarder', error);
      } finally {
        this.#draining = undefined;
      }
    })();
    return this.#draining;
  }

  async #sendBatch(spans: SpanData[]): Promise<void> {
    const body = this.#body(spans);
    const size = byteSize(body);
    if (size > (this.#options.maxBatchBytes ?? 1024 * 1024) && spans.length > 1) return this.#sendHalves(spans);
    const maxAttempts = this.#options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      if (this.state.status === 'stopped') return;
      this.#set({ status: attempt === 1 ? 'sending' : 'retrying' });
      // A hidden page may be closed any moment: a request that fits goes with keepalive.
      const result = await this.#post(body, pageHidden() && size <= KEEPALIVE_BUDGET);
      if (result.ok) {
        this.#set({ status: 'idle', sent: this.state.sent + spans.length, lastSentAt: Date.now(), lastError: undefined });
        return;
      }
      if (result.tooLarge && spans.length > 1) return this.#sendHalves(spans);
      this.#set({ lastError: result.error });
      if (!result.retryable || attempt >= maxAttempts) {
        this.#set({ status: 'failing', failed: this.state.failed + spans.length });
        this.#problem(`forwarding to ${this.#options.endpoint} failed: ${result.error}${result.retryable ? ` (gave up after ${attempt} attempts)` : ''}`);
        return;
      }
      this.#set({ retries: this.state.retries + 1 });
      await sleep(this.#backoff(attempt, result.retryAfterMs));
    }
  }

  async #sendHalves(spans: SpanData[]): Promise<void> {
    const half = Math.ceil(spans.length / 2);
    await this.#sendBatch(spans.slice(0, half));
    await this.#sendBatch(spans.slice(half));
  }

  #body(spans: SpanData[]): Uint8Array | string {
    const sessionId = this.#options.tracer.sessionId;
    return this.#encode(encodeOtlp(spans, { sessionId, pageUrl: this.#options.pageUrl }));
  }

  async #post(body: Uint8Array | string, keepalive: boolean): Promise<PostResult> {
    let response: Response;
    try {
      response = await this.#options.fetch()(this.#options.endpoint, {
        method: 'POST',
        headers: { ...this.#options.headers, 'content-type': this.#contentType },
        body: body as BodyInit,
        keepalive,
        credentials: 'omit',
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, retryable: true, tooLarge: false, error: `network error or blocked by CORS (${reason})` };
    }
    // The body is not needed; cancel it so the connection is freed.
    response.body?.cancel().catch(() => {});
    if (response.ok) return { ok: true, retryable: false, tooLarge: false };
    const status = response.status;
    const error = `${status} ${response.statusText || ''}`.trim() + hint(status);
    const retryable = status === 429 || status >= 500;
    return { ok: false, retryable, tooLarge: status === 413, retryAfterMs: retryAfter(response.headers.get('retry-after')), error };
  }

  #backoff(attempt: number, retryAfterMs: number | undefined): number {
    const max = this.#options.maxBackoffMs ?? 30_000;
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
    const base = (this.#options.backoffMs ?? 500) * 2 ** (attempt - 1);
    // Jitter keeps many tabs from retrying in step.
    return Math.min(max, base / 2 + Math.random() * (base / 2));
  }

  /** The page is going away: what is queued goes in one keepalive request, the rest is dropped. */
  #flushAtExit(): void {
    this.#clearTimer();
    const all = this.#queue.splice(0);
    if (!all.length) return;
    let spans = all;
    let body = this.#body(spans);
    while (spans.length > 1 && byteSize(body) > KEEPALIVE_BUDGET) {
      spans = spans.slice(0, Math.floor(spans.length / 2));
      body = this.#body(spans);
    }
    const left = all.length - spans.length;
    const fits = byteSize(body) <= KEEPALIVE_BUDGET;
    this.#set({ queued: 0, dropped: this.state.dropped + left + (fits ? 0 : spans.length) });
    if (fits) {
      void this.#post(body, true).then((result) => {
        if (result.ok) this.#set({ sent: this.state.sent + spans.length, lastSentAt: Date.now() });
        else this.#set({ failed: this.state.failed + spans.length, lastError: result.error });
      });
    }
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(changes: Partial<ForwarderState>): void {
    Object.assign(this.state, changes);
    for (const listener of this.#listeners) {
      try {
        listener(this.state);
      } catch (error) {
        this.#options.tracer.reportError('forwarder listener', error);
      }
    }
  }

  #problem(message: string): void {
    if (this.#told.has(message)) return;
    this.#told.add(message);
    try {
      this.#options.onProblem?.(message);
    } catch (error) {
      this.#options.tracer.reportError('forwarder', error);
    }
  }
}

/** What a status usually means for the backends people forward to. */
function hint(status: number): string {
  if (status === 415) return ' (this endpoint may want protobuf: data-otlp-protocol="protobuf")';
  if (status === 401 || status === 403) return ' (check data-otlp-headers)';
  return '';
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

function byteSize(body: Uint8Array | string): number {
  return typeof body === 'string' ? new TextEncoder().encode(body).length : body.byteLength;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
