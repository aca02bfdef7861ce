/**
 * Replay: re-issue a captured LLM call, edited or not, and record the answer as its own llm span.
 *
 *   original span ──► draft (request read from the span) ──► edits ──► body in the original's
 *   wire format (raw body + edited fields for a live call; rebuilt for a stored one)
 *   ──► native fetch (not the app's wrapped one: no override, no other wrapper sees it)
 *   ──► LlmCall records it live, streaming when the original streamed ──► resolves on end
 *
 * Auth: a live call's own headers come from the request memory (this page load only, never on a
 * span); otherwise headers pasted for the endpoint's origin, else those of the latest live call to
 * the same origin, else none (a local or proxied endpoint may need none). A replay that fails at
 * the endpoint is still a span, with the error on it: the promise rejects only for bad input.
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import type { Tracer } from '../../core/tracer';
import type { ModelPrice } from '../prices';
import { anthropicMessages, ollamaChat, openaiChat, openaiResponses, type ApiFormat, type Detected } from '../providers/detect';
import { collectSecrets, sanitizeUrl } from '../secrets';
import type { LlmCallHook } from './fetch-call';
import { isAbort, LlmCall } from './llm-call';
import { RequestMemory } from './request-memory';
import { isWritable, WRITABLE_FORMATS, type LoadActionCode } from './action-code';
import type { ReplayEdits, ReplayableFormat } from './replay-request';

export interface ReplayOptions {
  /** Headers for this replay (a stored or imported span's endpoint needs its auth). Memory only. */
  headers?: HeadersInit;
  signal?: AbortSignal;
}

export interface ReplayerOptions {
  tracer: Tracer;
  prices: Readonly<Record<string, ModelPrice>>;
  /** The fetch to send with: the native one (getOriginalFetch). */
  fetch: () => typeof globalThis.fetch;
  /** The body writers (see action-code.ts). */
  loadCode: LoadActionCode;
}

const FORMATS: Record<ReplayableFormat, ApiFormat> = {
  'openai.chat_completions': openaiChat,
  'openai.responses': openaiResponses,
  'anthropic.messages': anthropicMessages,
  'ollama.chat': ollamaChat,
};

/** Headers never copied into a replay: the fetch computes them, or they identify the original. */
const DROPPED_HEADERS = ['content-length', 'traceparent', 'tracestate', 'host'];

export class Replayer {
  /** Private: headers never leave this object (the handle is reachable from page code). */
  readonly #memory = new RequestMemory();
  readonly #options: ReplayerOptions;

  constructor(options: ReplayerOptions) {
    this.#options = options;
  }

