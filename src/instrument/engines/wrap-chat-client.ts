/**
 * `wrapChatClient(engine)`: tracing an OpenAI-shaped client that does not go through fetch, such
 * as an in-page engine (WebLLM's `MLCEngine`, `WebWorkerMLCEngine`), where
 * `engine.chat.completions.create(request)` resolves with a chat completion object or, with
 * `stream: true`, an async iterable of chunk objects (usage in the last one when
 * `stream_options.include_usage` is set).
 *
 *   const engine = spanlens.wrapChatClient(await CreateMLCEngine(modelId));   // the same engine
 *
 * Every call becomes an `llm` span read by the OpenAI chat parser (providers/openai-chat.ts)
 * from the very objects the engine hands over. The engine is the same object: only
 * `engine.chat.completions` gets an own `create` that calls the original with the same `this`
 * and arguments and returns its very promise outcome. A stream is the same object too: its
 * `next`/`return`/`throw` (and `[Symbol.asyncIterator]` when it hands out another iterator) get
 * own wrappers that pass every result and error through unchanged, so nothing is read ahead.
 * In-page engines run on the user's device: no price, no cost.
 */
import { getTracer } from '../../core/global';
import type { Tracer } from '../../core/tracer';
import { EngineCall } from './engine-call';

export interface WrapChatClientOptions {
  /** `gen_ai.provider.name`. Default `webllm` for WebLLM engines, otherwise `in_page`. */
  provider?: string;
  /** Where spans go. Default: the page's tracer, looked up at each call. */
  tracer?: Tracer;
}

/** Marks a completions object already wrapped (by this or another copy of spanlens). */
const WRAPPED = Symbol.for('spanlens.chat-client.wrapped');

type Create = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Trace `client.chat.completions.create`; returns `client` itself. A client without that method
 * is returned untouched (and the reason reported to the tracer); wrapping twice wraps once.
 */
export function wrapChatClient<T>(client: T, options: WrapChatClientOptions = {}): T {
  const tracerOf = () => options.tracer ?? getTracer();
  try {
    const completions = (client as { chat?: { completions?: Record<string | symbol, unknown> } } | null)?.chat?.completions;
    const create = completions?.create;
    if (!completions || typeof create !== 'function') {
      tracerOf().reportError('wrapChatClient', new TypeError('the client has no chat.completions.create() to trace'));
      return client;
    }
    if (completions[WRAPPED]) return client;
    const provider = options.provider ?? providerOf(client);
    const original = create as Create;
    const traced = {
      create(this: unknown, ...args: unknown[]) {
        const tracer = tracerOf();
        let call: EngineCall | undefined;
        try {
          call = new EngineCall(tracer, provider, args[0]);
        } catch (error) {
          tracer.reportError('wrapChatClient: start', error);
        }
        if (!call) return Reflect.apply(original, this, args);
        const observed = call;
        let result: unknown;
        try {
          result = Reflect.apply(original, this, args);
        } catch (error) {
          observed.failed(error);
          throw error;
        }
        return observed.watch(result);
      },
    }.create;
    Object.defineProperty(traced, 'length', { value: original.length });
    Object.defineProperty(completions, 'create', { value: traced, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(completions, WRAPPED, { value: true, configurable: true });
  } catch (error) {
    tracerOf().reportError('wrapChatClient', error);
  }
  return client;
}

/** WebLLM's engines are `MLCEngine`, `WebWorkerMLCEngine`, `ServiceWorkerMLCEngine`. */
function providerOf(client: unknown): string {
  const name = (client as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name.includes('MLCEngine') ? 'webllm' : 'in_page';
}
