/**
 * Ollama's native chat API (`POST /api/chat`, usually on localhost:11434). Streams by default
 * (`stream` absent means true) as newline-delimited JSON: `{ message: { content }, done: false }`
 * lines, then a `done: true` line with `done_reason`, `prompt_eval_count` and `eval_count`.
 * (Ollama's OpenAI-compatible `/v1/chat/completions` is handled by openai-chat.)
 */
import type { MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { eventObject, readUsage, streamOutcome, textParts, toolCallPart } from './build';
import { arr, mediaPart, num, obj, str, strings, type JsonObject } from './json';
import { toolDefinitions } from './openai-chat';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type LlmRequestInfo, type ProviderError, type StreamAccumulator } from './types';

export const ollamaChat: ApiFormat = {
  id: 'ollama.chat',
  defaultProvider: 'ollama',
  parseRequest,
  // A JSON answer is one line with `done: true`.
  parseResponse: (body) => {
    const stream = new OllamaStream();
    stream.take(obj(body) ?? {});
    return stream.outcome();
  },
  createStream: () => new OllamaStream(),
  parseError,
};

function parseRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const options = obj(b.options) ?? {};
  return {
    operation: 'chat',
    stream: b.stream !== false,
    model: str(b.model),
    temperature: num(options.temperature),
    topP: num(options.top_p),
    topK: num(options.top_k),
    maxTokens: num(options.num_predict),
    seed: num(options.seed),
    stopSequences: strings(options.stop),
    toolDefinitions: toolDefinitions(b.tools),
    inputMessages: Array.isArray(b.messages) ? b.messages.map(inputMessage) : undefined,
  };
}

function inputMessage(message: unknown) {
  const m = obj(message) ?? {};
  const role = str(m.role) ?? 'user';
  const content = str(m.content);
  const parts: MessagePart[] = role === 'tool' ? [{ type: 'tool_call_response', response: content ?? '' }] : textParts(undefined, content);
  // Images are base64 strings.
  for (const image of arr(m.images)) parts.push(mediaPart('image', { data: String(image) }));
  parts.push(...arr(m.tool_calls).map(toolCall));
  return { role, parts };
}

function toolCall(call: unknown): MessagePart {
  const c = obj(call) ?? {};
  const fn = obj(c.function) ?? {};
  return toolCallPart(c.id, fn.name, fn.arguments);
}

function parseError(body: unknown): ProviderError | undefined {
  const error = obj(body)?.error;
  return typeof error === 'string' ? { message: error } : undefined;
}

class OllamaStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  #text = '';
  #thinking = '';
  #toolCalls: MessagePart[] = [];
  #role = 'assistant';
  #doneReason: string | undefined;

  push(event: StreamEvent): boolean {
    const line = eventObject(event.data, this.#outcome, 'stream line is not JSON');
    return line ? this.take(line) : false;
  }

  take(line: JsonObject): boolean {
    this.#outcome.model ??= str(line.model);
    this.#outcome.error = parseError(line) ?? this.#outcome.error;
    const message = obj(line.message) ?? {};
    this.#role = str(message.role) ?? this.#role;
    const content = str(message.content) ?? '';
    const thinking = str(message.thinking) ?? '';
    this.#text += content;
    this.#thinking += thinking;
    const calls = arr(message.tool_calls);
    this.#toolCalls.push(...calls.map(toolCall));
    if (line.done === true) {
      this.#outcome.complete = true;
      this.#doneReason = str(line.done_reason) ?? 'stop';
      this.#outcome.usage = readUsage(line, { input: 'prompt_eval_count', output: 'eval_count' });
    }
    return content !== '' || thinking !== '' || calls.length > 0;
  }

  outcome(): LlmOutcome {
    const parts = [...textParts(this.#thinking, this.#text), ...this.#toolCalls];
    return streamOutcome(this.#outcome, parts, this.#doneReason, this.#role);
  }
}