  /** The fetch wrapper's hook: remember each live call's URL, headers and body (memory only). */
  readonly remember: LlmCallHook = ({ request, body }) => ({
    started: (span) => {
      this.#memory.remember(span.spanId, {
        url: request.url.href,
        method: request.method,
        headers: request.headers,
        body: typeof body === 'string' ? body : undefined,
      });
      if (body instanceof Promise) void body.then((text) => this.#memory.rememberBody(span.spanId, text), () => undefined);
    },
  });

  /** Whether the span can be replayed, and if not why (for the panel's button). */
  check(span: SpanData): { ok: true } | { ok: false; reason: string } {
    if (span.kind !== 'llm') return { ok: false, reason: 'only llm spans can be replayed' };
    const format = span.attributes[sem.SPANLENS_API_FORMAT];
    if (!isWritable(format)) {
      return { ok: false, reason: `replay speaks ${WRITABLE_FORMATS.join(', ')}; this call is ${typeof format === 'string' ? format : 'of an unknown format'}` };
    }
    if (!this.#memory.has(span.spanId) && typeof span.attributes[sem.URL_FULL] !== 'string') return { ok: false, reason: 'the span has no URL to send to' };
    return { ok: true };
  }

  /** Has live headers for this call (no need to paste any). Never exposes them. */
  hasLiveHeaders(span: SpanData): boolean {
    return this.#memory.has(span.spanId);
  }

  /** Re-issue `original` with `edits`; resolves to the new span's id once that span has ended. */
  async replay(original: SpanData, edits: ReplayEdits = {}, options: ReplayOptions = {}): Promise<string> {
    const checked = this.check(original);
    if (!checked.ok) throw new TypeError(`spanlens.replay: ${checked.reason}`);
    checkEdits(edits);
    const format = original.attributes[sem.SPANLENS_API_FORMAT] as ReplayableFormat;
    const live = this.#memory.get(original.spanId);
    const url = new URL(live?.url ?? String(original.attributes[sem.URL_FULL]));
    const headers = new Headers(options.headers ?? live?.headers ?? this.#memory.pasted(url.origin) ?? this.#memory.latestFor(url.origin));
    for (const name of DROPPED_HEADERS) headers.delete(name);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    const code = await this.#options.loadCode();
    const body = code.replayBody(format, code.applyEdits(code.draftFromSpan(original), edits), edits, rawBody(live?.body));
    const text = JSON.stringify(body);

    const { tracer, prices } = this.#options;
    const provider = String(original.attributes[sem.GEN_AI_PROVIDER_NAME] ?? FORMATS[format].defaultProvider);
    const detected: Detected = { format: FORMATS[format], provider, hostProvider: provider, certain: true };
    const span = tracer.startSpan('chat', {
      kind: 'llm',
      parent: null,
      attributes: {
        [sem.GEN_AI_OPERATION_NAME]: 'chat',
        [sem.GEN_AI_PROVIDER_NAME]: provider,
        [sem.HTTP_REQUEST_METHOD]: 'POST',
        [sem.URL_FULL]: sanitizeUrl(url),
        [sem.SERVER_ADDRESS]: url.hostname,
        [sem.SPANLENS_REPLAY_OF]: original.spanId,
      },
    });
    span.addLink({ traceId: original.traceId, spanId: original.spanId, attributes: { [sem.SPANLENS_LINK_TYPE]: 'replay_of' } });
    // A replay can be replayed in turn, with the same headers.
    this.#memory.remember(span.spanId, { url: url.href, method: 'POST', headers, body: text });
    const ended = waitForEnd(tracer, span.spanId);
    const signal = options.signal;
    const call = new LlmCall({
      tracer,
      span,
      detected,
      prices,
      secrets: collectSecrets(url, headers),
      aborted: (error) => isAbort(error) || signal?.aborted === true,
    });
    call.takeRequestBody(text);
    try {
      const response = await this.#options.fetch()(url.href, { method: 'POST', headers, body: text, signal });
      // Read what the recorder hands back to its end: that is what drives a streamed span.
      await drain(call.response(response));
    } catch (error) {
      if (!span.ended) call.failed(error);
    }
    await ended;
    return span.spanId;
  }
}

/** The edits, checked enough that a wrong shape fails here with a message, not as a 400 later. */
function checkEdits(edits: ReplayEdits): void {
  if (edits === null || typeof edits !== 'object') throw new TypeError('spanlens.replay: edits is an object');
  if (edits.model !== undefined && (typeof edits.model !== 'string' || edits.model === '')) throw new TypeError('spanlens.replay: edits.model is a non-empty string');
  if (edits.system !== undefined && typeof edits.system !== 'string') throw new TypeError('spanlens.replay: edits.system is a string');
  if (edits.messages !== undefined) {
    const ok = Array.isArray(edits.messages) && edits.messages.every((m) => m && typeof m.role === 'string' && Array.isArray(m.parts));
    if (!ok) throw new TypeError('spanlens.replay: edits.messages is an array of { role, parts: [...] } (the gen_ai.input.messages shape)');
  }
  if (edits.tools !== undefined && !(Array.isArray(edits.tools) && edits.tools.every((t) => t && typeof t.name === 'string'))) {
    throw new TypeError('spanlens.replay: edits.tools is an array of { name, description?, parameters? }');
  }
  if (edits.parameters !== undefined) {
    if (edits.parameters === null || typeof edits.parameters !== 'object') throw new TypeError('spanlens.replay: edits.parameters is an object');
    for (const [name, value] of Object.entries(edits.parameters)) {
      const ok = name === 'stop' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === 'number' && Number.isFinite(value);
      if (!ok && value !== undefined) throw new TypeError(`spanlens.replay: edits.parameters.${name} is ${name === 'stop' ? 'a list of strings' : 'a finite number'}`);
    }
  }
}

function rawBody(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  for (;;) {
    const { done } = await reader.read();
    if (done) return;
  }
}

function waitForEnd(tracer: Tracer, spanId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = tracer.subscribe((type, span) => {
      if (type === 'end' && span.spanId === spanId) {
        off();
        resolve();
      }
    });
  });
}
