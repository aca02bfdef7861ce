/**
 * Anthropic Messages (`POST /v1/messages`).
 *
 * Request: `system` (string or text blocks) outside `messages`; content blocks text, image,
 * tool_use, tool_result, thinking. Response: `content` blocks, `stop_reason`, `usage` with
 * `input_tokens` that EXCLUDE cache reads and writes (we add them: semconv input is the total).
 * Streaming: message_start (id, model, input usage), content_block_start / content_block_delta
 * (text_delta, input_json_delta, thinking_delta) / content_block_stop, message_delta (stop_reason,
 * cumulative output usage), message_stop (the final event), ping, error.
 */
import type { ChatMessage, MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { anthropicTextDelta } from './fast-path';
import { arr, isObject, mediaPart, num, obj, parseArguments, str, strings, type JsonObject } from './json';
import { noteOnce } from './openai-chat';
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

export const anthropicMessages: ApiFormat = {
  id: 'anthropic.messages',
  defaultProvider: 'anthropic',
  parseRequest,
  parseResponse,
  createStream: () => new MessagesStream(),
  parseError,
};

function parseRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const info: LlmRequestInfo = { operation: 'chat', stream: b.stream === true, model: str(b.model) };
  info.temperature = num(b.temperature);
  info.topP = num(b.top_p);
  info.topK = num(b.top_k);
  info.maxTokens = num(b.max_tokens);
  info.stopSequences = strings(b.stop_sequences);
  if (Array.isArray(b.tools) && b.tools.length > 0) info.toolDefinitions = b.tools.map(toolDefinition);
  if (typeof b.system === 'string') info.systemInstructions = [{ type: 'text', content: b.system }];
  else if (Array.isArray(b.system)) info.systemInstructions = blocks(b.system);
  if (Array.isArray(b.messages)) {
    info.inputMessages = b.messages.map((message) => {
      const m = obj(message) ?? {};
      const content = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content);
      return { role: str(m.role) ?? 'user', parts: blocks(content) };
    });
  }
  return info;
}

function toolDefinition(tool: unknown): ToolDefinition {
  const t = obj(tool) ?? {};
  const def: ToolDefinition = { type: str(t.type) ?? 'function', name: str(t.name) ?? 'unknown' };
  const description = str(t.description);
  if (description !== undefined) def.description = description;
  if (t.input_schema !== undefined) def.parameters = t.input_schema;
  return def;
}

/** Content blocks as semconv parts. */
function blocks(content: unknown[]): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const block of content) {
    const b = obj(block) ?? {};
    switch (b.type) {
      case 'text':
        parts.push({ type: 'text', content: str(b.text) ?? '' });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: str(b.thinking) ?? '' });
        break;
      case 'redacted_thinking':
        parts.push({ type: 'reasoning', content: '[redacted by the provider]' });
        break;
      case 'tool_use':
      case 'server_tool_use':
        parts.push({ type: 'tool_call', id: str(b.id), name: str(b.name) ?? '', arguments: b.input ?? {} });
        break;
      case 'tool_result':
        parts.push({ type: 'tool_call_response', id: str(b.tool_use_id), response: toolResult(b.content) });
        break;
      case 'image':
      case 'document': {
        const source = obj(b.source) ?? {};
        const modality = b.type === 'image' ? 'image' : 'document';
        parts.push(mediaPart(modality, { url: str(source.url), data: str(source.data), mimeType: str(source.media_type) }));
        break;
      }
      default:
        parts.push({ type: String(b.type ?? 'unknown') });
    }
  }
  return parts;
}

function toolResult(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((c) => str(obj(c)?.text));
  return texts.every((t) => t !== undefined) ? texts.join('') : content;
}

function parseResponse(body: unknown): LlmOutcome {
  const outcome = emptyOutcome();
  outcome.complete = true;
  const b = obj(body);
  if (!b || !Array.isArray(b.content)) {
    outcome.parseErrors.push('response has no content array');
    const error = parseError(body);
    if (error) outcome.error = error;
    return outcome;
  }
  outcome.id = str(b.id);
  outcome.model = str(b.model);
  if (isObject(b.usage)) outcome.usage = usage(b.usage);
  const stop = str(b.stop_reason);
  const message: ChatMessage = { role: str(b.role) ?? 'assistant', parts: blocks(b.content) };
  if (stop) {
    message.finish_reason = stop;
    outcome.finishReasons.push(stop);
  }
  outcome.messages.push(message);
  return outcome;
}

