/**
 * What-if: pin an answer to the app's next matching LLM call. The fetch wrapper asks here before
 * each LLM call (the `onLlmCall` hook); a matching pin answers in the provider's own wire format
 * (override-wire.ts), streamed at a model's pace when the request streams, or fails the way the
 * provider fails (HTTP 429/500 with its error body, a stream cut midway, a stall), and the span is
 * marked `spanlens.overridden`. The request never reaches the network.
 *
 * A pin matches one endpoint: the same origin and path (never another origin), and optionally one
 * model. Pins live in memory; `persist: true` keeps one in localStorage so it applies after a
 * reload too (off by default: a forgotten pin must not survive by surprise).
 */
import type { LlmCallHook } from './fetch-call';
import { isWritable, type ActionCode, type LoadActionCode } from './action-code';
import type { OverrideFormat, PinnedAnswer } from './override-wire';
import * as sem from '../../core/semconv';

export interface OverrideMatch {
  /** The endpoint: an absolute URL; its origin and path must match (query ignored). */
  url: string;
  /** Only requests for this model. Absent: any model. */
  model?: string;
  /** `once` (default): the next matching call only. `always`: every call until removed. */
  times?: 'once' | 'always';
}

export type OverrideResponse =
  | ({ type: 'answer' } & PinnedAnswer)
  | { type: 'error'; status: number; message?: string }
  /** The stream (or body) stops with a network error after `text` (default: half of the answer). */
  | { type: 'cut'; text?: string }
  /** The answer starts (with `text`, if any) and then never continues, until the app aborts. */
  | { type: 'stall'; text?: string };

export interface OverrideOptions {
  /** Keep the pin across reloads (localStorage). Default false. */
  persist?: boolean;
  /** Milliseconds between streamed chunks. Default 25. */
  chunkMs?: number;
  /** Milliseconds before the response headers. Default 150. */
  firstByteMs?: number;
}

export interface Pin {
  id: string;
  match: OverrideMatch;
  response: OverrideResponse;
  options: OverrideOptions;
  /** How many calls it answered. */
  hits: number;
}

export interface OverrideHandle {
  readonly id: string;
  remove(): void;
}

const STORAGE_KEY = 'spanlens.overrides';
const RESPONSE_TYPES = ['answer', 'error', 'cut', 'stall'];

export class Overrides {
  #pins: Pin[] = [];
  #nextId = 1;
  #listeners: Array<() => void> = [];
  readonly #storage: Storage | undefined;

  readonly #loadCode: LoadActionCode;

  constructor(loadCode: LoadActionCode, storage: Storage | undefined = safeLocalStorage()) {
    this.#loadCode = loadCode;
    this.#storage = storage;
    for (const saved of this.#loadSaved()) {
      try {
        this.add(saved.match, saved.response, { ...saved.options, persist: true });
      } catch {
        // A saved pin this version cannot read: dropped (and dropped from storage on the next save).
      }
    }
  }

  /** Pin an answer. Throws a TypeError saying what is wrong with a malformed pin. */
  add(match: OverrideMatch, response: OverrideResponse, options: OverrideOptions = {}): OverrideHandle {
    const checkedMatch = checkMatch(match);
    const checkedResponse = checkResponse(response);
    const pin: Pin = { id: `pin-${this.#nextId++}`, match: checkedMatch, response: checkedResponse, options: { ...options }, hits: 0 };
    this.#pins = [...this.#pins, pin];
    this.#changed(pin.options.persist === true);
    return { id: pin.id, remove: () => this.remove(pin.id) };
  }

  remove(id: string): void {
    const pin = this.#pins.find((p) => p.id === id);
    if (!pin) return;
    this.#pins = this.#pins.filter((p) => p !== pin);
    this.#changed(pin.options.persist === true);
  }

  list(): readonly Pin[] {
    return this.#pins;
  }

  /** Called whenever the list changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** The fetch wrapper's hook: answer a matching call. */
  readonly hook: LlmCallHook = ({ request, body, detected, signal }) => {
    if (this.#pins.length === 0 || !isWritable(detected.format.id)) return undefined;
    const parsed = typeof body === 'string' ? parseBody(body) : undefined;
    const model = typeof parsed?.model === 'string' ? parsed.model : undefined;
    const pin = this.#pins.find((p) => matches(p.match, request.url, model));
    if (!pin) return undefined;
    pin.hits++;
    if ((pin.match.times ?? 'once') === 'once') this.remove(pin.id);
    else this.#changed(false);
    const format = detected.format.id as OverrideFormat;
    const stream = wantsStream(format, parsed);
    const includeUsage = (parsed?.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    return {
      attributes: { [sem.SPANLENS_OVERRIDDEN]: true, [sem.SPANLENS_OVERRIDE_ID]: pin.id },
      respond: async () => respond(await this.#loadCode(), pin, format, model ?? pin.match.model ?? 'spanlens-override', stream, includeUsage, signal),
    };
  };

  #changed(save: boolean): void {
    if (save) this.#save();
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A panel listener failing must not stop a pin from answering.
      }
    }
  }

  #save(): void {
    const kept = this.#pins.filter((p) => p.options.persist).map(({ match, response, options }) => ({ match, response, options }));
    try {
      if (kept.length === 0) this.#storage?.removeItem(STORAGE_KEY);
      else this.#storage?.setItem(STORAGE_KEY, JSON.stringify(kept));
    } catch {
      // Storage full or blocked: the pin still works for this page load.
    }
  }

  #loadSaved(): Array<{ match: OverrideMatch; response: OverrideResponse; options: OverrideOptions }> {
    try {
      const text = this.#storage?.getItem(STORAGE_KEY);
      const saved: unknown = text ? JSON.parse(text) : [];
      return Array.isArray(saved) ? saved : [];
    } catch {
      return [];
    }
  }
}

