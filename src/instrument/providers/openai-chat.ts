/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), also spoken by most "OpenAI-compatible"
 * servers: OpenRouter, Groq, Together, Mistral, DeepSeek, xAI, Ollama's /v1, vLLM, LM Studio...
 *
 * Streaming: `data: {chat.completion.chunk}` events, then `data: [DONE]`. Text arrives in
 * `choices[i].delta.content`; tool calls arrive in fragments keyed by `delta.tool_calls[j].index`
 * (id and name in the first fragment, `function.arguments` spread over many); usage comes in a
 * last chunk with empty `choices` when the request set `stream_options.include_usage`.
 */
import type { ChatMessage, MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { chatTextDelta } from './fast-path';
import { arr, isObject, mediaPart, num, obj, parseArguments, str, strings, type JsonObject } from './json';
import {
  emptyOutcome,
  type ApiFormat,
  type LlmOutcome,
  type LlmRequestInfo,
  type ProviderError,
  type StreamAccumulator,
  type ToolDefinition,
  type Usage,
} from './types';

export const openaiChat: ApiFormat = {
  id: 'openai.chat_completions',
  defaultProvider: 'openai',
  parseRequest,
  parseResponse,
  createStream: () => new ChatStream(),
  parseError,
};

function parseRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const info: LlmRequestInfo = { operation: 'chat', stream: b.stream === true, model: str(b.model) };
  info.temperature = num(b.temperature);
  info.topP = num(b.top_p);
  info.maxTokens = num(b.max_completion_tokens) ?? num(b.max_tokens);
  info.frequencyPenalty = num(b.frequency_penalty);
  info.presencePenalty = num(b.presence_penalty);
  info.seed = num(b.seed);
  info.stopSequences = strings(b.stop);
  info.toolDefinitions = toolDefinitions(b.tools);
  if (Array.isArray(b.messages)) info.inputMessages = b.messages.map(inputMessage);
  return info;
}

/** `tools: [{ type: 'function', function: { name, description, parameters } }]` */
export function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool) => {
    const t = obj(tool) ?? {};
    const fn = obj(t.function) ?? t; // Responses API tools are flat: { type, name, parameters }
    const def: ToolDefinition = { type: str(t.type) ?? 'function', name: str(fn.name) ?? str(t.type) ?? 'unknown' };
    const description = str(fn.description);
    if (description !== undefined) def.description = description;
    if (fn.parameters !== undefined) def.parameters = fn.parameters;
    return def;
  });
}

function inputMessage(message: unknown): ChatMessage {
  const m = obj(message) ?? {};
  const role = str(m.role) ?? 'user';
  const parts: MessagePart[] = [];
  if (role === 'tool') {
    parts.push({ type: 'tool_call_response', id: str(m.tool_call_id), response: contentText(m.content) });
  } else {
    contentParts(m.content, parts);
    for (const call of arr(m.tool_calls)) parts.push(toolCallPart(obj(call) ?? {}));
  }
  const out: ChatMessage = { role, parts };
  const name = str(m.name);
  if (name !== undefined) out.name = name;
  return out;
}

function contentParts(content: unknown, parts: MessagePart[]): void {
  if (typeof content === 'string') {
    parts.push({ type: 'text', content });
    return;
  }
  for (const item of arr(content)) {
    const p = obj(item) ?? {};
    switch (p.type) {
      case 'text':
        parts.push({ type: 'text', content: str(p.text) ?? '' });
        break;
      case 'refusal':
        parts.push({ type: 'text', content: str(p.refusal) ?? '' });
        break;
      case 'image_url':
        parts.push(mediaPart('image', { url: str(obj(p.image_url)?.url) ?? '' }));
        break;
      case 'input_audio':
        parts.push(mediaPart('audio', { data: str(obj(p.input_audio)?.data), mimeType: str(obj(p.input_audio)?.format) }));
        break;
      case 'file':
        parts.push({ type: 'file', file_id: str(obj(p.file)?.file_id), filename: str(obj(p.file)?.filename) });
        break;
      default:
        parts.push({ type: String(p.type ?? 'unknown') });
    }
  }
}

function contentText(content: unknown): unknown {
  if (typeof content === 'string') return content;
  const parts: MessagePart[] = [];
  contentParts(content, parts);
  return parts.length === 1 && parts[0].type === 'text' ? parts[0].content : parts;
}

function toolCallPart(call: JsonObject): MessagePart {
  const fn = obj(call.function) ?? {};
  return { type: 'tool_call', id: str(call.id), name: str(fn.name) ?? '', arguments: parseArguments(str(fn.arguments) ?? '') };
}

function parseResponse(body: unknown): LlmOutcome {
  const outcome = emptyOutcome();
  outcome.complete = true;
  const b = obj(body);
  if (!b || !Array.isArray(b.choices)) {
    outcome.parseErrors.push('response has no choices array');
    if (b) readHeader(b, outcome);
    return outcome;
  }
  readHeader(b, outcome);
  for (const choice of b.choices) {
    const c = obj(choice) ?? {};
    const m = obj(c.message) ?? {};
    const finish = str(c.finish_reason);
    if (finish !== undefined) outcome.finishReasons.push(finish);
    const parts: MessagePart[] = [];
    const reasoning = str(m.reasoning_content) ?? str(m.reasoning);
    if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
    const text = str(m.content) ?? str(m.refusal);
    if (text !== undefined && text !== '') parts.push({ type: 'text', content: text });
    for (const call of arr(m.tool_calls)) parts.push(toolCallPart(obj(call) ?? {}));
    const message: ChatMessage = { role: str(m.role) ?? 'assistant', parts };
    if (finish !== undefined) message.finish_reason = finish;
    outcome.messages.push(message);
  }
  return outcome;
}