function usage(u: JsonObject, previous: Usage = {}): Usage {
  const input = num(u.input_tokens);
  const cacheRead = num(u.cache_read_input_tokens) ?? previous.cacheRead;
  const cacheCreation = num(u.cache_creation_input_tokens) ?? previous.cacheCreation;
  const out: Usage = { output: num(u.output_tokens) ?? previous.output };
  out.input = input === undefined ? previous.input : input + (cacheRead ?? 0) + (cacheCreation ?? 0);
  if (cacheRead !== undefined) out.cacheRead = cacheRead;
  if (cacheCreation !== undefined) out.cacheCreation = cacheCreation;
  return out;
}

/** `{ type: 'error', error: { type, message } }` */
function parseError(body: unknown): ProviderError | undefined {
  const e = obj(obj(body)?.error);
  if (!e) return undefined;
  return { type: str(e.type), message: str(e.message) ?? JSON.stringify(e) };
}

type BlockState =
  | { kind: 'text'; text: string }
  | { kind: 'thinking'; text: string }
  | { kind: 'tool_use'; id?: string; name: string; json: string }
  | { kind: 'other'; type: string };

class MessagesStream implements StreamAccumulator {
  events = 0;
  #outcome = emptyOutcome();
  #blocks = new Map<number, BlockState>();
  #stopReason: string | undefined;
  #stopped = false;

  push(event: StreamEvent): boolean {
    this.events++;
    const fast = anthropicTextDelta(event.data);
    const fastBlock = fast && this.#blocks.get(fast[0]);
    if (fast && fastBlock && fastBlock.kind === 'text') {
      fastBlock.text += fast[1];
      return fast[1] !== '';
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      noteOnce(this.#outcome, 'stream event is not JSON');
      return false;
    }
    const e = obj(parsed);
    if (!e) return false;
    switch (str(e.type) ?? event.event) {
      case 'message_start': {
        const m = obj(e.message) ?? {};
        this.#outcome.id = str(m.id);
        this.#outcome.model = str(m.model);
        if (isObject(m.usage)) this.#outcome.usage = usage(m.usage);
        return false;
      }
      case 'content_block_start': {
        const block = obj(e.content_block) ?? {};
        const index = num(e.index) ?? this.#blocks.size;
        if (block.type === 'text') this.#blocks.set(index, { kind: 'text', text: str(block.text) ?? '' });
        else if (block.type === 'thinking') this.#blocks.set(index, { kind: 'thinking', text: str(block.thinking) ?? '' });
        else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
          this.#blocks.set(index, { kind: 'tool_use', id: str(block.id), name: str(block.name) ?? '', json: '' });
        } else this.#blocks.set(index, { kind: 'other', type: String(block.type ?? 'unknown') });
        return block.type === 'tool_use';
      }
      case 'content_block_delta': {
        const block = this.#blocks.get(num(e.index) ?? 0);
        const delta = obj(e.delta) ?? {};
        if (!block) return false;
        if (delta.type === 'text_delta' && block.kind === 'text') block.text += str(delta.text) ?? '';
        else if (delta.type === 'thinking_delta' && block.kind === 'thinking') block.text += str(delta.thinking) ?? '';
        else if (delta.type === 'input_json_delta' && block.kind === 'tool_use') block.json += str(delta.partial_json) ?? '';
        else return false;
        return true;
      }
      case 'message_delta': {
        const stop = str(obj(e.delta)?.stop_reason);
        if (stop) this.#stopReason = stop;
        if (isObject(e.usage)) this.#outcome.usage = usage(e.usage, this.#outcome.usage);
        return false;
      }
      case 'message_stop':
        this.#stopped = true;
        return false;
      case 'error': {
        const error = parseError(e);
        if (error) this.#outcome.error = error;
        return false;
      }
      default:
        return false; // ping, content_block_stop
    }
  }

  outcome(): LlmOutcome {
    const parts: MessagePart[] = [];
    for (const index of [...this.#blocks.keys()].sort((a, b) => a - b)) {
      const block = this.#blocks.get(index)!;
      if (block.kind === 'text') parts.push({ type: 'text', content: block.text });
      else if (block.kind === 'thinking') parts.push({ type: 'reasoning', content: block.text });
      else if (block.kind === 'tool_use') parts.push({ type: 'tool_call', id: block.id, name: block.name, arguments: parseArguments(block.json) });
      else parts.push({ type: block.type });
    }
    const message: ChatMessage = { role: 'assistant', parts };
    const outcome: LlmOutcome = { ...this.#outcome, messages: [message], finishReasons: [], parseErrors: this.#outcome.parseErrors.slice() };
    if (this.#stopReason) {
      message.finish_reason = this.#stopReason;
      outcome.finishReasons = [this.#stopReason];
    }
    outcome.complete = this.#stopped;
    return outcome;
  }
}