function checkMatch(match: OverrideMatch): OverrideMatch {
  if (match === null || typeof match !== 'object') throw new TypeError('spanlens.override: match is { url, model?, times? }');
  let url: URL;
  try {
    url = new URL(String(match.url));
  } catch {
    throw new TypeError(`spanlens.override: match.url must be an absolute URL (the endpoint, e.g. https://api.openai.com/v1/chat/completions), got ${JSON.stringify(match.url)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('spanlens.override: match.url must be http(s)');
  if (match.model !== undefined && (typeof match.model !== 'string' || match.model === '')) throw new TypeError('spanlens.override: match.model is a non-empty string');
  if (match.times !== undefined && match.times !== 'once' && match.times !== 'always') throw new TypeError("spanlens.override: match.times is 'once' or 'always'");
  const checked: OverrideMatch = { url: url.origin + url.pathname };
  if (match.model !== undefined) checked.model = match.model;
  if (match.times !== undefined) checked.times = match.times;
  return checked;
}

function checkResponse(response: OverrideResponse): OverrideResponse {
  if (response === null || typeof response !== 'object' || !RESPONSE_TYPES.includes((response as { type?: string }).type as string)) {
    throw new TypeError(`spanlens.override: response.type is one of ${RESPONSE_TYPES.join(', ')}`);
  }
  if (response.type === 'error') {
    if (!Number.isInteger(response.status) || response.status < 400 || response.status > 599) throw new TypeError('spanlens.override: an error response needs an HTTP status 400-599');
  } else if ('text' in response && response.text !== undefined && typeof response.text !== 'string') {
    throw new TypeError('spanlens.override: response.text is a string');
  }
  if (response.type === 'answer') {
    if (response.toolCalls !== undefined && !(Array.isArray(response.toolCalls) && response.toolCalls.every((c) => c && typeof c.name === 'string' && c.name !== ''))) {
      throw new TypeError('spanlens.override: response.toolCalls is a list of { name, arguments?, id? }');
    }
    if (response.text === undefined && (response.toolCalls ?? []).length === 0) throw new TypeError('spanlens.override: an answer needs text or toolCalls');
  }
  return JSON.parse(JSON.stringify(response)) as OverrideResponse;
}

function matches(match: OverrideMatch, url: URL, model: string | undefined): boolean {
  // Origin and path compared exactly: a pin never answers another origin's request.
  if (url.origin + url.pathname !== match.url) return false;
  return match.model === undefined || match.model === model;
}

function wantsStream(format: OverrideFormat, body: Record<string, unknown> | undefined): boolean {
  // Ollama streams unless told not to; the others only when asked.
  return format === 'ollama.chat' ? body?.stream !== false : body?.stream === true;
}

/** The Response the app gets. */
async function respond(code: ActionCode, pin: Pin, format: OverrideFormat, model: string, stream: boolean, includeUsage: boolean, signal: AbortSignal | undefined): Promise<Response> {
  const { response } = pin;
  const chunkMs = pin.options.chunkMs ?? 25;
  await delay(pin.options.firstByteMs ?? 150, signal);
  if (response.type === 'error') {
    const message = response.message ?? (response.status === 429 ? 'Rate limit reached (pinned by spanlens)' : 'Internal server error (pinned by spanlens)');
    return jsonResponse(code.errorJson(format, response.status, message), response.status);
  }
  if (response.type === 'stall' && !stream) {
    // No headers, ever: the call hangs until the app gives up.
    await delay(Infinity, signal);
  }
  const answer: PinnedAnswer = response.type === 'answer' ? response : { text: response.text ?? 'The answer was cut here' };
  if (!stream && response.type === 'answer') return jsonResponse(code.answerJson(format, answer, model), 200);
  const chunks = code.chunkText(answer.text ?? '');
  // Not streamed (a cut or a stall of a JSON answer): the body in two halves, the second one lost.
  const whole = JSON.stringify(code.answerJson(format, answer, model));
  const halves = [{ data: whole.slice(0, whole.length >> 1) }, { data: whole.slice(whole.length >> 1) }];
  const events = stream ? code.answerEvents(format, answer, model, chunks, includeUsage) : halves;
  // A cut stops after half the events (at least one); a stall after all of its text.
  const stopAt = response.type === 'cut' ? Math.max(1, Math.floor(events.length / 2)) : response.type === 'stall' ? Math.max(1, events.length - 2) : events.length;
  const ndjson = format === 'ollama.chat';
  const encode = (e: { event?: string; data: string }) => {
    if (!stream) return e.data;
    return ndjson ? `${e.data}\n` : `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`;
  };
  const encoder = new TextEncoder();
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (let i = 0; i < stopAt; i++) {
          if (cancelled) return;
          controller.enqueue(encoder.encode(encode(events[i])));
          if (i < stopAt - 1) await delay(chunkMs, signal);
        }
        if (response.type === 'cut') throw new TypeError('network error (stream cut by a spanlens pin)');
        if (response.type === 'stall') await delay(Infinity, signal);
        controller.close();
      } catch (error) {
        if (!cancelled) controller.error(error);
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  const type = !stream ? 'application/json' : ndjson ? 'application/x-ndjson' : 'text/event-stream';
  return new Response(body, { status: 200, headers: { 'content-type': type, 'x-spanlens-override': pin.id } });
}

function jsonResponse(value: unknown, status: number): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', 'x-spanlens-override': 'pinned' } });
}

/** Resolves after `ms` (never for Infinity); rejects with the abort reason when the signal aborts. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      if (timer !== undefined) clearTimeout(timer);
      reject(abortReason(signal!));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

