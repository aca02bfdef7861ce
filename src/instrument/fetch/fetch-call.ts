/**
 * One fetch call as the wrapper (instrument-fetch.ts) drives it: what to record, which arguments the native
 * fetch gets, and what happens when it answers. An LLM endpoint gets an `llm` span (llm-call.ts),
 * another request an `http` span when the config asks, and either may get a traceparent header.
 */
import { now } from '../../core/clock';
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { afterTask } from '../streams/after-task';
import { errorName, isAbort, LlmCall } from './llm-call';
import type { ModelPrice } from '../prices';
import { detectKnown, detectNamed, type Detected } from '../providers/detect';
import { parseJson } from '../providers/json';
import { collectSecrets, scrubSecrets } from '../secrets';
import { describeRequest, isRequest, readBodyText, type BodyText, type OutgoingRequest } from './outgoing-request';
import { formatTraceparent, TRACEPARENT_HEADER, traceparentOrigins } from './traceparent';
import { recognisedCall, watchRequest, type RecognisedContext } from './recognised-call';
import { isAppProtocolRequest } from '../providers/recognise-response';
import { matchesAny, type CompiledPattern } from '../url-patterns';
import { httpAttributes, startRequestSpan, type SpanPlace } from '../request-span';
import { newSpanId, newTraceId } from '../../core/ids';

/** The instrumentation options, compiled once at install. */
export interface CallConfig {
  tracer: Tracer | undefined;
  patterns: CompiledPattern[];
  allowedOrigins: string[] | undefined;
  recordHttp: boolean;
  prices: Readonly<Record<string, ModelPrice>>;
  /** Cache of originsFor(). */
  origins?: { page: string | undefined; allowed: ReadonlySet<string> };
  /** Replay and overrides (replay.ts, overrides.ts) hook in here, for LLM calls only. */
  onLlmCall?: LlmCallHook;
}

/**
 * Told about each LLM call before it is sent. It may keep what a replay needs (headers, body) in
 * its own memory, outside the span, and may answer the call itself (a pinned override).
 */
export type LlmCallHook = (call: { request: OutgoingRequest; body: BodyText; detected: Detected; signal: AbortSignal | undefined }) => LlmCallPlan | undefined;

export interface LlmCallPlan {
  /** The answer to give the app instead of the network's (an override). */
  respond?: () => Promise<Response>;
  /** Attributes for the span (marks it overridden). */
  attributes?: Record<string, unknown>;
  /** The span exists (called once). */
  started?: (span: Span) => void;
}

/** One fetch call as the wrapper drives it. */
export interface Call {
  /** The arguments for the native fetch: the app's, or with a traceparent header added. */
  args: unknown[];
  /** Called right after the native fetch was called. */
  sent?: () => void;
  /** Answer instead of calling the native fetch (a pinned override). */
  respond?: () => Promise<Response>;
  response(response: Response): Response;
  failed(error: unknown): void;
}

type Handlers = Pick<Call, 'response' | 'failed'>;

