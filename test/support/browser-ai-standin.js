/**
 * A stand-in for the browser's built-in AI, for tests: headless Chromium has no on-device model,
 * so this installs classes with the specifications' exact shape on a global object
 * (webmachinelearning/prompt-api, writing-assistance-apis, translation-api):
 *   - `LanguageModel extends EventTarget`, not constructible (TypeError "Illegal constructor"),
 *     static `create()` / `availability()`, prototype methods `prompt`, `promptStreaming`,
 *     `append`, `measureContextUsage`, `clone`, `destroy`, getters `contextUsage`,
 *     `contextWindow`, `topK`, `temperature`, a `contextoverflow` event;
 *   - `Summarizer`, `Writer`, `Rewriter`, `Translator`, `LanguageDetector`, `Proofreader` with their methods,
 *     settings getters and `inputQuota` / `measureInputUsage`;
 *   - errors as the specs name them: AbortError (or the signal's reason), InvalidStateError
 *     after destroy(), QuotaExceededError (with `requested` and `quota`), NotSupportedError.
 * Streams are ReadableStreams of string deltas produced on demand (high-water mark 0), one word
 * per pull, so a test can count how far the producer was pulled. Tokens are words.
 *
 * A classic script (no exports), so an e2e page can run it as an init script:
 * `globalThis.installBuiltInAiStandIn(target, { delayMs })` installs the classes on `target`.
 */
