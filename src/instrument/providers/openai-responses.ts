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
import type { MessagePart } from '../../core/messages';
import type { StreamEvent } from '../streams/event-framing';
import { byIndex, eventObject, readUsage } from './build';
import { contentPart, contentParts, summaryText } from './content';
import { isObject, num, obj, str, textOf, type JsonObject } from './json';
import { parseError } from './openai-chat';
import { parseResponsesRequest } from './openai-responses-request';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type StreamAccumulator } from './types';

export const openaiResponses: ApiFormat = {
  id: 'openai.responses',
  defaultProvider: 'openai',
  parseRequest: parseResponsesRequest,
  parseResponse,
  createStream: () => new ResponsesStream(),
  parseError,
};

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
    else if (type && (type !== 'reasoning' || summaryText(i))) parts.push(contentPart(i));
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

/** The output item type each delta event adds to. */
const DELTA_ITEM_TYPE = new Map([
  ['response.output_text.delta', 'message'],
  ['response.refusal.delta', 'message'],
  ['response.function_call_arguments.delta', 'function_call'],
  ['response.reasoning_summary_text.delta', 'reasoning'],
  ['response.reasoning_text.delta', 'reasoning'],
]);

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * Output items are kept as the response body would have them, deltas applied, so that one reader
 * (readResponse) reads a stream cut anywhere, a finished one and a JSON body alike.
 */
class ResponsesStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  /** Output items by `output_index`. */
  #items = new Map<number, JsonObject>();
  /** The final event's response: the authority once it arrives. */
  #final: JsonObject | undefined;

  push(event: StreamEvent): boolean {
    const e = eventObject(event.data, this.#outcome);
    if (!e) return false;
    const type = str(e.type) ?? event.event ?? '';
    const index = num(e.output_index) ?? 0;
    const deltaItemType = DELTA_ITEM_TYPE.get(type);
    if (deltaItemType) {
      this.#grow(index, deltaItemType, str(e.delta) ?? '');
      return true;
    }
    if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      // The done item is complete; a reasoning item may end without a summary: keep what streamed.
      const item = { ...obj(e.item) };
      const streamed = this.#items.get(index);
      if (item.type === 'reasoning' && !summaryText(item) && streamed) item.summary = streamed.summary;
      this.#items.set(index, item);
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

  /** A delta for the item at `index` (announced or not yet). */
  #grow(index: number, type: string, delta: string): void {
    let item = this.#items.get(index);
    if (!item) this.#items.set(index, (item = { type }));
    if (item.type !== type) return;
    if (type === 'function_call') item.arguments = (str(item.arguments) ?? '') + delta;
    else if (type === 'message') item.content = [{ type: 'output_text', text: (textOf(item.content) ?? '') + delta }];
    else item.summary = [{ text: summaryText(item) + delta }];
  }

  outcome(): LlmOutcome {
    const outcome: LlmOutcome = { ...this.#outcome, parseErrors: this.#outcome.parseErrors.slice() };
    const streamed = byIndex(this.#items).map(([, item]) => item);
    const final = this.#final;
    if (!final) {
      readResponse({ output: streamed }, outcome);
      // Without the final event there is no status, so no finish reason yet.
      outcome.finishReasons = [];
      delete outcome.messages[0].finish_reason;
      return outcome;
    }
    readResponse(final, outcome);
    outcome.complete = true;
    // The final response lists every output item; prefer it unless it came without them.
    if (!outcome.messages[0]?.parts.length) readResponse({ ...final, output: streamed }, outcome);
    return outcome;
  }
}
