/// <reference types="node" />
/**
 * The live feed to pages: Server-Sent Events, each page seeing only the traces it started.
 *
 * A page opens `GET /v1/spans/stream?traceIds=a,b` and first receives a `ready` event naming its
 * stream (a random 128-bit id). Whenever it starts another trace that goes to its server, it adds
 * the trace id with `POST /v1/spans/stream/<id>` `{"traceIds": [...]}`. Spans the window already
 * holds for a newly watched trace are sent at once (the server often exports before the page
 * asks), then every new span of a watched trace as it arrives. Spans of other traces never reach
 * the stream: they belong to other users or tabs.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SpanWindow, StoredSpan } from './window';

/** Trace ids one stream may watch; the oldest are forgotten past it. */
export const MAX_WATCHED_TRACES = 1_000;
const KEEPALIVE_MS = 15_000;
const TRACE_ID = /^[0-9a-f]{32}$/;

interface Stream {
  response: ServerResponse;
  traceIds: Set<string>;
}

export class StreamHub {
  readonly #window: SpanWindow;
  readonly #streams = new Map<string, Stream>();
  readonly #unsubscribe: () => void;
  readonly #keepalive: NodeJS.Timeout;

  constructor(window: SpanWindow) {
    this.#window = window;
    this.#unsubscribe = window.subscribe((stored) => this.#deliver(stored));
    this.#keepalive = setInterval(() => this.#each((stream) => stream.response.write(': keepalive\n\n')), KEEPALIVE_MS);
    this.#keepalive.unref();
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Take over `response` as a new stream watching `traceIds`. */
  open(response: ServerResponse, traceIds: readonly string[], headers: Record<string, string>): string {
    const id = randomBytes(16).toString('hex');
    const stream: Stream = { response, traceIds: new Set() };
    this.#streams.set(id, stream);
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    response.on('close', () => this.#streams.delete(id));
    send(response, 'ready', JSON.stringify({ stream: id }));
    this.watch(id, traceIds);
    return id;
  }

  /** Add trace ids to a stream and send what the window has of them. False: no such stream. */
  watch(id: string, traceIds: readonly string[]): boolean {
    const stream = this.#streams.get(id);
    if (!stream) return false;
    const replay: StoredSpan[] = [];
    for (const traceId of traceIds) {
      if (stream.traceIds.has(traceId)) continue;
      stream.traceIds.add(traceId);
      replay.push(...this.#window.trace(traceId));
    }
    while (stream.traceIds.size > MAX_WATCHED_TRACES) stream.traceIds.delete(stream.traceIds.values().next().value as string);
    if (replay.length) sendSpans(stream.response, replay);
    return true;
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#keepalive);
    this.#each((stream) => stream.response.end());
    this.#streams.clear();
  }

  #deliver(stored: StoredSpan): void {
    this.#each((stream) => {
      if (stream.traceIds.has(stored.span.traceId)) sendSpans(stream.response, [stored]);
    });
  }

  #each(action: (stream: Stream) => void): void {
    for (const stream of this.#streams.values()) action(stream);
  }
}

/** Trace ids from a query value or a JSON array: lower-case 32-hex only, the rest ignored. */
export function parseTraceIds(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  return list.filter((id): id is string => typeof id === 'string').map((id) => id.trim().toLowerCase()).filter((id) => TRACE_ID.test(id));
}

function sendSpans(response: ServerResponse, spans: StoredSpan[]): void {
  send(response, 'spans', `[${spans.map((s) => s.json).join(',')}]`);
}

function send(response: ServerResponse, event: string, data: string): void {
  // JSON text has no raw newlines, so one data line is enough.
  response.write(`event: ${event}\ndata: ${data}\n\n`);
}
