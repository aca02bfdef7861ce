/**
 * OpenAI Responses API (`POST /v1/responses`).
 *
 * Request: `input` (a string or a list of items: messages, function_call, function_call_output),
 * `instructions`, flat `tools`, `max_output_tokens`. Response: `output` items (message with
 * output_text parts, function_call with call_id, reasoning with summary).
 * Streaming: typed events (`event: response.output_text.delta` + `data: {type, ...}`):
 * response.created, response.output_item.added, response.output_text.delta,
 * response.function_call_arguments.delta, response.reasoning_summary_text.delta,
 * response.output_item.done, and a final response.completed / response.incomplete /
 * response.failed carrying the whole response with usage. `error` events carry failures.
 */
import type { ChatMessage, MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { arr, isObject, mediaPart, num, obj, parseArguments, str, type JsonObject } from './json';
import { noteOnce, parseError, toolDefinitions } from './openai-chat';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type LlmRequestInfo, type StreamAccumulator, type Usage } from './types';

export const openaiResponses: ApiFormat = {
  id: 'openai.responses',
  defaultProvider: 'openai',
  parseRequest,
  parseResponse,
  createStream: () => new ResponsesStream(),
  parseError,
};

function parseRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const info: LlmRequestInfo = { operation: 'chat', stream: b.stream === true, model: str(b.model) };
  info.temperature = num(b.temperature);
  info.topP = num(b.top_p);
  info.maxTokens = num(b.max_output_tokens);
  info.toolDefinitions = toolDefinitions(b.tools);
  const instructions = str(b.instructions);
  if (instructions) info.systemInstructions = [{ type: 'text', content: instructions }];
  if (typeof b.input === 'string') info.inputMessages = [{ role: 'user', parts: [{ type: 'text', content: b.input }] }];
  else if (Array.isArray(b.input)) info.inputMessages = inputItems(b.input);
  return info;
}

/** Input items become messages; consecutive items of one role share a message. */
function inputItems(items: unknown[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const add = (role: string, part: MessagePart) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role && role !== 'user') last.parts.push(part);
    else messages.push({ role, parts: [part] });
  };
  for (const item of items) {
    const i = obj(item) ?? {};
    const type = str(i.type) ?? 'message';
    if (type === 'message') {
      const role = str(i.role) ?? 'user';
      const parts = contentParts(i.content);
      messages.push({ role, parts });
    } else if (type === 'function_call') {
      add('assistant', { type: 'tool_call', id: str(i.call_id), name: str(i.name) ?? '', arguments: parseArguments(str(i.arguments) ?? '') });
    } else if (type === 'function_call_output') {
      add('tool', { type: 'tool_call_response', id: str(i.call_id), response: i.output });
    } else if (type === 'reasoning') {
      add('assistant', { type: 'reasoning', content: summaryText(i) });
    } else {
      add('user', { type });
    }
  }
  return messages;
}

function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const item of arr(content)) {
    const p = obj(item) ?? {};
    const type = str(p.type) ?? '';
    if (type === 'input_text' || type === 'output_text' || type === 'text') parts.push({ type: 'text', content: str(p.text) ?? '' });
    else if (type === 'refusal') parts.push({ type: 'text', content: str(p.refusal) ?? '' });
    else if (type === 'input_image') parts.push(mediaPart('image', { url: str(p.image_url) ?? str(p.file_id) ?? '' }));
    else if (type === 'input_file') parts.push({ type: 'file', file_id: str(p.file_id), filename: str(p.filename) });
    else parts.push({ type: type || 'unknown' });
  }
  return parts;
}

function summaryText(item: JsonObject): string {
  return arr(item.summary)
    .map((s) => str(obj(s)?.text) ?? '')
    .join('\n');
}

function parseResponse(body: unknown): LlmOutcome {
  const outcome = emptyOutcome();
  outcome.complete = true;
  const b = obj(body);
  if (!b || !Array.isArray(b.output)) {
    outcome.parseErrors.push('response has no output array');
    if (b) readResponse(b, outcome);
    return outcome;
  }
  readResponse(b, outcome);
  return outcome;
}

/** A whole response object: the JSON body, or the one in response.completed. */
function readResponse(r: JsonObject, outcome: LlmOutcome): void {
  outcome.id = str(r.id) ?? outcome.id;
  outcome.model = str(r.model) ?? outcome.model;
  if (isObject(r.usage)) outcome.usage = usage(r.usage);
  const error = obj(r.error);
  if (error) outcome.error = { type: str(error.code) ?? str(error.type), message: str(error.message) ?? 'response failed' };
  if (!Array.isArray(r.output)) return;
  const parts: MessagePart[] = [];
  for (const item of r.output) {
    const i = obj(item) ?? {};
    if (i.type === 'message') parts.push(...contentParts(i.content));
    else if (i.type === 'function_call') {
      parts.push({ type: 'tool_call', id: str(i.call_id), name: str(i.name) ?? '', arguments: parseArguments(str(i.arguments) ?? '') });
    } else if (i.type === 'reasoning') {
      const text = summaryText(i);
      if (text) parts.push({ type: 'reasoning', content: text });
    } else if (typeof i.type === 'string') parts.push({ type: i.type });
  }
  const finish = finishReason(r, parts);
  outcome.finishReasons = [finish];
  outcome.messages = [{ role: 'assistant', parts, finish_reason: finish }];
}

/** The Responses API has a status, not a finish reason; map it to the chat vocabulary. */
function finishReason(r: JsonObject, parts: MessagePart[]): string {
  const status = str(r.status);
  if (status === 'incomplete') return str(obj(r.incomplete_details)?.reason) ?? 'incomplete';
  if (status === 'failed' || status === 'cancelled') return status;
  return parts.some((p) => p.type === 'tool_call') ? 'tool_calls' : 'stop';
}