/** What to do for `fetch(...args)`; undefined: nothing, call the native fetch as it is. */
export function beginCall(tracer: Tracer, config: CallConfig, args: unknown[]): Call | undefined {
  const startTime = now();
  const [input, init] = args as [unknown, RequestInit | undefined];
  const location = (globalThis as { location?: { href?: string; origin?: string } }).location;
  const request = describeRequest(input, init ?? undefined, location?.href);
  if (!request) return undefined; // fetch will reject on its own; nothing to trace

  const body: { value?: BodyText } = {};
  const detected = detectKnown(request.url, request.headers) ?? detectNamedEndpoint(config, request, input, init, body);
  const propagate = !request.headers.has(TRACEPARENT_HEADER) && originsFor(config, location?.origin).has(request.url.origin);
  // Not known by its URL, but its response may still show an LLM protocol (recognised-call.ts).
  const watched = detected ? undefined : watchRequest(request, init);
  if (!detected && !config.recordHttp && !watched) {
    // Not ours to record; a backend of the page's own still joins the current trace.
    const current = propagate ? tracer.context.active().span : undefined;
    if (!current) return undefined;
    return { args: addHeader(input, init ?? undefined, request.headers, formatTraceparent(current)), response: (r) => r, failed: () => {} };
  }

  // Read now (a Request can only be cloned before fetch uses it), parsed once the request is sent.
  const requestBody = detected ? (body.value ?? readBodyText(input, init ?? undefined)) : undefined;
  const plan = detected && config.onLlmCall?.({ request, body: requestBody, detected, signal: signalOf(input, init) ?? undefined });
  // The parent is the current span at the call, although the span starts a moment later.
  const active = tracer.context.active();
  const where: SpanPlace = { startTime, parent: active.span ?? null, inferred: active.inferred };
  /** An LlmCall for an LLM endpoint. */
  let handlers: Handlers | undefined;
  const aborted = (error: unknown) => isAbort(error) || signalOf(input, init)?.aborted === true;
  /** The span, started with the call's own start time; most of this work waits until the request is sent. */
  const open = (): Span => {
    const secrets = collectSecrets(request.url, request.headers);
    const span = startRequestSpan(tracer, request, detected, where);
    if (plan) {
      if (plan.attributes) span.setAttributes(plan.attributes);
      plan.started?.(span);
    }
    handlers = detected ? new LlmCall({ tracer, span, detected, prices: config.prices, secrets, aborted }) : httpCall(span, secrets, aborted);
    return span;
  };
  let prepared = false;
  /** Start the span and read the request: after the current task, or earlier if the answer is faster. */
  const prepare = () => {
    if (prepared) return;
    prepared = true;
    if (!handlers && (detected || config.recordHttp)) open();
    if (requestBody !== undefined) (handlers as LlmCall).takeRequestBody(requestBody);
  };
  const call: Call = {
    args,
    // Out of the way of the request and of the app's code right after fetch(). A watched request's
    // span waits for the response, which tells what it is.
    sent: watched
      ? undefined
      : () =>
          afterTask(() => {
            try {
              prepare();
            } catch (error) {
              tracer.reportError('fetch: start span', error);
            }
          }),
    response: (response) => {
      if (watched) {
        // An http span that already went out in a traceparent ends at the headers, as always; a
        // recognised protocol's spans go under it.
        const early = handlers;
        const unrecognised = () => {
          if (early || !config.recordHttp) return;
          open();
          handlers?.response(response);
        };
        const recognised = recognisedCall(watched, response, recognisedContext(tracer, config, request, where, aborted, () => httpSpan, unrecognised, () => reservedIds));
        if (recognised) {
          prepared = true;
          early?.response(response);
          handlers = recognised.handlers;
          return recognised.response;
        }
      }
      prepare();
      return handlers ? handlers.response(response) : response;
    },
    failed: (error) => {
      prepare();
      handlers?.failed(error);
    },
  };
  if (plan?.respond) call.respond = plan.respond;
  let reservedIds: { traceId: string; spanId: string } | undefined;
  // The header carries the span's ids, so that span has to exist before the request leaves.
  let httpSpan: Span | undefined;
  if (propagate) {
    const carried = detected || config.recordHttp ? (httpSpan = open()) : tracer.context.active().span;
    if (carried) call.args = addHeader(input, init ?? undefined, request.headers, formatTraceparent(carried));
    else if (watched && looksLikeAppProtocol(watched.bodyText)) {
      // Only the response will say whether this is a turn of an app protocol; its backend must
      // join the trace now, so the turn span's ids are chosen here and go out in the header.
      reservedIds = { traceId: newTraceId(), spanId: newSpanId() };
      call.args = addHeader(input, init ?? undefined, request.headers, formatTraceparent(reservedIds));
    }
  }
  return call;
}

/** The origins that get a traceparent, computed once per page origin. */
function originsFor(config: CallConfig, pageOrigin: string | undefined): ReadonlySet<string> {
  if (config.origins === undefined || config.origins.page !== pageOrigin) {
    config.origins = { page: pageOrigin, allowed: traceparentOrigins(pageOrigin, config.allowedOrigins) };
  }
  return config.origins.allowed;
}

