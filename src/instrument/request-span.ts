/**
 * What the recorders of requests other than fetch (XMLHttpRequest, EventSource) share with the
 * fetch wrapper's rules: which requests are LLM calls, which get a traceparent, and the span a
 * request starts (an `llm` span named `chat` until the request body tells the model, or an `http`
 * span). fetch/fetch-call.ts applies the same rules to fetch's arguments.
 */
import * as sem from '../core/semconv';
import type { Span, Tracer } from '../core/tracer';
import { detectKnown, detectNamed, type Detected } from './providers/detect';
import { parseJson } from './providers/json';
import type { TurnProtocol } from './providers/types';
import { sanitizeUrl } from './secrets';
import { traceparentOrigins } from './fetch/traceparent';
import type { CallConfig } from './fetch/fetch-call';
import type { FetchInstrumentationOptions } from './fetch/instrument-fetch';
import { DEFAULT_PRICES } from './prices';
import { compilePattern, matchesAny } from './url-patterns';

/** The options (the fetch instrumentation's), compiled once at install. */
export function compileCallConfig(options: FetchInstrumentationOptions): CallConfig {
  return {
    tracer: options.tracer,
    patterns: (options.llmUrls ?? []).map((p) => compilePattern(p)),
    allowedOrigins: options.traceparentOrigins,
    recordHttp: options.recordHttp === true,
    prices: { ...DEFAULT_PRICES, ...options.prices },
  };
}

/** The request as a recorder sees it: a copy of its headers, never the app's objects. */
export interface RequestHead {
  url: URL;
  method: string;
  headers: Headers;
}

/** A well-known endpoint, or one the app listed in llmUrls (its format guessed from a string body). */
export function detectRequest(config: CallConfig, request: RequestHead, bodyText: () => string | undefined): Detected | undefined {
  const known = detectKnown(request.url, request.headers);
  if (known) return known;
  if (config.patterns.length === 0 || !matchesAny(request.url, config.patterns)) return undefined;
  const text = bodyText();
  const parsed = text === undefined ? undefined : parseJson(text);
  return detectNamed(request.url, request.headers, parsed?.ok ? parsed.value : undefined);
}

/** The request goes to an origin that gets a traceparent (the page's own, or an allowed one). */
export function propagatesTo(config: CallConfig, url: URL): boolean {
  const pageOrigin = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (config.origins === undefined || config.origins.page !== pageOrigin) {
    config.origins = { page: pageOrigin, allowed: traceparentOrigins(pageOrigin, config.allowedOrigins) };
  }
  return config.origins.allowed.has(url.origin);
}

/** When and under which span a request's span starts: taken at the call, used a moment later. */
export interface SpanPlace {
  /** Ids that already went out in a traceparent, for a span with no parent (tracer.ts `ids`). */
  ids?: { traceId: string; spanId: string };
  startTime: number;
  parent: Span | null;
  /** The parent came from the sequential-flow guess (core/context.ts). */
  inferred: boolean;
}

export function placeNow(tracer: Tracer, startTime: number): SpanPlace {
  const active = tracer.context.active();
  return { startTime, parent: active.span ?? null, inferred: active.inferred };
}

/** An llm span (named `chat` until the request body tells the model) or an http span. */
export function startRequestSpan(tracer: Tracer, request: RequestHead, detected: Detected | undefined, where: SpanPlace): Span {
  const llm = detected && { [sem.GEN_AI_OPERATION_NAME]: 'chat', [sem.GEN_AI_PROVIDER_NAME]: detected.provider };
  return tracer.startSpan(llm ? 'chat' : `${request.method} ${request.url.pathname}`, {
    kind: llm ? 'llm' : 'http',
    startTime: where.startTime,
    parent: where.parent,
    ids: where.ids,
    attributes: { ...llm, ...httpAttributes(request), ...(where.inferred && { [sem.SPANLENS_PARENT_INFERRED]: true }) },
  });
}

/** The span of a turn of an app protocol (AI SDK UI...): the protocol's kind and name. */
export function startTurnRequestSpan(tracer: Tracer, request: RequestHead, protocol: Pick<TurnProtocol, 'id' | 'kind' | 'name'>, where: SpanPlace): Span {
  return tracer.startSpan(protocol.name, {
    kind: protocol.kind,
    startTime: where.startTime,
    parent: where.parent,
    attributes: { [sem.SPANLENS_API_FORMAT]: protocol.id, ...httpAttributes(request), ...(where.inferred && { [sem.SPANLENS_PARENT_INFERRED]: true }) },
  });
}

const DEFAULT_PORTS: Record<string, number | undefined> = { 'https:': 443, 'http:': 80 };

export function httpAttributes(request: RequestHead): Record<string, unknown> {
  const url = request.url;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  return {
    [sem.HTTP_REQUEST_METHOD]: request.method,
    [sem.URL_FULL]: sanitizeUrl(url),
    [sem.SERVER_ADDRESS]: url.hostname,
    ...(port === undefined ? {} : { [sem.SERVER_PORT]: port }),
  };
}
