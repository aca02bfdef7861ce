/**
 * The panel's side of the local collector (`data-collector`): the server's spans of this page's
 * traces, live, in the page's tracer, so they show in the same tree and are kept in the store.
 *
 * - The page asks for its own traces only: every trace id a page span starts with is added to its
 *   stream (see src/collector/streams.ts); the collector never sends spans of other traces.
 * - Server spans keep their ids, so one whose parent is the browser span that sent the
 *   traceparent nests under it. The collector marks them `spanlens.source = "server"`.
 * - It reads the Server-Sent Events stream with the page's unwrapped fetch: not traced, no
 *   traceparent, no cookies.
 * - The collector being down is a notice, not an error: the client retries quietly and the page's
 *   own trace is unaffected.
 * Loaded only when `collector` is configured (a dynamic import in install.ts).
 */
import { SPANLENS_SOURCE } from '../core/semconv';
import type { SpanData } from '../core/span';
import type { Tracer } from '../core/tracer';
import { adoptSpan } from './adopt';

export interface CollectorClientOptions {
  /** The collector's base URL, e.g. http://localhost:4318 (no trailing slash). */
  url: string;
  tracer: Tracer;
  /** The fetch to use, looked up at each request: the unwrapped one. */
  fetch: () => typeof fetch;
  /** A line for the panel's notices. */
  notify: (message: string, level: 'info' | 'warn') => void;
  /** Trace ids started before the client; called once, right after it subscribes. */
  initialTraceIds?: () => string[];
  /** First reconnect delay, doubled up to 30 s. Default 1,000 ms. */
  reconnectMs?: number;
}

export type CollectorClientStatus = 'connecting' | 'open' | 'down' | 'stopped';

export interface CollectorClientState {
  url: string;
  status: CollectorClientStatus;
  /** Server spans added to the page's trace. */
  received: number;
}

/** Trace ids this page watches, at most (the collector keeps the same bound per stream). */
const MAX_WATCHED = 1_000;
/** Trace ids put in the stream's URL; the rest follow in a POST once it is open. */
const IDS_IN_URL = 20;
const MAX_RECONNECT_MS = 30_000;
/** Span keys remembered for de-duplication. */
const MAX_ADOPTED = 20_000;

export function startCollectorClient(options: CollectorClientOptions): CollectorClient {
  return new CollectorClient(options);
}

export class CollectorClient {
  readonly state: CollectorClientState;
  readonly #options: CollectorClientOptions;
  readonly #watched = new Set<string>();
  /** Ids of spans already added: a reconnect replays what the window still has. */
  readonly #adopted = new Set<string>();
  readonly #unsubscribe: () => void;
  #stream: string | undefined;
  #pending: string[] = [];
  #abort: AbortController | undefined;
  #reconnectMs: number;
  #toldDown = false;
  #stopped = false;

  constructor(options: CollectorClientOptions) {
    this.#options = options;
    this.#reconnectMs = options.reconnectMs ?? 1000;
    this.state = { url: options.url, status: 'connecting', received: 0 };
    this.#unsubscribe = options.tracer.subscribe((type, span) => {
      if (type === 'start' && span.attributes[SPANLENS_SOURCE] !== 'server') this.#watch(span.traceId);
    });
    for (const traceId of options.initialTraceIds?.() ?? []) this.#watch(traceId);
    void this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.state.status = 'stopped';
    this.#unsubscribe();
    this.#abort?.abort();
  }

  #watch(traceId: string): void {
    if (this.#watched.has(traceId)) return;
    this.#watched.add(traceId);
    if (this.#watched.size > MAX_WATCHED) this.#watched.delete(this.#watched.values().next().value as string);
    this.#pending.push(traceId);
    // One request for all the traces started in this task.
    if (this.#pending.length === 1) queueMicrotask(() => this.#sendWatch());
  }

  async #sendWatch(): Promise<void> {
    if (!this.#stream || !this.#pending.length) return;
    const traceIds = this.#pending.splice(0);
    try {
      const response = await this.#options.fetch()(`${this.#options.url}/v1/spans/stream/${this.#stream}`, {
        method: 'POST',
        body: JSON.stringify({ traceIds }),
        credentials: 'omit',
      });
      response.body?.cancel().catch(() => {});
      // 404: the stream closed; the reconnect sends every watched id again.
    } catch {
      // The stream's own failure triggers the reconnect.
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    this.state.status = 'connecting';
    this.#stream = undefined;
    const ids = [...this.#watched];
    this.#pending = ids.slice(0, -IDS_IN_URL);
    const inUrl = ids.slice(-IDS_IN_URL);
    this.#abort = new AbortController();
    try {
      const response = await this.#options.fetch()(`${this.#options.url}/v1/spans/stream?traceIds=${inUrl.join(',')}`, {
        headers: { accept: 'text/event-stream' },
        credentials: 'omit',
        signal: this.#abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`${response.status} ${response.statusText}`.trim());
      await this.#read(response.body);
      throw new Error('the stream ended');
    } catch (error) {
      if (this.#stopped) return;
      this.#down(error);
    }
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.#onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  #onEvent(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'ready') {
      this.#stream = (JSON.parse(data) as { stream: string }).stream;
      this.state.status = 'open';
      this.#reconnectMs = this.#options.reconnectMs ?? 1000;
      if (this.#toldDown) this.#options.notify(`spanlens: connected to the collector at ${this.#options.url}`, 'info');
      this.#toldDown = false;
      void this.#sendWatch();
    } else if (event === 'spans') {
      for (const span of JSON.parse(data) as SpanData[]) this.#adopt(span);
    }
  }

  #adopt(span: SpanData): void {
    const key = span.traceId + span.spanId;
    // Only traces this page asked for; a span already added (a replay) is not added twice.
    if (!this.#watched.has(span.traceId) || this.#adopted.has(key)) return;
    try {
      adoptSpan(this.#options.tracer, { ...span, attributes: { ...span.attributes, [SPANLENS_SOURCE]: 'server' } });
      this.#adopted.add(key);
      if (this.#adopted.size > MAX_ADOPTED) this.#adopted.delete(this.#adopted.values().next().value as string);
      this.state.received++;
    } catch (error) {
      this.#options.tracer.reportError('collector', error);
    }
  }

  #down(error: unknown): void {
    this.state.status = 'down';
    if (!this.#toldDown) {
      this.#toldDown = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.#options.notify(
        `spanlens: no collector at ${this.#options.url} (${reason}); server spans will show once it runs (npx spanlens collector)`,
        'info',
      );
    }
    setTimeout(() => void this.#connect(), this.#reconnectMs);
    this.#reconnectMs = Math.min(this.#reconnectMs * 2, MAX_RECONNECT_MS);
  }
}
