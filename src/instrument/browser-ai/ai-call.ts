/**
 * One call of a built-in AI method (`session.prompt()`, `summarizer.summarizeStreaming()`...)
 * as one `llm` span:
 *
 *   start: the input (for a LanguageModel session, the conversation so far plus this prompt),
 *          the session's settings, its contextUsage and contextWindow
 *   then:  the answer text (streamed: chunk by chunk, a first-chunk event), the contextUsage
 *          after the call, or the error exactly as the app gets it (an AbortError, a
 *          QuotaExceededError, an InvalidStateError of a destroyed session...)
 *
 * Token counts are not recorded: the APIs do not report them per call. contextUsage before and
 * after is what they do report (the prompt and the answer both count into it, and an overflow
 * evicts older turns), so it is recorded as such, and no cost is ever computed.
 * Every method is called under the wrapper's guard: a failure here is reported, never thrown.
 */
import { safeJson, toText } from '../../core/attributes';
import { now } from '../../core/clock';
import type { ChatMessage } from '../../core/messages';
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { defined } from '../llm-attributes';
import { afterTask } from '../streams/after-task';
import { frameThrottle } from '../streams/frame-throttle';
import { browserAiProvider, ON_DEVICE_MODEL, type BrowserAiApi } from './apis';
import { addToHistory, promptMessages, sessionState, type SessionState } from './session-state';

export interface AiCallStart {
  tracer: Tracer;
  api: BrowserAiApi;
  method: string;
  streaming: boolean;
  /** The native instance the method was called on. */
  instance: object;
  input: unknown;
  options: unknown;
}

/** Languages the detector found, kept in the output (it lists every language it knows). */
const DETECTED_KEPT = 5;

export class AiCall {
  readonly #tracer: Tracer;
  readonly #span: Span;
  readonly #capture: boolean;
  readonly #instance: object;
  /** The LanguageModel session's conversation; undefined for the other APIs. */
  readonly #state: SessionState | undefined;
  readonly #inputMessages: ChatMessage[];
  /** The content attributes (JSON of the conversation), written after the current task: off the app's call. */
  #content: (() => Record<string, unknown>) | undefined;
  #text = '';
  #chunks = 0;
  readonly #live = frameThrottle(() => this.#recordText());

