/// <reference types="node" />
/**
 * The local collector as one request handler, shared by the `spanlens collector` command (its own
 * HTTP server) and the Vite plugin (dev-server middleware).
 *
 *   POST /v1/traces               OTLP/HTTP, JSON or protobuf, optionally gzip: into the window
 *   GET  /v1/spans/stream         Server-Sent Events of the traces a page asks for (streams.ts)
 *   POST /v1/spans/stream/<id>    add trace ids to a stream
 *   GET  /v1/status               the window's counters, to tell the collector is up
 *
 * Bad input is answered (400 with the reason, 413 too large, 415 unknown type, 403 origin) and
 * never brings the collector down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SERVICE_NAME, SPANLENS_SOURCE } from '../core/semconv';
import type { SpanData } from '../core/span';
import { decodeOtlp, OtlpDecodeError } from '../export/otlp-decode';
import { readBody, RequestError } from './body';
import { OriginPolicy } from './origins';
import { protobufToOtlpJson, ProtobufDecodeError } from './protobuf';
import { SpanFile } from './span-file';
import { parseTraceIds, StreamHub } from './streams';
import { SpanWindow, type WindowLimits, type WindowStats } from './window';

export interface CollectorOptions extends WindowLimits {
  /** Page origins allowed besides this machine's (see origins.ts). */
  allowOrigins?: readonly string[];
  /** Largest request body, before and after decompression. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Append every received request to this JSON Lines file. Off by default. */
  file?: string;
  /** Problems worth a line on the console (a failed file write). Default: stderr. */
  onError?: (error: Error) => void;
}

export interface CollectorStats extends WindowStats {
  requests: number;
  /** Requests answered with a 4xx. */
  refused: number;
  streams: number;
}

export interface Collector {
  /** Handle the request if it is one of the collector's paths; false leaves it to the next handler. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  readonly window: SpanWindow;
  stats(): CollectorStats;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const STREAM_PATH = '/v1/spans/stream';
const PROTOBUF_TYPES = new Set(['application/x-protobuf', 'application/protobuf']);

export function createCollector(options: CollectorOptions = {}): Collector {
  const window = new SpanWindow(options);
  const hub = new StreamHub(window);
  const origins = new OriginPolicy(options.allowOrigins);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError = options.onError ?? ((error: Error) => process.stderr.write(`spanlens collector: ${error.message}\n`));
  const file = options.file ? new SpanFile(options.file, onError) : undefined;
  const counters = { requests: 0, refused: 0 };

  async function receiveTraces(request: IncomingMessage): Promise<'json' | 'protobuf'> {
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const encoding = type === 'application/json' ? 'json' : PROTOBUF_TYPES.has(type) ? 'protobuf' : undefined;
    if (!encoding) throw new RequestError(415, `unsupported content-type "${type}" (use application/json or application/x-protobuf)`);
    const body = await readBody(request, maxBodyBytes);
    const otlp = encoding === 'json' ? parseJson(body) : protobufToOtlpJson(body);
    // Validated whole before anything is kept: a bad request adds no span.
    const sessions = decodeOtlp(otlp);
    for (const session of sessions) {
      const service = session.resource[SERVICE_NAME];
      for (const span of session.spans) window.add(asServerSpan(span, typeof service === 'string' ? service : undefined));
    }
    file?.append(otlp);
    return encoding;
  }

  function route(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const origin = request.headers.origin;
    if (!origins.allows(origin)) {
      // No CORS headers: the page cannot read even this refusal.
      refuse(response, {}, new RequestError(403, `origin ${origin} is not allowed (start the collector with --allow-origin ${origin})`));
      return;
    }
    const cors = corsHeaders(origin);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'content-type, content-encoding',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const path = url.pathname;
    if (path === '/v1/traces' && request.method === 'POST') {
      receiveTraces(request).then(
        (encoding) => accept(response, cors, encoding),
        (error) => refuse(response, cors, asRequestError(error)),
      );
    } else if (path === STREAM_PATH && request.method === 'GET') {
      hub.open(response, parseTraceIds(url.searchParams.get('traceIds') ?? ''), cors);
    } else if (path.startsWith(STREAM_PATH + '/') && request.method === 'POST') {
      watch(request, path.slice(STREAM_PATH.length + 1)).then(
        () => json(response, 200, cors, {}),
        (error) => refuse(response, cors, asRequestError(error)),
      );
    } else if (path === '/v1/status' && request.method === 'GET') {
      json(response, 200, cors, collector.stats());
    } else {
      refuse(response, cors, new RequestError(405, `${request.method} ${path} is not supported`));
    }
  }

  async function watch(request: IncomingMessage, streamId: string): Promise<void> {
    const body = parseJson(await readBody(request, 1024 * 1024)) as { traceIds?: unknown } | null;
    if (!hub.watch(streamId, parseTraceIds(body?.traceIds))) throw new RequestError(404, 'no such stream (it closed: open a new one)');
  }

  function refuse(response: ServerResponse, cors: Record<string, string>, error: RequestError): void {
    counters.refused++;
    // google.rpc.Status in its JSON form; 3 is INVALID_ARGUMENT.
    json(response, error.status, cors, { code: 3, message: error.message });
  }

  const collector: Collector = {
    window,
    handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://collector.invalid');
      const ours = url.pathname === '/v1/traces' || url.pathname === '/v1/status' || url.pathname.startsWith(STREAM_PATH);
      if (!ours) return false;
      counters.requests++;
      try {
        route(request, response, url);
      } catch (error) {
        refuse(response, {}, asRequestError(error));
      }
      return true;
    },
    stats: () => ({ ...window.stats, ...counters, streams: hub.size }),
    async close() {
      hub.close();
      await file?.close();
    },
  };
  return collector;
}

/** The collector's copy of a span: marked as the server's, with the service that sent it. */
function asServerSpan(span: SpanData, service: string | undefined): SpanData {
  span.attributes[SPANLENS_SOURCE] = 'server';
  if (service !== undefined && span.attributes[SERVICE_NAME] === undefined) span.attributes[SERVICE_NAME] = service;
  return span;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RequestError(400, `not valid JSON (${(error as Error).message})`);
  }
}

function asRequestError(error: unknown): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof OtlpDecodeError || error instanceof ProtobufDecodeError) return new RequestError(400, error.message);
  return new RequestError(500, `internal error: ${(error as Error)?.message ?? String(error)}`);
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin === undefined ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };
}

function accept(response: ServerResponse, cors: Record<string, string>, encoding: 'json' | 'protobuf'): void {
  // An empty ExportTraceServiceResponse: full success, in the request's encoding.
  if (encoding === 'protobuf') {
    response.writeHead(200, { ...cors, 'content-type': 'application/x-protobuf' });
    response.end();
  } else {
    json(response, 200, cors, {});
  }
}

function json(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
