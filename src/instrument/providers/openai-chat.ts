/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), also spoken by most "OpenAI-compatible"
 * servers: OpenRouter, Groq, Together, Mistral, DeepSeek, xAI, Ollama's /v1, vLLM, LM Studio...
 *
 * Streaming: `data: {chat.completion.chunk}` events, then `data: [DONE]`. Text arrives in
 * `choices[i].delta.content`; tool calls arrive in fragments keyed by `delta.tool_calls[j].index`
 * (id and name in the first fragment, `function.arguments` spread over many); usage comes in a
 * last chunk with empty `choices` when the request set `stream_options.include_usage`.
 */
import type { StreamEvent } from '../streams/event-framing';
import { answerMessage, byIndex, eventObject, readUsage, textParts, toolCallPart } from './build';
import { chatTextDelta } from './fast-path';
import { arr, isObject, num, obj, str, type JsonObject } from './json';
import { parseChatRequest } from './openai-chat-request';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type ProviderError, type StreamAccumulator } from './types';

export const openaiChat: ApiFormat = {
  id: 'openai.chat_completions',
  defaultProvider: 'openai',
  parseRequest: parseChatRequest,
  parseResponse,
  createStream: () => new ChatStream(),
  parseError,
};

/** A whole answer reads like a stream of one chunk: `message` in place of `delta`. */
function parseResponse(body: unknown): LlmOutcome {
  const stream = new ChatStream();
  const b = obj(body);
  if (b) stream.take(b);
  const outcome = stream.outcome();
  outcome.complete = true;
  if (!Array.isArray(b?.choices)) outcome.parseErrors.push('response has no choices array');
  return outcome;
}

function readHeader(b: JsonObject, outcome: LlmOutcome): void {
  outcome.id ??= str(b.id);
  outcome.model ??= str(b.model);
  if (isObject(b.usage)) outcome.usage = usage(b.usage);
  const error = parseError(b);
  if (error) outcome.error = error;
}

function usage(u: JsonObject) {
  return readUsage(u, {
    input: 'prompt_tokens',
    output: 'completion_tokens',
    cacheRead: 'prompt_tokens_details.cached_tokens',
    reasoning: 'completion_tokens_details.reasoning_tokens',
  });
}

/** `{ error: { message, type, code } }` (OpenAI and most compatible servers); also `{ error: "text" }`. */
export function parseError(body: unknown): ProviderError | undefined {
  const error = obj(body)?.error;
  if (typeof error === 'string') return { message: error };
  const e = obj(error);
  if (!e) return undefined;
  const message = str(e.message) ?? JSON.stringify(e);
  const type = str(e.type) ?? (typeof e.code === 'number' ? String(e.code) : str(e.code));
  return type === undefined ? { message } : { type, message };
}

interface ChoiceState {
  text: string;
  reasoning: string;
  role: string;
  finishReason?: string;
  /** Tool calls by their stream `index`. */
  toolCalls: Map<number, { id?: string; name: string; arguments: string }>;
}

export class ChatStream implements StreamAccumulator {
  /** Id, model, usage, error and notes: all but the choices. */
  protected header = emptyOutcome();
  #choices = new Map<number, ChoiceState>();
  #done = false;

  push(event: StreamEvent): boolean {
    const data = event.data;
    if (data === '[DONE]') {
      this.#done = true;
      return false;
    }
    // Plain text chunks, the bulk of a long answer, once the first chunk gave the id and model.
    const fastText = this.#choices.has(0) ? chatTextDelta(data) : undefined;
    if (fastText !== undefined) {
      this.#choices.get(0)!.text += fastText;
      return fastText !== '';
    }
    const chunk = eventObject(data, this.header);
    return chunk ? this.take(chunk) : false;
  }

  /** One chunk (or a whole answer, whose choices have `message` instead of `delta`). */
  take(c: JsonObject): boolean {
    readHeader(c, this.header);
    let output = false;
    for (const item of arr(c.choices)) {
      const choice = obj(item) ?? {};
      const index = num(choice.index) ?? 0;
      let state = this.#choices.get(index);
      if (!state) this.#choices.set(index, (state = { text: '', reasoning: '', role: 'assistant', toolCalls: new Map() }));
      const delta = obj(choice.delta) ?? obj(choice.message) ?? {};
      state.role = str(delta.role) || state.role;
      const text = str(delta.content) ?? str(delta.refusal) ?? '';
      const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning) ?? '';
      state.text += text;
      state.reasoning += reasoning;
      const fragments = arr(delta.tool_calls);
      for (const fragment of fragments) {
        const f = obj(fragment) ?? {};
        const at = num(f.index) ?? state.toolCalls.size;
        let call = state.toolCalls.get(at);
        if (!call) state.toolCalls.set(at, (call = { name: '', arguments: '' }));
        call.id = str(f.id) || call.id;
        const fn = obj(f.function) ?? {};
        call.name += str(fn.name) ?? '';
        call.arguments += jsonText(fn.arguments);
      }
      state.finishReason = str(choice.finish_reason) || state.finishReason;
      output ||= text !== '' || reasoning !== '' || fragments.length > 0;
    }
    return output;
  }

  outcome(): LlmOutcome {
    const outcome: LlmOutcome = { ...this.header, finishReasons: [], messages: [], parseErrors: this.header.parseErrors.slice() };
    let allFinished = this.#choices.size > 0;
    for (const [, state] of byIndex(this.#choices)) {
      const parts = textParts(state.reasoning, state.text);
      for (const [, call] of byIndex(state.toolCalls)) parts.push(toolCallPart(call.id, call.name, call.arguments));
      outcome.messages.push(answerMessage(state.role, parts, state.finishReason));
      if (state.finishReason) outcome.finishReasons.push(state.finishReason);
      else allFinished = false;
    }
    // `[DONE]` is the final event; servers that never send it are complete once every choice finished.
    outcome.complete = this.#done || allFinished;
    return outcome;
  }
}

/** Arguments as JSON text: most servers send a string, some (Ollama) the object itself. */
function jsonText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
