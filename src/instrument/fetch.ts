/**
 * Automatic tracing of the page's LLM calls: `globalThis.fetch` is wrapped once, and every request
 * to an LLM endpoint (OpenAI, Anthropic, compatible APIs, endpoints the app names) becomes an `llm`
 * span that fills in live while the answer streams. Clients such as `openai` and
 * `@anthropic-ai/sdk` use the global fetch, so they are traced with no app code, provided they are
 * constructed after instrumentFetch() ran (they keep the fetch they found at construction).
 *
 * The wrapper is built to be indistinguishable from the native fetch for the app:
 *   - the same arguments reach the native fetch (only a `traceparent` header is added, and only
 *     towards allowed origins); bodies are never consumed (see request.ts);
 *   - the same promise outcome: the very same Response object (JSON answers are read through a
 *     clone), or for streams a pass-through Response (see tap.ts for exactly what differs); the
 *     very same error object on rejection (TypeError, AbortError);
 *   - anything failing inside spanlens is reported to the tracer and the call goes on untraced.
 */
import { now } from '../core/clock';
import { getTracer } from '../core/global';
import * as sem from '../core/semconv';
import type { Span, Tracer } from '../core/tracer';
import { afterTask } from './defer';
import { isAbort, LlmCall } from './llm-call';
import { DEFAULT_PRICES, type ModelPrice } from './prices';
import { detectKnown, detectNamed, type Detected } from './providers/index';
import { parseJson } from './providers/json';
import { collectSecrets, sanitizeUrl } from './redact';
import { describeRequest, isRequest, readBodyText, type BodyText, type OutgoingRequest } from './request';
import { formatTraceparent, TRACEPARENT_HEADER, traceparentOrigins } from './traceparent';
import { compilePattern, matchesAny, type CompiledPattern, type UrlPattern } from './url-patterns';

export interface FetchInstrumentationOptions {
  /** Where spans go. Default: the page's tracer (getTracer()), looked up at each call. */
  tracer?: Tracer;
  /** Extra OpenAI-compatible endpoints: `'/api/chat'`, `'http://localhost:11434/*'`, a RegExp. */
  llmUrls?: Array<string | RegExp>;
  /** Origins besides the page's own that get a W3C traceparent header. */
  traceparentOrigins?: string[];
  /** Record non-LLM fetches as `http` spans. Default false. */
  recordHttp?: boolean;
  /** Override or extend the price table (USD per 1M tokens), by model id. */
  prices?: Record<string, ModelPrice>;
}

export interface FetchInstrumentation {
  uninstall(): void;
}

type Fetch = typeof globalThis.fetch;

interface Installed {
  original: Fetch;
  wrapper: Fetch;
  active: boolean;
}

interface Config {
  tracer: Tracer | undefined;
  patterns: CompiledPattern[];
  allowedOrigins: string[] | undefined;
  recordHttp: boolean;
  prices: Readonly<Record<string, ModelPrice>>;
  /** Cache of originsFor(). */
  origins?: { page: string | undefined; allowed: ReadonlySet<string> };
}

/** On globalThis, so that two copies of spanlens on one page (npm + script tag) wrap fetch once. */
const INSTALLED = Symbol.for('spanlens.fetch.installed');

type Global = typeof globalThis & { [INSTALLED]?: Installed };

const NOOP: FetchInstrumentation = { uninstall() {} };

/**
 * Wrap globalThis.fetch. Idempotent: while installed, a second call does nothing and returns a
 * handle whose uninstall() does nothing; the first handle uninstalls.
 */
export function instrumentFetch(options: FetchInstrumentationOptions = {}): FetchInstrumentation {
  const g = globalThis as Global;
  if (g[INSTALLED]?.active || typeof g.fetch !== 'function') return NOOP;
  const original = g.fetch;
  const installed: Installed = { original, wrapper: original, active: true };
  installed.wrapper = createWrapper(installed, compileOptions(options));
  g.fetch = installed.wrapper;
  g[INSTALLED] = installed;
  return {
    uninstall() {
      if (!installed.active) return;
      // If someone wrapped our wrapper since, we cannot unhook it; it turns into a pass-through.
      installed.active = false;
      if (g.fetch === installed.wrapper) g.fetch = installed.original;
      if (g[INSTALLED] === installed) delete g[INSTALLED];
    },
  };
}

