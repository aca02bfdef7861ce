/**
 * Anthropic Messages (`POST /v1/messages`).
 *
 * Request: `system` (string or text blocks) outside `messages`; content blocks text, image,
 * tool_use, tool_result, thinking. Response: `content` blocks, `stop_reason`, `usage` with
 * `input_tokens` that EXCLUDE cache reads and writes (we add them: semconv input is the total).
 * Streaming: message_start (id, model, input usage), content_block_start / content_block_delta
 * (text_delta, input_json_delta, thinking_delta) / content_block_stop, message_delta (stop_reason,
 * cumulative output usage), message_stop (the final event), ping, error.
 * Errors: `{ type: 'error', error: { type, message } }`, the shape openai-chat's parseError reads.
 */
import type { StreamEvent } from '../streams/event-framing';
import { byIndex, eventObject, readUsage, streamOutcome } from './build';
import { contentParts } from './content';
import { anthropicTextDelta } from './fast-path';
import { arr, isObject, num, obj, parseArguments, str, type JsonObject } from './json';
import { parseError } from './openai-chat';
import { parseAnthropicRequest } from './anthropic-request';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type StreamAccumulator, type Usage } from './types';

export const anthropicMessages: ApiFormat = {
  id: 'anthropic.messages',
  defaultProvider: 'anthropic',
  parseRequest: parseAnthropicRequest,
  parseResponse,
  createStream: () => new MessagesStream(),
  parseError,
};

/** A whole answer reads like a stream whose message_start carried everything. */
function parseResponse(body: unknown): LlmOutcome {
  const b = obj(body);
  if (!Array.isArray(b?.content)) {
    const outcome = emptyOutcome(true);
    outcome.parseErrors.push('response has no content array');
    outcome.error = parseError(body);
    return outcome;
  }
  const stream = new MessagesStream();
  stream.take(b);
  return { ...stream.outcome(), complete: true };
}

/** Usage of a body or an event; stream events update the usage so far (`previous`). */
function usage(u: JsonObject, previous: Usage = {}): Usage {
  const fresh = readUsage(u, {
    input: 'input_tokens',
    output: 'output_tokens',
    cacheRead: 'cache_read_input_tokens',
    cacheCreation: 'cache_creation_input_tokens',
  });
  const out = { ...previous, ...fresh };
  if (fresh.input !== undefined) out.input = fresh.input + (out.cacheRead ?? 0) + (out.cacheCreation ?? 0);
  return out;
}

/** The field that grows with each delta, by block type and by delta type. */
const GROWING_FIELD = new Map<unknown, string>([
  ['text', 'text'],
  ['thinking', 'thinking'],
  ['tool_use', 'partial_json'],
  ['server_tool_use', 'partial_json'],
  ['text_delta', 'text'],
  ['thinking_delta', 'thinking'],
  ['input_json_delta', 'partial_json'],
]);

class MessagesStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  /** Content blocks by index, as the response body would have them (tool input as JSON text). */
  #blocks = new Map<number, JsonObject>();
  #role: string | undefined;
  #stopReason: string | undefined;
  #stopped = false;

  /** A message as it stands: a JSON body, or the one message_start carries (no content yet). */
  take(m: JsonObject): void {
    this.#outcome.id = str(m.id);
    this.#outcome.model = str(m.model);
    if (isObject(m.usage)) this.#outcome.usage = usage(m.usage);
    this.#role = str(m.role);
    this.#stopReason = str(m.stop_reason);
    arr(m.content).forEach((block, index) => this.#blocks.set(index, obj(block) ?? {}));
  }

  push(event: StreamEvent): boolean {
    const fast = anthropicTextDelta(event.data);
    const fastBlock = fast && this.#blocks.get(fast[0]);
    if (fast && fastBlock?.type === 'text') {
      fastBlock.text += fast[1];
      return fast[1] !== '';
    }
    const e = eventObject(event.data, this.#outcome);
    if (!e) return false;
    switch (str(e.type) ?? event.event) {
      case 'message_start':
        this.take(obj(e.message) ?? {});
        return false;
      case 'content_block_start': {
        const block = { ...obj(e.content_block) };
        const field = GROWING_FIELD.get(block.type);
        if (field) block[field] = str(block[field]) ?? '';
        this.#blocks.set(num(e.index) ?? this.#blocks.size, block);
        return block.type === 'tool_use';
      }
      case 'content_block_delta': {
        const block = this.#blocks.get(num(e.index) ?? 0);
        const delta = obj(e.delta) ?? {};
        const field = GROWING_FIELD.get(delta.type);
        // The delta must fit the block: text to a text block, JSON to a tool_use block.
        if (!block || !field || field !== GROWING_FIELD.get(block.type)) return false;
        block[field] += str(delta[field]) ?? '';
        return true;
      }
      case 'message_delta':
        this.#stopReason = str(obj(e.delta)?.stop_reason) || this.#stopReason;
        if (isObject(e.usage)) this.#outcome.usage = usage(e.usage, this.#outcome.usage);
        return false;
      case 'message_stop':
        this.#stopped = true;
        return false;
      case 'error':
        this.#outcome.error = parseError(e) ?? this.#outcome.error;
        return false;
      default:
        return false; // ping, content_block_stop
    }
  }

  outcome(): LlmOutcome {
    const content = byIndex(this.#blocks).map(([, b]) => (typeof b.partial_json === 'string' ? { ...b, input: parseArguments(b.partial_json) } : b));
    return { ...streamOutcome(this.#outcome, contentParts(content), this.#stopReason, this.#role), complete: this.#stopped };
  }
}
