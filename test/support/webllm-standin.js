/**
 * A stand-in for a WebLLM engine (`@mlc-ai/web-llm` 0.2.x) for tests: no model is loaded, but the
 * object has the library's shape and its answers the library's objects, as its sources build
 * them (engine.ts: makeStreamDeltaChunk, makeStreamFinalChunk, makeStreamUsageChunk):
 *   - `engine.chat.completions.create(request)`, a prototype method of a `Completions` object;
 *   - without `stream`: a `chat.completion` object with `usage` (and WebLLM's `usage.extra`);
 *   - with `stream: true`: an async generator (its own iterator) of `chat.completion.chunk`
 *     objects, one per word, then a final chunk with an empty delta and the finish reason, then,
 *     with `stream_options.include_usage`, a chunk with `choices: []` and the usage.
 * `engine.failAfter = n` makes the stream throw after n chunks (a lost GPU device, say), as a
 * generator does: the error comes out of `next()`.
 *
 * A classic script: `globalThis.createWebLlmStandIn()` returns a new engine.
 */
(function (root) {
  const MODEL = 'Llama-3.2-1B-Instruct-q4f16_1-MLC';
  const ANSWER = 'The weather in Paris is sunny.';

  class Completions {
    #engine;
    constructor(engine) {
      this.#engine = engine;
    }
    async create(request) {
      const engine = this.#engine;
      engine.requests.push(request);
      if (!Array.isArray(request?.messages)) throw new Error('WebLLM: request.messages is required');
      const id = `chatcmpl-${engine.requests.length}`;
      const created = 1733500000;
      const words = ANSWER.match(/\S+\s?/g);
      const usage = {
        completion_tokens: words.length + 1,
        prompt_tokens: 31,
        total_tokens: words.length + 32,
        extra: { e2e_latency_s: 0.4, prefill_tokens_per_s: 300, decode_tokens_per_s: 40, time_to_first_token_s: 0.1, time_per_output_token_s: 0.025 },
      };
      if (request.stream !== true) {
        return {
          id,
          choices: [{ finish_reason: 'stop', index: 0, message: { content: ANSWER, role: 'assistant' }, logprobs: null }],
          model: MODEL,
          object: 'chat.completion',
          created,
          usage,
        };
      }
      return (async function* stream() {
        let sent = 0;
        for (const word of words) {
          if (engine.failAfter !== undefined && sent === engine.failAfter) throw new Error('GPUDevice was lost');
          engine.produced++;
          sent++;
          yield { id, choices: [{ delta: { content: word, role: 'assistant' }, finish_reason: null, index: 0, logprobs: null }], model: MODEL, object: 'chat.completion.chunk', created };
        }
        yield { id, choices: [{ delta: {}, finish_reason: 'stop', index: 0 }], model: MODEL, object: 'chat.completion.chunk', created };
        if (request.stream_options?.include_usage === true) yield { id, choices: [], usage, model: MODEL, object: 'chat.completion.chunk', created };
      })();
    }
  }

  class Chat {
    constructor(engine) {
      this.completions = new Completions(engine);
    }
  }

  class MLCEngine {
    constructor() {
      this.chat = new Chat(this);
      this.requests = [];
      /** Chunks the stream produced (to see that nobody read ahead of the app). */
      this.produced = 0;
      this.failAfter = undefined;
    }
  }

  root.createWebLlmStandIn = () => new MLCEngine();
  root.WEBLLM_STANDIN = { MODEL, ANSWER };
})(globalThis);