  constructor(start: AiCallStart) {
    const { tracer, api, instance } = start;
    this.#tracer = tracer;
    this.#capture = tracer.captureContent;
    this.#instance = instance;
    const isSession = api.className === 'LanguageModel';
    this.#state = isSession ? sessionState(instance) : undefined;
    this.#inputMessages = isSession ? promptMessages(start.input) : [{ role: 'user', parts: [{ type: 'text', content: toText(start.input) }] }];
    const options = asRecord(start.options);
    const attributes: Record<string, unknown> = {
      [sem.GEN_AI_OPERATION_NAME]: api.operation,
      [sem.GEN_AI_PROVIDER_NAME]: browserAiProvider(),
      [sem.GEN_AI_REQUEST_MODEL]: ON_DEVICE_MODEL,
      [sem.GEN_AI_REQUEST_STREAM]: start.streaming,
      [sem.SPANLENS_BROWSER_AI_API]: `${api.className}.${start.method}`,
    };
    if (this.#state) Object.assign(attributes, this.#sessionAttributes(this.#state, options));
    else Object.assign(attributes, this.#toolAttributes(api));
    this.#span = tracer.startSpan(`${api.operation} ${ON_DEVICE_MODEL}`, { kind: 'llm', attributes: defined(attributes) });
    if (this.#capture) {
      this.#content = this.#contentAttributes(options);
      afterTask(() => this.#writeContent());
    }
  }

  /** A promise method resolved with `value`. */
  resolved(value: unknown): void {
    if (typeof value === 'string') this.#text = value;
    else if (Array.isArray(value)) this.#text = detectedText(value);
    else if (typeof asRecord(value).correctedInput === 'string') this.#proofread(asRecord(value));
    this.#end();
  }

  /** A stream handed a chunk to the app. */
  chunk(chunk: unknown): void {
    if (this.#chunks++ === 0) {
      const time = now();
      this.#span.addEvent(sem.EVENT_FIRST_TOKEN, undefined, time);
      this.#span.setAttribute(sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, Math.round((time - this.#span.startTime) * 1000) / 1e6);
    }
    // Chunks are deltas (each one new text), as current Chrome streams them.
    this.#text += toText(chunk);
    if (this.#capture) this.#live.request();
  }

  streamEnded(): void {
    this.#span.setAttribute(sem.SPANLENS_STREAM_EVENTS, this.#chunks);
    this.#end();
  }

  streamCancelled(): void {
    this.#span.setAttributes({ [sem.SPANLENS_STREAM_EVENTS]: this.#chunks, [sem.SPANLENS_INCOMPLETE]: true, [sem.ERROR_TYPE]: 'aborted' });
    this.#span.setStatus('error', 'stream cancelled by the app');
    this.#end(false);
  }

  /** The method threw, its promise rejected or its stream errored: the app gets this very error. */
  failed(error: unknown): void {
    const name = error instanceof Error ? error.name : typeof error;
    const aborted = name === 'AbortError';
    if (this.#chunks > 0) this.#span.setAttributes({ [sem.SPANLENS_STREAM_EVENTS]: this.#chunks, [sem.SPANLENS_INCOMPLETE]: true });
    this.#span.recordException(error);
    this.#span.setAttribute(sem.ERROR_TYPE, aborted ? 'aborted' : name);
    // QuotaExceededError says how much was asked and how much there was.
    const e = asRecord(error);
    this.#span.setAttributes(defined({ [sem.SPANLENS_BROWSER_AI_QUOTA_REQUESTED]: finite(e.requested), [sem.SPANLENS_BROWSER_AI_QUOTA]: finite(e.quota) }));
    this.#span.setStatus('error', aborted ? 'aborted by the app' : error instanceof Error ? error.message || name : toText(error));
    this.#end(false);
  }

  /** Conversation, sampling settings, context window: what a LanguageModel prompt carries. */
  #sessionAttributes(state: SessionState, options: Record<string, unknown>): Record<string, unknown> {
    const session = this.#instance as Record<string, unknown>;
    const constraint = options.responseConstraint;
    return {
      [sem.GEN_AI_CONVERSATION_ID]: state.conversationId,
      [sem.GEN_AI_REQUEST_TEMPERATURE]: state.temperature ?? finite(session.temperature),
      [sem.GEN_AI_REQUEST_TOP_K]: state.topK ?? finite(session.topK),
      // A JSON schema constrains the answer to JSON; a RegExp to text of that shape.
      [sem.GEN_AI_OUTPUT_TYPE]: constraint === undefined ? undefined : constraint instanceof RegExp ? 'text' : 'json',
      [sem.SPANLENS_BROWSER_AI_RESPONSE_CONSTRAINT]: constraint instanceof RegExp ? String(constraint) : constraint === undefined ? undefined : safeJson(constraint),
      [sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE_BEFORE]: contextUsage(session),
      [sem.SPANLENS_BROWSER_AI_CONTEXT_WINDOW]: finite(session.contextWindow) ?? finite(session.inputQuota),
    };
  }

  /** Summarizer, Writer, Rewriter, Translator, LanguageDetector: settings and input quota. */
  #toolAttributes(api: BrowserAiApi): Record<string, unknown> {
    const instance = this.#instance as Record<string, unknown>;
    const settings: Record<string, unknown> = {};
    for (const name of api.settings) if (instance[name] !== undefined && instance[name] !== null) settings[name] = instance[name];
    return {
      [sem.SPANLENS_BROWSER_AI_OPTIONS]: Object.keys(settings).length > 0 ? safeJson(settings) : undefined,
      [sem.SPANLENS_BROWSER_AI_INPUT_QUOTA]: finite(instance.inputQuota),
    };
  }

  /**
   * What the model was given, read now (the conversation as it stands at this call) and turned
   * into JSON later: the input messages and the instructions.
   */
  #contentAttributes(options: Record<string, unknown>): () => Record<string, unknown> {
    const input = this.#inputMessages;
    if (this.#state) {
      const history = this.#state.history.slice();
      const system = this.#state.system;
      return () => ({ [sem.GEN_AI_INPUT_MESSAGES]: safeJson([...history, ...input]), [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: system && safeJson(system) });
    }
    const instance = this.#instance as Record<string, unknown>;
    const context = [instance.sharedContext, options.context].filter((c) => typeof c === 'string' && c !== '') as string[];
    return () => ({
      [sem.GEN_AI_INPUT_MESSAGES]: safeJson(input),
      [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: context.length > 0 ? safeJson(context.map((c) => ({ type: 'text', content: c }))) : undefined,
    });
  }

  /** Once: after the current task, or at the end if the call ended first. */
  #writeContent(): void {
    const content = this.#content;
    if (!content) return;
    this.#content = undefined;
    try {
      this.#span.setAttributes(defined(content()));
    } catch (error) {
      this.#tracer.reportError('browser AI: input', error);
    }
  }

  /** A Proofreader's result: the corrected text is the output, the corrections are counted. */
  #proofread(result: Record<string, unknown>): void {
    this.#text = result.correctedInput as string;
    if (Array.isArray(result.corrections)) this.#span.setAttribute(sem.SPANLENS_BROWSER_AI_CORRECTIONS, result.corrections.length);
  }

  #recordText(): void {
    if (!this.#capture || this.#span.ended) return;
    this.#span.setAttribute(sem.GEN_AI_OUTPUT_MESSAGES, safeJson([{ role: 'assistant', parts: [{ type: 'text', content: this.#text }] }]));
  }

  #end(succeeded = true): void {
    this.#writeContent();
    this.#live.cancel();
    const span = this.#span;
    if (this.#state) {
      span.setAttributes(defined({ [sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE]: contextUsage(this.#instance as Record<string, unknown>) }));
      // An aborted or failed prompt is removed from the session's context; a successful one stays.
      if (succeeded) addToHistory(this.#state, [...this.#inputMessages, { role: 'assistant', parts: [{ type: 'text', content: this.#text }] }]);
    }
    if (this.#text !== '' || succeeded) this.#recordText();
    span.end();
  }
}

/** `contextUsage`, or `inputUsage` where only the older name exists (extension contexts). */
function contextUsage(session: Record<string, unknown>): number | undefined {
  return finite(session.contextUsage) ?? finite(session.inputUsage);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
}

/** The detector's answer, best first, as the text of the output. */
function detectedText(results: unknown[]): string {
  return safeJson(results.slice(0, DETECTED_KEPT).map((r) => {
    const d = asRecord(r);
    return { detectedLanguage: d.detectedLanguage, confidence: d.confidence };
  })) ?? '';
}
