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
import { textMessage, type ChatMessage, type MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { byIndex, eventObject, readUsage, streamOutcome, toolCallPart } from './build';
import { contentParts } from './content';
import { arr, isObject, num, obj, str, type JsonObject } from './json';
import { parseError, toolDefinitions } from './openai-chat';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type LlmRequestInfo, type StreamAccumulator } from './types';

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
  const instructions = str(b.instructions);
  return {
    operation: 'chat',
    stream: b.stream === true,
    model: str(b.model),
    temperature: num(b.temperature),
    topP: num(b.top_p),
    maxTokens: num(b.max_output_tokens),
    toolDefinitions: toolDefinitions(b.tools),
    systemInstructions: instructions ? [{ type: 'text', content: instructions }] : undefined,
    inputMessages: typeof b.input === 'string' ? [textMessage('user', b.input)] : Array.isArray(b.input) ? inputItems(b.input) : undefined,
  };
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
    if (type === 'message') messages.push({ role: str(i.role) ?? 'user', parts: contentParts(i.content) });
    else if (type === 'function_call_output') add('tool', { type: 'tool_call_response', id: str(i.call_id), response: i.output });
    else add(type === 'function_call' || type === 'reasoning' ? 'assistant' : 'user', itemPart(i, type));
  }
  return messages;
}

/** An item other than a message (in the input or the output) as a part. */
function itemPart(item: JsonObject, type: string): MessagePart {
  if (type === 'function_call') return toolCallPart(item.call_id, item.name, str(item.arguments) ?? '');
  if (type === 'reasoning') return { type: 'reasoning', content: summaryText(item) };
  return { type };
}

function summaryText(item: JsonObject): string {
  return arr(item.summary)
    .map((s) => str(obj(s)?.text) ?? '')
    .join('\n');
}

function parseResponse(body: unknown): LlmOutcome {
  const outcome = emptyOutcome(true);
  const b = obj(body);
  if (!Array.isArray(b?.output)) outcome.parseErrors.push('response has no output array');
  if (b) readResponse(b, outcome);
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
    const type = str(i.type);
    if (type === 'message') parts.push(...contentParts(i.content));
    else if (type && (type !== 'reasoning' || summaryText(i))) parts.push(itemPart(i, type));
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

function usage(u: JsonObject) {
  return readUsage(u, {
    input: 'input_tokens',
    output: 'output_tokens',
    cacheRead: 'input_tokens_details.cached_tokens',
    reasoning: 'output_tokens_details.reasoning_tokens',
  });
}

/** One output item while it streams: `text` is the message text, the call's arguments or the reasoning. */
interface ItemState {
  type: string;
  text: string;
  callId?: string;
  name?: string;
}

/** Which item type each delta event adds to. */
const DELTA_ITEM_TYPE = new Map([
  ['response.output_text.delta', 'message'],
  ['response.refusal.delta', 'message'],
  ['response.function_call_arguments.delta', 'function_call'],
  ['response.reasoning_summary_text.delta', 'reasoning'],
  ['response.reasoning_text.delta', 'reasoning'],
]);

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

class ResponsesStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  /** Output items by `output_index`. */
  #items = new Map<number, ItemState>();
  /** The final event's response: the authority once it arrives. */
  #final: JsonObject | undefined;

  push(event: StreamEvent): boolean {
    const e = eventObject(event.data, this.#outcome);
    if (!e) return false;
    const type = str(e.type) ?? event.event ?? '';
    const index = num(e.output_index) ?? 0;
    const deltaItemType = DELTA_ITEM_TYPE.get(type);
    if (deltaItemType) {
      const item = this.#ensure(index, deltaItemType);
      if (item.type === deltaItemType) item.text += str(e.delta) ?? '';
      return true;
    }
    if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      this.#item(index, obj(e.item) ?? {}, type === 'response.output_item.done');
    } else if (type === 'response.created' || type === 'response.in_progress') {
      const r = obj(e.response);
      this.#outcome.id = str(r?.id) ?? this.#outcome.id;
      this.#outcome.model = str(r?.model) ?? this.#outcome.model;
    } else if (type === 'error') {
      this.#outcome.error = { type: str(e.code) ?? 'error', message: str(e.message) ?? 'stream error' };
    } else if (FINAL_EVENTS.has(type)) {
      this.#final = obj(e.response) ?? {};
    }
    return false;
  }

  #ensure(index: number, type: string): ItemState {
    let item = this.#items.get(index);
    if (!item) this.#items.set(index, (item = { type, text: '' }));
    return item;
  }

  /** An item announced (added) or finished (done): the done item holds the full text. */
  #item(index: number, item: JsonObject, done: boolean): void {
    const type = str(item.type) ?? 'other';
    let state = this.#ensure(index, type);
    if (state.type !== type) this.#items.set(index, (state = { type, text: '' }));
    state.callId = str(item.call_id) ?? state.callId;
    state.name = str(item.name) ?? state.name;
    if (!done) return;
    if (type === 'message') state.text = contentParts(item.content).map((p) => (p.type === 'text' ? p.content : '')).join('');
    else if (type === 'function_call') state.text = str(item.arguments) ?? state.text;
    else if (type === 'reasoning') state.text = summaryText(item) || state.text;
  }

  outcome(): LlmOutcome {
    const parts: MessagePart[] = [];
    for (const [, item] of byIndex(this.#items)) {
      if (item.type === 'function_call') parts.push(toolCallPart(item.callId, item.name, item.text));
      else if (item.type !== 'message' && item.type !== 'reasoning') parts.push({ type: item.type });
      else if (item.text) parts.push({ type: item.type === 'message' ? 'text' : 'reasoning', content: item.text });
    }
    const final = this.#final;
    const outcome = streamOutcome(this.#outcome, parts, final && finishReason(final, parts));
    if (final) {
      const streamed = { messages: outcome.messages, finishReasons: outcome.finishReasons };
      readResponse(final, outcome);
      outcome.complete = true;
      // The final response lists every output item; prefer it unless it came without them.
      if (!outcome.messages[0]?.parts.length) Object.assign(outcome, streamed);
    }
    return outcome;
  }
}
