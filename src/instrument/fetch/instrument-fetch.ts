/**
 * Automatic tracing of the page's LLM calls: `globalThis.fetch` is wrapped once, and every request
 * to an LLM endpoint (OpenAI, Anthropic, compatible APIs, endpoints the app names) becomes an `llm`
 * span that fills in live while the answer streams. Clients such as `openai` and
 * `@anthropic-ai/sdk` use the global fetch, so they are traced with no app code, provided they are
 * constructed after instrumentFetch() ran (they keep the fetch they found at construction).
 *
 * The wrapper is built to be indistinguishable from the native fetch for the app:
 *   - the same arguments reach the native fetch, each read once (a URL as its string, `init` as a
 *     plain copy of its members; a `traceparent` header is added only towards allowed origins);
 *     bodies are never consumed (see outgoing-request.ts);
 *   - the same promise outcome: the very same Response object (JSON answers are read through a
 *     clone), or for streams a pass-through Response (see streams/tap.ts for exactly what differs); the
 *     very same error object on rejection (TypeError, AbortError);
 *   - anything failing inside spanlens is reported to the tracer and the call goes on untraced.
 */
import { getTracer } from '../../core/global';
import type { Tracer } from '../../core/tracer';
import { beginCall, type Call, type CallConfig, type LlmCallHook } from './fetch-call';
import { readArguments } from './outgoing-request';
import { DEFAULT_PRICES, type ModelPrice } from '../prices';
import { compilePattern, type UrlPattern } from '../url-patterns';

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
  /** @internal Replay memory and overrides (install() wires these). */
  onLlmCall?: LlmCallHook;
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

function compileOptions(options: FetchInstrumentationOptions): CallConfig {
  return {
    tracer: options.tracer,
    patterns: (options.llmUrls ?? []).map((p: UrlPattern) => compilePattern(p)),
    allowedOrigins: options.traceparentOrigins,
    recordHttp: options.recordHttp === true,
    prices: { ...DEFAULT_PRICES, ...options.prices },
    onLlmCall: options.onLlmCall,
  };
}

function createWrapper(installed: Installed, config: CallConfig): Fetch {
  const original = installed.original;
  // A method, like the native fetch (a WebIDL operation): named `fetch`, no `prototype`, and
  // `new fetch()` throws "is not a constructor".
  const { fetch: wrapper } = {
    fetch(this: unknown, ...appArgs: unknown[]): Promise<Response> {
      if (!installed.active) return Reflect.apply(original, this, appArgs) as Promise<Response>;
      let args: unknown[];
      try {
        args = readArguments(appArgs);
      } catch (error) {
        // An app's getter or toString() threw: fetch rejects with that very error.
        return Promise.reject(error);
      }
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
        // A pinned override answers in place of the network.
        promise = traced.respond ? traced.respond() : (Reflect.apply(original, this, traced.args) as Promise<Response>);
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
    },
  };
  Object.defineProperty(wrapper, 'length', { value: original.length });
  return wrapper as Fetch;
}

function guard(tracer: Tracer, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    tracer.reportError('fetch', error);
  }
}