(function (root) {
  root.installBuiltInAiStandIn = function install(g, settings = {}) {
    const delayMs = settings.delayMs ?? 0;
    const stats = { pulls: 0, calls: [] };
    const token = Symbol('constructing');
    const count = (text) => String(text).split(/\s+/).filter(Boolean).length;
    const textOf = (input) => {
      if (typeof input === 'string') return input;
      if (!Array.isArray(input)) return String(input);
      return input.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((c) => (c.type === 'text' ? c.value : `[${c.type}]`)).join(' '))).join(' ');
    };
    const abortError = (signal) => signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    const wait = (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(abortError(signal));
        }, { once: true });
      });
    const quotaError = (requested, quota) => {
      const error = new DOMException(`The input is too large (${requested} tokens, ${quota} available).`, 'QuotaExceededError');
      Object.defineProperties(error, { requested: { value: requested }, quota: { value: quota } });
      return error;
    };

    /** Answers: JSON when constrained, else a fixed sentence about the input. */
    const answerFor = (input, options) => {
      if (options?.responseConstraint) return JSON.stringify({ answer: 'yes', words: count(textOf(input)) });
      return settings.answer ?? 'Paris is the capital of France.';
    };

    /** A stream of the answer's words (each a delta), produced only when pulled. */
    const wordStream = (answer, signal, beforeEach) => {
      const words = answer.match(/\S+\s*/g) ?? [];
      let i = 0;
      return new ReadableStream(
        {
          async start(controller) {
            signal?.addEventListener('abort', () => controller.error(abortError(signal)), { once: true });
          },
          async pull(controller) {
            stats.pulls++;
            await wait(delayMs, signal);
            beforeEach?.();
            if (i < words.length) controller.enqueue(words[i++]);
            else controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    };

    class LanguageModel extends EventTarget {
      #destroyed = false;
      #usage = 0;
      #window;
      #topK;
      #temperature;
      constructor(key, options = {}, usage = 0) {
        if (key !== token) throw new TypeError('Illegal constructor');
        super();
        this.#window = settings.contextWindow ?? 1000;
        this.#topK = options.topK ?? 3;
        this.#temperature = options.temperature ?? 1;
        this.#usage = usage;
      }
      static async availability() {
        return 'available';
      }
      static async create(options = {}) {
        if (options.signal?.aborted) throw abortError(options.signal);
        if (options.topK !== undefined && !(options.topK > 0)) throw new RangeError('topK must be positive');
        const session = new LanguageModel(token, options);
        if (options.initialPrompts) {
          const tokens = count(textOf(options.initialPrompts));
          if (tokens > session.#window) throw quotaError(tokens, session.#window);
          session.#usage = tokens;
        }
        return session;
      }
      get contextUsage() {
        return this.#usage;
      }
      get contextWindow() {
        return this.#window;
      }
      get topK() {
        return this.#topK;
      }
      get temperature() {
        return this.#temperature;
      }
      #check(input) {
        if (this.#destroyed) throw new DOMException('The model has been destroyed.', 'InvalidStateError');
        if (Array.isArray(input) && input.length === 0) throw new DOMException('The prompt is empty.', 'SyntaxError');
        const tokens = count(textOf(input));
        if (tokens > this.#window - this.#usage) throw quotaError(tokens, this.#window - this.#usage);
        return tokens;
      }
      async prompt(input, options = {}) {
        stats.calls.push('prompt');
        const tokens = this.#check(input);
        await wait(delayMs, options.signal);
        if (this.#destroyed) throw new DOMException('The model has been destroyed.', 'AbortError');
        const answer = answerFor(input, options);
        this.#usage += tokens + count(answer);
        return answer;
      }
      promptStreaming(input, options = {}) {
        stats.calls.push('promptStreaming');
        let tokens;
        try {
          tokens = this.#check(input);
        } catch (error) {
          return new ReadableStream({ start: (controller) => controller.error(error) });
        }
        const answer = answerFor(input, options);
        this.#usage += tokens;
        return wordStream(answer, options.signal, () => {
          if (this.#destroyed) throw new DOMException('The model has been destroyed.', 'AbortError');
          this.#usage += 1;
        });
      }
      async append(input, options = {}) {
        const tokens = this.#check(input);
        await wait(delayMs, options.signal);
        this.#usage += tokens;
      }
      async measureContextUsage(input) {
        return count(textOf(input));
      }
      async clone(options = {}) {
        if (options.signal?.aborted) throw abortError(options.signal);
        return new LanguageModel(token, { topK: this.#topK, temperature: this.#temperature }, this.#usage);
      }
      destroy() {
        this.#destroyed = true;
      }
    }

    /** The writing assistance and translation APIs share one shape: create, one method, its streaming twin. */
    function writingApi(name, method, streamingMethod, defaults, transform) {
      let settingsOf;
      const Api = class {
        #settings;
        static {
          settingsOf = (instance) => instance.#settings;
        }
        #destroyed = false;
        constructor(key, settings) {
          if (key !== token) throw new TypeError('Illegal constructor');
          this.#settings = settings;
        }
        static async availability() {
          return 'available';
        }
        static async create(options = {}) {
          if (options.signal?.aborted) throw abortError(options.signal);
          if (name === 'Translator' && (typeof options.sourceLanguage !== 'string' || typeof options.targetLanguage !== 'string')) {
            throw new TypeError("Failed to execute 'create': required member sourceLanguage is undefined.");
          }
          if (name === 'Translator' && options.targetLanguage === 'tlh') throw new DOMException('Unable to create translator for the given source and target language.', 'NotSupportedError');
          const picked = {};
          for (const key of Object.keys(defaults)) picked[key] = options[key] ?? defaults[key];
          return new Api(token, picked);
        }
        get inputQuota() {
          return 4000;
        }
        async measureInputUsage(input) {
          return count(input);
        }
        destroy() {
          this.#destroyed = true;
        }
        async [method](input, options = {}) {
          if (this.#destroyed) throw new DOMException('The model has been destroyed.', 'InvalidStateError');
          await wait(delayMs, options.signal);
          return transform(String(input), this.#settings, options);
        }
      };
      Object.defineProperty(Api, 'name', { value: name });
      for (const key of Object.keys(defaults)) {
        Object.defineProperty(Api.prototype, key, { get() { return settingsOf(this)[key]; }, configurable: true, enumerable: true });
      }
      if (streamingMethod) {
        Object.defineProperty(Api.prototype, streamingMethod, {
          configurable: true,
          enumerable: true,
          writable: true,
          value: function (input, options = {}) {
            const text = transform(String(input), settingsOf(this), options);
            return wordStream(typeof text === 'string' ? text : JSON.stringify(text), options.signal);
          },
        });
      }
      return Api;
    }

    const shared = { sharedContext: '', expectedInputLanguages: null, outputLanguage: null };
    g.LanguageModel = LanguageModel;
    g.Summarizer = writingApi('Summarizer', 'summarize', 'summarizeStreaming', { ...shared, type: 'key-points', format: 'markdown', length: 'short' }, (input) => `- ${input.split('.')[0]}.`);
    g.Writer = writingApi('Writer', 'write', 'writeStreaming', { ...shared, tone: 'neutral', format: 'markdown', length: 'short' }, (input) => `Dear team, ${input}`);
    g.Rewriter = writingApi('Rewriter', 'rewrite', 'rewriteStreaming', { ...shared, tone: 'as-is', format: 'as-is', length: 'as-is' }, (input) => input.toUpperCase());
    g.Translator = writingApi('Translator', 'translate', 'translateStreaming', { sourceLanguage: 'en', targetLanguage: 'fr' }, (input) => (input === 'Hello' ? 'Bonjour' : `[fr] ${input}`));
    g.LanguageDetector = writingApi('LanguageDetector', 'detect', null, { expectedInputLanguages: null }, () => [
      { detectedLanguage: 'de', confidence: 0.92 },
      { detectedLanguage: 'nl', confidence: 0.05 },
      { detectedLanguage: 'und', confidence: 0.03 },
    ]);
    g.Proofreader = writingApi('Proofreader', 'proofread', null, { includeCorrectionTypes: false, includeCorrectionExplanations: false, correctionExplanationLanguage: null, expectedInputLanguages: null }, (input) => ({
      correctedInput: input.replace('teh', 'the'),
      corrections: input.includes('teh') ? [{ startIndex: input.indexOf('teh'), endIndex: input.indexOf('teh') + 3, correction: 'the' }] : [],
    }));
    return stats;
  };
})(globalThis);
