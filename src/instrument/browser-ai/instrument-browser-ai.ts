/**
 * Automatic tracing of the browser's built-in AI (apis.ts lists the classes): every prompt,
 * summary, text written or rewritten, translation and language detection becomes an `llm` span
 * (ai-call.ts).
 *
 * Invisible to the app by construction:
 *   - the classes are not replaced: their prototype methods (and LanguageModel's static
 *     `create`) are, by functions with the same name and length that call the native method
 *     with the same `this` and the same arguments;
 *   - a session is the native object itself (create() resolves with what the native create()
 *     resolved with); a result is the native result; an error is the very same error object, a
 *     synchronous throw stays synchronous;
 *   - a streaming method returns a pass-through ReadableStream (streams/chunk-stream-tap.ts):
 *     no read-ahead, cancel and errors forwarded as they are;
 *   - nothing is read from the app's objects but what the span records: the input, and the
 *     options' `initialPrompts`, `temperature`, `topK`, `responseConstraint` and `context` (read
 *     by spanlens besides the native method: a getter there runs twice).
 * Anything failing inside spanlens is reported to the tracer and the call goes on untraced.
 * uninstall() puts the native methods back (where nobody wrapped them since).
 */
import { getTracer } from '../../core/global';
import type { Tracer } from '../../core/tracer';
import { tapChunkStream } from '../streams/chunk-stream-tap';
import { AiCall } from './ai-call';
import { BROWSER_AI_APIS, type BrowserAiApi } from './apis';
import { cloneSession, sessionState, addToHistory, promptMessages, startSession } from './session-state';

export interface BrowserAiInstrumentationOptions {
  /** Where spans go. Default: the page's tracer, looked up at each call. */
  tracer?: Tracer;
}

export interface BrowserAiInstrumentation {
  /** The classes found and wrapped (`LanguageModel`, `Summarizer`...). */
  readonly wrapped: readonly string[];
  uninstall(): void;
}

/** On globalThis, so that two copies of spanlens on one page wrap the methods once. */
const INSTALLED = Symbol.for('spanlens.browser-ai.installed');
type Global = typeof globalThis & { [INSTALLED]?: boolean } & Record<string, unknown>;

const NOOP: BrowserAiInstrumentation = { wrapped: [], uninstall() {} };

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

export function instrumentBrowserAi(options: BrowserAiInstrumentationOptions = {}): BrowserAiInstrumentation {
  const g = globalThis as Global;
  if (g[INSTALLED]) return NOOP;
  const tracerOf = () => options.tracer ?? getTracer();
  const undo: Array<() => void> = [];
  const wrapped: string[] = [];
  for (const api of BROWSER_AI_APIS) {
    const cls = g[api.className];
    if (typeof cls !== 'function' || cls.prototype === null || typeof cls.prototype !== 'object') continue;
    wrapped.push(api.className);
    const proto = cls.prototype as object;
    const isInstance = (value: unknown): value is object => value instanceof (cls as new () => object);
    for (const method of api.promiseMethods) replaceMethod(proto, method, (native) => tracedCall(native, api, method, false, isInstance, tracerOf), undo);
    for (const method of api.streamMethods) replaceMethod(proto, method, (native) => tracedCall(native, api, method, true, isInstance, tracerOf), undo);
    if (api.className === 'LanguageModel') wrapSessionLifecycle(cls, proto, isInstance, tracerOf, undo);
  }
  g[INSTALLED] = true;
  return {
    wrapped,
    uninstall() {
      for (const step of undo.splice(0).reverse()) step();
      delete g[INSTALLED];
    },
  };
}