export function isFetchInstrumented(): boolean {
  return (globalThis as Global)[INSTALLED]?.active === true;
}

/** The fetch spanlens wrapped (for spanlens' own requests, e.g. an OTLP exporter, which must not be traced). */
export function getOriginalFetch(): Fetch {
  const g = globalThis as Global;
  return g[INSTALLED]?.active ? g[INSTALLED].original : g.fetch;
}

function compileOptions(options: FetchInstrumentationOptions): Config {
  return {
    tracer: options.tracer,
    patterns: (options.llmUrls ?? []).map((p: UrlPattern) => compilePattern(p)),
    allowedOrigins: options.traceparentOrigins,
    recordHttp: options.recordHttp === true,
    prices: { ...DEFAULT_PRICES, ...options.prices },
  };
}

function createWrapper(installed: Installed, config: Config): Fetch {
  const original = installed.original;
  const wrapper = function fetch(this: unknown, ...args: unknown[]): Promise<Response> {
    if (!installed.active) return Reflect.apply(original, this, args) as Promise<Response>;
    const tracer = config.tracer ?? getTracer();
    let call: Call | undefined;
    try {
      call = beginCall(tracer, config, args);
    } catch (error) {
      tracer.reportError('fetch: start', error);
    }
    if (!call) return Reflect.apply(original, this, args) as Promise<Response>;
    const traced = call;
    let promise: Promise<Response>;
    try {
      promise = Reflect.apply(original, this, traced.args) as Promise<Response>;
    } catch (error) {
      // Only a non-native fetch throws synchronously; the app still sees its own error.
      guard(tracer, () => traced.failed(error));
      throw error;
    }
    // Starting the span and parsing the request body wait until the request is on its way.
    if (traced.sent) guard(tracer, traced.sent);
    return promise.then(
      (response) => {
        try {
          return traced.response(response);
        } catch (error) {
          tracer.reportError('fetch: response', error);
          return response;
        }
      },
      (error: unknown) => {
        guard(tracer, () => traced.failed(error));
        throw error;
      },
    );
  };
  Object.defineProperty(wrapper, 'length', { value: original.length });
  return wrapper as Fetch;
}

/** One fetch call as the wrapper drives it. */
interface Call {
  /** The arguments for the native fetch: the app's, or with a traceparent header added. */
  args: unknown[];
  /** Called right after the native fetch was called. */
  sent?: () => void;
  response(response: Response): Response;
  failed(error: unknown): void;
}

function beginCall(tracer: Tracer, config: Config, args: unknown[]): Call | undefined {
  const startTime = now();
  const [input, init] = args as [unknown, RequestInit | undefined];
  const location = (globalThis as { location?: { href?: string; origin?: string } }).location;
  const request = describeRequest(input, init ?? undefined, location?.href);
  if (!request) return undefined; // fetch will reject on its own; nothing to trace

  const body: { value?: BodyText } = {};
  const detected = detectKnown(request.url, request.headers) ?? detectNamedEndpoint(config, request, input, init, body);
  const propagate = !request.headers.has(TRACEPARENT_HEADER) && originsFor(config, location?.origin).has(request.url.origin);
  if (!detected && !config.recordHttp) {
    // Not ours to record; a backend of the page's own still joins the current trace.
    const current = propagate ? tracer.context.active().span : undefined;
    if (!current) return undefined;
    return { args: addHeader(input, init ?? undefined, request.headers, formatTraceparent(current)), response: (r) => r, failed: () => {} };
  }

  // Read now (a Request can only be cloned before fetch uses it), parsed once the request is sent.
  const requestBody = detected ? (body.value ?? readBodyText(input, init ?? undefined)) : undefined;
  // The parent is the current span at the call, although the span starts a moment later.
  const active = tracer.context.active();
  const where: SpanPlace = { startTime, parent: active.span ?? null, inferred: active.inferred };
  let handlers: Pick<Call, 'response' | 'failed'> | undefined;
  let llm: LlmCall | undefined;
  /** The span, started with the call's own start time; most of this work waits until the request is sent. */
  const open = (): Span => {
    const secrets = collectSecrets(request.url, request.headers);
    if (detected) {
      const span = startLlmSpan(tracer, request, detected, where);
      const call = new LlmCall({ tracer, span, detected, prices: config.prices, secrets });
      llm = call;
      handlers = {
        response: (response) => call.response(response),
        failed: (error) => call.fetchError(error, isAbort(error) || signalOf(input, init)?.aborted === true),
      };
      return span;
    }
    const span = startHttpSpan(tracer, request, where);
    handlers = httpCall(span, secrets, input, init);
    return span;
  };
  let prepared = false;
  /** Start the span and read the request: after the current task, or earlier if the answer is faster. */
  const prepare = () => {
    if (prepared) return;
    prepared = true;
    if (!handlers) open();
    if (llm && requestBody) llm.takeRequestBody(requestBody);
  };
  const call: Call = {
    args,
    // Out of the way of the request and of the app's code right after fetch().
    sent: () => afterTask(() => guard(tracer, prepare)),
    response: (response) => {
      prepare();
      return handlers ? handlers.response(response) : response;
    },
    failed: (error) => {
      prepare();
      handlers?.failed(error);
    },
  };
  // The header carries the span's ids, so that span has to exist before the request leaves.
  if (propagate) call.args = addHeader(input, init ?? undefined, request.headers, formatTraceparent(open()));
  return call;
}

