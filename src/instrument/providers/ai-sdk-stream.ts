/**
 * The Vercel AI SDK's UI message stream read as ONE llm span, for recorders that make one span per
 * request (EventSource, XHR, a fetch to a route named in llmUrls whose request is not an AI SDK
 * chat request). The fetch recorder reads it as a turn: ai-sdk.ts.
 *
 * The Vercel AI SDK's UI message stream (AI SDK 5+): what an app's own `/api/chat` route sends to
 * `useChat` (`toUIMessageStreamResponse()`, header `x-vercel-ai-ui-message-stream: v1`). SSE
 * events `data: {type, ...}`: start, start-step, text-start / text-delta / text-end,
 * reasoning-*, tool-input-start / tool-input-delta / tool-input-available,
 * tool-output-available, error, finish-step, finish (the final event), then `data: [DONE]`.
 * The request is `{ messages: UIMessage[] }` with `parts` (text, reasoning, tool-<name>).
 * There is no model or usage on this wire: the route's server knows them, the page does not.
 */
import type { MessagePart } from '../../core/messages';
import { parseLlmRequest } from './ai-sdk-request';
import type { StreamEvent } from '../streams/event-framing';
import { eventObject, streamOutcome, toolCallPart } from './build';
import { obj, str } from './json';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type StreamAccumulator } from './types';

export const aiSdkUiStream: ApiFormat = {
  id: 'ai_sdk.ui_message_stream',
  defaultProvider: 'ai_sdk',
  parseRequest: parseLlmRequest,
  parseResponse: () => {
    const outcome = emptyOutcome(true);
    outcome.parseErrors.push('a JSON answer from an AI SDK route has no known shape');
    return outcome;
  },
  createStream: () => new UiMessageStream(),
  parseError: (body) => {
    const message = str(obj(body)?.error) ?? str(obj(body)?.errorText);
    return message === undefined ? undefined : { message };
  },
};

/** A part as it streams; `text` is its text, or for a tool the input JSON as it arrives. */
interface PartState {
  kind: 'text' | 'reasoning' | 'tool';
  id: string;
  text: string;
  name?: string;
  input?: unknown;
  /** Present once the tool's output came (which may be undefined). */
  output?: unknown;
}

class UiMessageStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  /** Parts in the order they started, by kind and id (text and reasoning ids, tool call ids). */
  #parts = new Map<string, PartState>();
  #finish: string | undefined;
  #finished = false;

  push(event: StreamEvent): boolean {
    if (event.data === '[DONE]') return false;
    const e = eventObject(event.data, this.#outcome) ?? {};
    const type = str(e.type) ?? '';
    switch (type) {
      case 'start':
        this.#outcome.id = str(e.messageId) ?? this.#outcome.id;
        break;
      case 'text-start':
      case 'reasoning-start':
      case 'text-delta':
      case 'reasoning-delta': {
        const part = this.#part(type.startsWith('text') ? 'text' : 'reasoning', e.id);
        if (type.endsWith('start')) break;
        part.text += str(e.delta) ?? '';
        return true;
      }
      case 'tool-input-start':
      case 'tool-input-delta':
      case 'tool-input-available':
      case 'tool-output-available': {
        const part = this.#part('tool', e.toolCallId);
        part.name = str(e.toolName) ?? part.name;
        if (type === 'tool-input-delta') part.text += str(e.inputTextDelta) ?? '';
        if (type === 'tool-input-available') part.input = e.input;
        if (type !== 'tool-output-available') return true;
        part.output = e.output;
        break;
      }
      case 'error':
        this.#outcome.error = { message: str(e.errorText) ?? 'stream error' };
        break;
      case 'finish':
        this.#finished = true;
        this.#finish = str(e.finishReason) ?? this.#finish;
    }
    return false;
  }

  #part(kind: PartState['kind'], id: unknown): PartState {
    const key = `${kind} ${str(id) ?? ''}`;
    let part = this.#parts.get(key);
    if (!part) this.#parts.set(key, (part = { kind, id: str(id) ?? '', text: '' }));
    return part;
  }

  outcome(): LlmOutcome {
    const parts: MessagePart[] = [];
    for (const part of this.#parts.values()) {
      if (part.kind === 'tool') {
        parts.push(toolCallPart(part.id, part.name, part.input ?? part.text));
        if ('output' in part) parts.push({ type: 'tool_call_response', id: part.id, response: part.output });
      } else if (part.text) {
        parts.push({ type: part.kind, content: part.text });
      }
    }
    // The AI SDK writes `tool-calls`; the chat vocabulary (and the other providers) say tool_calls.
    return { ...streamOutcome(this.#outcome, parts, this.#finish?.replace(/-/g, '_')), complete: this.#finished };
  }
}