/** A method that answers: one AiCall per call, around the native method. */
function tracedCall(
  native: AnyFunction,
  api: BrowserAiApi,
  method: string,
  streaming: boolean,
  isInstance: (value: unknown) => value is object,
  tracerOf: () => Tracer,
): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    const tracer = tracerOf();
    let call: AiCall | undefined;
    if (isInstance(this)) {
      const instance = this;
      guard(tracer, 'start', () => (call = new AiCall({ tracer, api, method, streaming, instance, input: args[0], options: args[1] })));
    }
    if (!call) return Reflect.apply(native, this, args);
    const traced = call;
    let result: unknown;
    try {
      result = Reflect.apply(native, this, args);
    } catch (error) {
      guard(tracer, 'failed', () => traced.failed(error));
      throw error;
    }
    if (streaming) {
      if (!(result instanceof ReadableStream)) {
        guard(tracer, 'result', () => traced.resolved(undefined));
        return result;
      }
      try {
        return tapChunkStream(result, {
          chunk: (chunk) => guard(tracer, 'chunk', () => traced.chunk(chunk)),
          end: () => guard(tracer, 'end', () => traced.streamEnded()),
          error: (error) => guard(tracer, 'stream error', () => traced.failed(error)),
          cancel: () => guard(tracer, 'cancel', () => traced.streamCancelled()),
        });
      } catch (error) {
        tracer.reportError('browser AI: stream', error);
        return result;
      }
    }
    return observe(result, tracer, (value) => traced.resolved(value), (error) => traced.failed(error));
  };
}

/** LanguageModel.create, append and clone keep each session's conversation (session-state.ts). */
function wrapSessionLifecycle(
  cls: object,
  proto: object,
  isInstance: (value: unknown) => value is object,
  tracerOf: () => Tracer,
  undo: Array<() => void>,
): void {
  replaceMethod(cls, 'create', (native) =>
    function (this: unknown, ...args: unknown[]) {
      const result = Reflect.apply(native, this, args);
      return observe(result, tracerOf(), (session) => isInstance(session) && startSession(session, args[0]));
    },
    undo,
  );
  replaceMethod(proto, 'append', (native) =>
    function (this: unknown, ...args: unknown[]) {
      const session = this;
      const result = Reflect.apply(native, this, args);
      if (!isInstance(session)) return result;
      return observe(result, tracerOf(), () => addToHistory(sessionState(session), promptMessages(args[0])));
    },
    undo,
  );
  replaceMethod(proto, 'clone', (native) =>
    function (this: unknown, ...args: unknown[]) {
      const session = this;
      const result = Reflect.apply(native, this, args);
      if (!isInstance(session)) return result;
      return observe(result, tracerOf(), (clone) => isInstance(clone) && cloneSession(session, clone));
    },
    undo,
  );
}

/**
 * Watch a native result without changing what the app gets: a promise is followed by one that
 * settles the same way, with the same value or the same error (an unhandled rejection stays
 * unhandled); anything else is handed back as it is.
 */
function observe(result: unknown, tracer: Tracer, onValue: (value: unknown) => unknown, onError?: (error: unknown) => void): unknown {
  if (!(result instanceof Promise)) {
    guard(tracer, 'result', () => onValue(result));
    return result;
  }
  return result.then(
    (value: unknown) => {
      guard(tracer, 'result', () => onValue(value));
      return value;
    },
    (error: unknown) => {
      if (onError) guard(tracer, 'failed', () => onError(error));
      throw error;
    },
  );
}

/**
 * Put `make(native)` in place of `target[name]`, keeping the property's attributes and the
 * function's name and length; a method that is not there (an older browser) is left alone.
 * The replacement is a method, not a constructor, as the native one is.
 */
function replaceMethod(target: object, name: string, make: (native: AnyFunction) => AnyFunction, undo: Array<() => void>): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor || typeof descriptor.value !== 'function' || !descriptor.configurable) return;
  const native = descriptor.value as AnyFunction;
  const body = make(native);
  const replacement = {
    [name](this: unknown, ...args: unknown[]) {
      return Reflect.apply(body, this, args);
    },
  }[name];
  Object.defineProperty(replacement, 'length', { value: native.length });
  Object.defineProperty(target, name, { ...descriptor, value: replacement });
  undo.push(() => {
    if (Object.getOwnPropertyDescriptor(target, name)?.value === replacement) Object.defineProperty(target, name, descriptor);
  });
}

function guard(tracer: Tracer, where: string, fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    tracer.reportError(`browser AI: ${where}`, error);
  }
}
