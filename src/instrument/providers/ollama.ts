/**
 * Ollama's native chat API (`POST /api/chat`, usually on localhost:11434). Streams by default
 * (`stream` absent means true) as newline-delimited JSON: `{ message: { content }, done: false }`
 * lines, then a `done: true` line with `done_reason`, `prompt_eval_count` and `eval_count`.
 * (Ollama's OpenAI-compatible `/v1/chat/completions` is handled by openai-chat.)
 *
 * The request has a reader of its own (ollama-request.ts). Each line is read as the OpenAI chat
 * chunk it amounts to (openai-chat's stream reader), and the `done` line ends the call.
 */
import type { StreamEvent } from '../streams/event-framing';
import { eventObject } from './build';
import { obj, str, type JsonObject } from './json';
import { ChatStream, parseError } from './openai-chat';
import { parseOllamaRequest } from './ollama-request';
import type { ApiFormat, LlmOutcome } from './types';

export const ollamaChat: ApiFormat = {
  id: 'ollama.chat',
  defaultProvider: 'ollama',
  parseRequest: parseOllamaRequest,
  // A JSON answer is one line with `done: true`.
  parseResponse: (body) => {
    const stream = new OllamaStream();
    stream.take(obj(body) ?? {});
    return stream.outcome();
  },
  createStream: () => new OllamaStream(),
  parseError,
};

/** An Ollama line as the chat chunk it amounts to. */
function chatChunk(line: JsonObject): JsonObject {
  const message = obj(line.message) ?? {};
  const done = line.done === true;
  return {
    model: line.model,
    error: line.error,
    choices: [{ index: 0, delta: { ...message, reasoning: message.thinking }, finish_reason: done ? (str(line.done_reason) ?? 'stop') : null }],
    usage: done ? { prompt_tokens: line.prompt_eval_count, completion_tokens: line.eval_count } : undefined,
  };
}

/** Lines are read as the chat chunks they amount to. */
class OllamaStream extends ChatStream {
  #done = false;

  push(event: StreamEvent): boolean {
    const line = eventObject(event.data, this.header, 'stream line is not JSON');
    return line ? this.take(line) : false;
  }

  take(line: JsonObject): boolean {
    this.#done ||= line.done === true;
    return super.take(chatChunk(line));
  }

  /** The `done` line is the last one: the ollama client stops reading there. */
  finished(): boolean {
    return this.#done;
  }

  outcome(): LlmOutcome {
    // Complete only with the `done` line (one finished choice would count as complete for chat).
    return { ...super.outcome(), complete: this.#done };
  }
}
