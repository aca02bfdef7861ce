/**
 * Ollama's native chat API (`POST /api/chat`, usually on localhost:11434). Streams by default
 * (`stream` absent means true) as newline-delimited JSON: `{ message: { content }, done: false }`
 * lines, then a `done: true` line with `done_reason`, `prompt_eval_count` and `eval_count`.
 * (Ollama's OpenAI-compatible `/v1/chat/completions` is handled by openai-chat.)
 */
import type { ChatMessage, MessagePart } from '../messages';
import type { StreamEvent } from '../sse';
import { arr, num, obj, str, strings, type JsonObject } from './json';
import { noteOnce, toolDefinitions } from './openai-chat';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type LlmRequestInfo, type ProviderError, type StreamAccumulator } from './types';

export const ollamaChat: ApiFormat = {
  id: 'ollama.chat',
  defaultProvider: 'ollama',
  parseRequest,
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
  const info: LlmRequestInfo = { operation: 'chat', stream: b.stream !== false, model: str(b.model) };
  info.temperature = num(options.temperature);
  info.topP = num(options.top_p);
  info.topK = num(options.top_k);
  info.maxTokens = num(options.num_predict);
  info.seed = num(options.seed);
  info.stopSequences = strings(options.stop);
  info.toolDefinitions = toolDefinitions(b.tools);
  if (Array.isArray(b.messages)) {
    info.inputMessages = b.messages.map((message) => {
      const m = obj(message) ?? {};
      const role = str(m.role) ?? 'user';
      const parts: MessagePart[] = [];
      const content = str(m.content);
      if (role === 'tool') parts.push({ type: 'tool_call_response', response: content ?? '' });
      else if (content) parts.push({ type: 'text', content });
      for (const image of arr(m.images)) parts.push({ type: 'blob', modality: 'image', content: `[inline data omitted: ${String(image).length} chars]` });
      for (const call of arr(m.tool_calls)) parts.push(toolCall(obj(call) ?? {}));
      return { role, parts };
    });
  }
  return info;
}

function toolCall(call: JsonObject): MessagePart {
  const fn = obj(call.function) ?? {};
  return { type: 'tool_call', id: str(call.id), name: str(fn.name) ?? '', arguments: fn.arguments ?? {} };
}

function parseError(body: unknown): ProviderError | undefined {
  const error = obj(body)?.error;
  return typeof error === 'string' ? { message: error } : undefined;
}

class OllamaStream implements StreamAccumulator {
  events = 0;
  #outcome = emptyOutcome();
  #text = '';
  #thinking = '';
  #toolCalls: MessagePart[] = [];
  #role = 'assistant';
  #doneReason: string | undefined;

  push(event: StreamEvent): boolean {
    this.events++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      noteOnce(this.#outcome, 'stream line is not JSON');
      return false;
    }
    return this.take(obj(parsed) ?? {});
  }

  take(line: JsonObject): boolean {
    this.#outcome.model ??= str(line.model);
    const error = parseError(line);
    if (error) this.#outcome.error = error;
    const message = obj(line.message) ?? {};
    this.#role = str(message.role) ?? this.#role;
    const content = str(message.content) ?? '';
    const thinking = str(message.thinking) ?? '';
    this.#text += content;
    this.#thinking += thinking;
    const calls = arr(message.tool_calls);
    for (const call of calls) this.#toolCalls.push(toolCall(obj(call) ?? {}));
    if (line.done === true) {
      this.#outcome.complete = true;
      this.#doneReason = str(line.done_reason) ?? 'stop';
      this.#outcome.usage = { input: num(line.prompt_eval_count), output: num(line.eval_count) };
    }
    return content !== '' || thinking !== '' || calls.length > 0;
  }

  outcome(): LlmOutcome {
    const parts: MessagePart[] = [];
    if (this.#thinking) parts.push({ type: 'reasoning', content: this.#thinking });
    if (this.#text) parts.push({ type: 'text', content: this.#text });
    parts.push(...this.#toolCalls);
    const message: ChatMessage = { role: this.#role, parts };
    const outcome: LlmOutcome = { ...this.#outcome, messages: [message], finishReasons: [], parseErrors: this.#outcome.parseErrors.slice() };
    if (this.#doneReason) {
      message.finish_reason = this.#doneReason;
      outcome.finishReasons = [this.#doneReason];
    }
    return outcome;
  }
}