function readHeader(b: JsonObject, outcome: LlmOutcome): void {
  if (outcome.id === undefined) outcome.id = str(b.id);
  if (outcome.model === undefined) outcome.model = str(b.model);
  if (isObject(b.usage)) outcome.usage = usage(b.usage);
  const error = parseError(b);
  if (error) outcome.error = error;
}

export function usage(u: JsonObject): Usage {
  const out: Usage = { input: num(u.prompt_tokens), output: num(u.completion_tokens) };
  const cached = num(obj(u.prompt_tokens_details)?.cached_tokens);
  if (cached !== undefined) out.cacheRead = cached;
  const reasoning = num(obj(u.completion_tokens_details)?.reasoning_tokens);
  if (reasoning !== undefined) out.reasoning = reasoning;
  return out;
}

/** `{ error: { message, type, code } }` (OpenAI and most compatible servers); also `{ error: "text" }`. */
export function parseError(body: unknown): ProviderError | undefined {
  const b = obj(body);
  if (!b) return undefined;
  if (typeof b.error === 'string') return { message: b.error };
  const e = obj(b.error);
  if (!e) return undefined;
  const message = str(e.message) ?? JSON.stringify(e);
  const type = str(e.type) ?? str(e.code) ?? (typeof e.code === 'number' ? String(e.code) : undefined);
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

class ChatStream implements StreamAccumulator {
  events = 0;
  #outcome = emptyOutcome();
  #choices = new Map<number, ChoiceState>();
  #done = false;

  push(event: StreamEvent): boolean {
    this.events++;
    const data = event.data;
    if (data === '[DONE]') {
      this.#done = true;
      return false;
    }
    // Plain text chunks, the bulk of a long answer, once the first chunk gave the id and model.
    const fastText = this.#choices.has(0) ? chatTextDelta(data) : undefined;
    if (fastText !== undefined) {
      if (fastText === '') return false;
      this.#choices.get(0)!.text += fastText;
      return true;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      noteOnce(this.#outcome, 'stream event is not JSON');
      return false;
    }
    const c = obj(chunk);
    if (!c) return false;
    readHeader(c, this.#outcome);
    let output = false;
    for (const item of arr(c.choices)) {
      const choice = obj(item) ?? {};
      const index = num(choice.index) ?? 0;
      let state = this.#choices.get(index);
      if (!state) {
        state = { text: '', reasoning: '', role: 'assistant', toolCalls: new Map() };
        this.#choices.set(index, state);
      }
      const delta = obj(choice.delta) ?? {};
      const role = str(delta.role);
      if (role) state.role = role;
      const text = str(delta.content) ?? str(delta.refusal);
      if (text) {
        state.text += text;
        output = true;
      }
      const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning);
      if (reasoning) {
        state.reasoning += reasoning;
        output = true;
      }
      for (const fragment of arr(delta.tool_calls)) {
        const f = obj(fragment) ?? {};
        const at = num(f.index) ?? state.toolCalls.size;
        let call = state.toolCalls.get(at);
        if (!call) {
          call = { name: '', arguments: '' };
          state.toolCalls.set(at, call);
        }
        const id = str(f.id);
        if (id) call.id = id;
        const fn = obj(f.function) ?? {};
        const name = str(fn.name);
        if (name) call.name += name;
        const args = str(fn.arguments);
        if (args) call.arguments += args;
        output = true;
      }
      const finish = str(choice.finish_reason);
      if (finish) state.finishReason = finish;
    }
    return output;
  }

  outcome(): LlmOutcome {
    const outcome: LlmOutcome = { ...this.#outcome, finishReasons: [], messages: [], parseErrors: this.#outcome.parseErrors.slice() };
    const indexes = [...this.#choices.keys()].sort((a, b) => a - b);
    let allFinished = indexes.length > 0;
    for (const index of indexes) {
      const state = this.#choices.get(index)!;
      const parts: MessagePart[] = [];
      if (state.reasoning) parts.push({ type: 'reasoning', content: state.reasoning });
      if (state.text) parts.push({ type: 'text', content: state.text });
      for (const at of [...state.toolCalls.keys()].sort((a, b) => a - b)) {
        const call = state.toolCalls.get(at)!;
        parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: parseArguments(call.arguments) });
      }
      const message: ChatMessage = { role: state.role, parts };
      if (state.finishReason) {
        message.finish_reason = state.finishReason;
        outcome.finishReasons.push(state.finishReason);
      } else {
        allFinished = false;
      }
      outcome.messages.push(message);
    }
    // `[DONE]` is the final event; servers that never send it are complete once every choice finished.
    outcome.complete = this.#done || allFinished;
    return outcome;
  }
}

export function noteOnce(outcome: LlmOutcome, note: string): void {
  if (!outcome.parseErrors.includes(note)) outcome.parseErrors.push(note);
}