/** An endpoint the app listed in llmUrls: its format guessed from headers and a string body. */
function detectNamedEndpoint(
  config: CallConfig,
  request: OutgoingRequest,
  input: unknown,
  init: RequestInit | null | undefined,
  body: { value?: BodyText },
): Detected | undefined {
  if (config.patterns.length === 0 || !matchesAny(request.url, config.patterns)) return undefined;
  body.value = readBodyText(input, init ?? undefined);
  const parsed = typeof body.value === 'string' ? parseJson(body.value) : undefined;
  // An app protocol's request (AI SDK chat, MCP...) is read by its response (recognised-call.ts).
  if (parsed?.ok && isAppProtocolRequest(parsed.value)) return undefined;
  return detectNamed(request.url, request.headers, parsed?.ok ? parsed.value : undefined);
}

/** What recognised-call.ts needs to start spans as this call's. */
function recognisedContext(
  tracer: Tracer,
  config: CallConfig,
  request: OutgoingRequest,
  where: SpanPlace,
  aborted: (error: unknown) => boolean,
  opened: () => Span | undefined,
  unrecognised: () => void,
  reserved: () => { traceId: string; spanId: string } | undefined,
): RecognisedContext {
  // Under the http span if one already went out in a traceparent.
  let ids = reserved();
  /** Under the http span if one went out; else the ids that went out in the traceparent, once. */
  const place = (): SpanPlace => {
    const parent = opened() ?? where.parent;
    const taken = parent ? undefined : ids;
    ids = undefined;
    return { ...where, parent, ids: taken };
  };
  return {
    tracer,
    prices: config.prices,
    aborted,
    startLlmSpan: (detected) => startRequestSpan(tracer, request, detected, place()),
    startSpan: (name, kind, attributes) =>
      {
        const at = place();
        return tracer.startSpan(name, { kind, startTime: where.startTime, parent: at.parent, ids: at.ids, attributes: { ...attributes, ...httpAttributes(request) } });
      },
    unrecognised,
  };
}


/** A non-LLM request: the span ends when the response headers arrive (the body is not watched). */
function httpCall(span: Span, secrets: string[], aborted: (error: unknown) => boolean): Handlers {
  return {
    response(response) {
      span.setAttribute(sem.HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 400) {
        span.setAttribute(sem.ERROR_TYPE, String(response.status));
        span.setStatus('error', `HTTP ${response.status}`);
      }
      span.end();
      return response;
    },
    failed(error) {
      const byApp = aborted(error);
      span.setAttribute(sem.ERROR_TYPE, byApp ? 'aborted' : errorName(error));
      span.setStatus('error', byApp ? 'aborted by the app' : scrubSecrets(error instanceof Error ? error.message : String(error), secrets));
      span.end();
    },
  };
}

function signalOf(input: unknown, init: RequestInit | null | undefined): AbortSignal | undefined {
  return init?.signal ?? (isRequest(input) ? input.signal : undefined);
}

/**
 * The same request plus one header, without touching the app's objects: fetch(input, init) with
 * a new init whose headers are a copy. For a Request input, init.headers replaces the Request's
 * headers, so the copy starts from them (describeRequest did that already).
 */
function addHeader(input: unknown, init: RequestInit | undefined, headers: Headers, traceparent: string): unknown[] {
  const copy = new Headers(headers);
  copy.set(TRACEPARENT_HEADER, traceparent);
  return [input, { ...init, headers: copy }];
}

/**
 * A cheap look at a string body before any parsing: a chat of the AI SDK or AG-UI (`messages`), or
 * a JSON-RPC call (MCP). Confirmed by isAppProtocolRequest once parsed.
 */
function looksLikeAppProtocol(body: string | undefined): boolean {
  if (body === undefined || body.length > MAX_SNIFFED_BODY || !(body.includes('"messages"') || body.includes('"jsonrpc"'))) return false;
  const parsed = parseJson(body);
  return parsed.ok && isAppProtocolRequest(parsed.value);
}

/** Bodies longer than this are not parsed at request time (the span's ids are then not reserved). */
const MAX_SNIFFED_BODY = 1_000_000;