/** The origins that get a traceparent, computed once per page origin. */
function originsFor(config: Config, pageOrigin: string | undefined): ReadonlySet<string> {
  if (config.origins === undefined || config.origins.page !== pageOrigin) {
    config.origins = { page: pageOrigin, allowed: traceparentOrigins(pageOrigin, config.allowedOrigins) };
  }
  return config.origins.allowed;
}

/** An endpoint the app listed in llmUrls: its format guessed from headers and a string body. */
function detectNamedEndpoint(
  config: Config,
  request: OutgoingRequest,
  input: unknown,
  init: RequestInit | null | undefined,
  body: { value?: BodyText },
): Detected | undefined {
  if (config.patterns.length === 0 || !matchesAny(request.url, config.patterns)) return undefined;
  body.value = readBodyText(input, init ?? undefined);
  const parsed = 'text' in body.value ? parseJson(body.value.text) : undefined;
  return detectNamed(request.url, request.headers, parsed?.ok ? parsed.value : undefined);
}

/** When and under which span a call's span starts. */
interface SpanPlace {
  startTime: number;
  parent: Span | null;
  /** The parent came from the sequential-flow guess (core/context.ts). */
  inferred: boolean;
}

function startLlmSpan(tracer: Tracer, request: OutgoingRequest, detected: Detected, where: SpanPlace): Span {
  return tracer.startSpan('chat', {
    kind: 'llm',
    startTime: where.startTime,
    parent: where.parent,
    attributes: {
      [sem.GEN_AI_OPERATION_NAME]: 'chat',
      [sem.GEN_AI_PROVIDER_NAME]: detected.provider,
      ...httpAttributes(request),
      ...(where.inferred ? { [sem.SPANLENS_PARENT_INFERRED]: true } : {}),
    },
  });
}

function startHttpSpan(tracer: Tracer, request: OutgoingRequest, where: SpanPlace): Span {
  return tracer.startSpan(`${request.method} ${request.url.pathname}`, {
    kind: 'http',
    startTime: where.startTime,
    parent: where.parent,
    attributes: { ...httpAttributes(request), ...(where.inferred ? { [sem.SPANLENS_PARENT_INFERRED]: true } : {}) },
  });
}

function httpAttributes(request: OutgoingRequest): Record<string, unknown> {
  const url = request.url;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
  return {
    [sem.HTTP_REQUEST_METHOD]: request.method,
    [sem.URL_FULL]: sanitizeUrl(url),
    [sem.SERVER_ADDRESS]: url.hostname,
    ...(port === undefined ? {} : { [sem.SERVER_PORT]: port }),
  };
}

/** A non-LLM request: the span ends when the response headers arrive (the body is not watched). */
function httpCall(span: Span, secrets: string[], input: unknown, init: RequestInit | null | undefined): Pick<Call, 'response' | 'failed'> {
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
      const aborted = isAbort(error) || signalOf(input, init)?.aborted === true;
      const name = error instanceof Error ? error.name : typeof error;
      span.setAttribute(sem.ERROR_TYPE, aborted ? 'aborted' : name);
      const message = error instanceof Error ? error.message : String(error);
      span.setStatus('error', aborted ? 'aborted by the app' : scrub(message, secrets));
      span.end();
    },
  };
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('REDACTED');
  return out;
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

function guard(tracer: Tracer, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    tracer.reportError('fetch', error);
  }
}