function usage(u: JsonObject): Usage {
  const out: Usage = { input: num(u.input_tokens), output: num(u.output_tokens) };
  const cached = num(obj(u.input_tokens_details)?.cached_tokens);
  if (cached !== undefined) out.cacheRead = cached;
  const reasoning = num(obj(u.output_tokens_details)?.reasoning_tokens);
  if (reasoning !== undefined) out.reasoning = reasoning;
  return out;
}

/** One output item while it streams. */
type ItemState =
  | { kind: 'message'; text: string }
  | { kind: 'function_call'; callId?: string; name: string; arguments: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'other'; type: string };

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

class ResponsesStream implements StreamAccumulator {
  events = 0;
  #outcome = emptyOutcome();
  /** Output items by `output_index`. */
  #items = new Map<number, ItemState>();
  /** The final event's response: the authority once it arrives. */
  #final: JsonObject | undefined;

  push(event: StreamEvent): boolean {
    this.events++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      noteOnce(this.#outcome, 'stream event is not JSON');
      return false;
    }
    const e = obj(parsed);
    if (!e) return false;
    const type = str(e.type) ?? event.event ?? '';
    const index = num(e.output_index) ?? 0;
    switch (type) {
      case 'response.created':
      case 'response.in_progress': {
        const r = obj(e.response);
        if (r) {
          this.#outcome.id = str(r.id) ?? this.#outcome.id;
          this.#outcome.model = str(r.model) ?? this.#outcome.model;
        }
        return false;
      }
      case 'response.output_item.added':
      case 'response.output_item.done':
        this.#item(index, obj(e.item) ?? {}, type === 'response.output_item.done');
        return false;
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const item = this.#ensure(index, 'message');
        if (item.kind === 'message') item.text += str(e.delta) ?? '';
        return true;
      }
      case 'response.function_call_arguments.delta': {
        const item = this.#ensure(index, 'function_call');
        if (item.kind === 'function_call') item.arguments += str(e.delta) ?? '';
        return true;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const item = this.#ensure(index, 'reasoning');
        if (item.kind === 'reasoning') item.text += str(e.delta) ?? '';
        return true;
      }
      case 'error':
        this.#outcome.error = { type: str(e.code) ?? 'error', message: str(e.message) ?? 'stream error' };
        return false;
      default:
        if (FINAL_EVENTS.has(type)) this.#final = obj(e.response) ?? {};
        return false;
    }
  }

  #ensure(index: number, kind: 'message' | 'function_call' | 'reasoning'): ItemState {
    const existing = this.#items.get(index);
    if (existing) return existing;
    const item: ItemState = kind === 'function_call' ? { kind, name: '', arguments: '' } : { kind, text: '' };
    this.#items.set(index, item);
    return item;
  }

  /** An item announced (added) or finished (done): the done item holds the full text. */
  #item(index: number, item: JsonObject, done: boolean): void {
    const type = str(item.type) ?? 'other';
    if (type === 'message') {
      const state = this.#ensure(index, 'message');
      if (done && state.kind === 'message') state.text = contentParts(item.content).map((p) => (p.type === 'text' ? p.content : '')).join('');
    } else if (type === 'function_call') {
      const state = this.#ensure(index, 'function_call');
      if (state.kind !== 'function_call') return;
      state.callId = str(item.call_id) ?? state.callId;
      state.name = str(item.name) ?? state.name;
      if (done) state.arguments = str(item.arguments) ?? state.arguments;
    } else if (type === 'reasoning') {
      const state = this.#ensure(index, 'reasoning');
      if (done && state.kind === 'reasoning') state.text = summaryText(item) || state.text;
    } else {
      this.#items.set(index, { kind: 'other', type });
    }
  }

  outcome(): LlmOutcome {
    const outcome: LlmOutcome = { ...this.#outcome, parseErrors: this.#outcome.parseErrors.slice() };
    if (this.#final) {
      const fromFinal = emptyOutcome();
      readResponse(this.#final, fromFinal);
      outcome.id = fromFinal.id ?? outcome.id;
      outcome.model = fromFinal.model ?? outcome.model;
      outcome.usage = fromFinal.usage;
      if (fromFinal.error) outcome.error = fromFinal.error;
      outcome.complete = true;
      // The final response lists every output item; prefer it unless it came without them.
      if (fromFinal.messages[0]?.parts.length || this.#items.size === 0) {
        outcome.messages = fromFinal.messages;
        outcome.finishReasons = fromFinal.finishReasons;
        return outcome;
      }
    }
    const parts: MessagePart[] = [];
    for (const index of [...this.#items.keys()].sort((a, b) => a - b)) {
      const item = this.#items.get(index)!;
      if (item.kind === 'message' && item.text) parts.push({ type: 'text', content: item.text });
      else if (item.kind === 'reasoning' && item.text) parts.push({ type: 'reasoning', content: item.text });
      else if (item.kind === 'function_call') {
        parts.push({ type: 'tool_call', id: item.callId, name: item.name, arguments: parseArguments(item.arguments) });
      } else if (item.kind === 'other') parts.push({ type: item.type });
    }
    const message: ChatMessage = { role: 'assistant', parts };
    if (this.#final) {
      const finish = finishReason(this.#final, parts);
      message.finish_reason = finish;
      outcome.finishReasons = [finish];
    } else {
      outcome.finishReasons = [];
    }
    outcome.messages = [message];
    return outcome;
  }
}
