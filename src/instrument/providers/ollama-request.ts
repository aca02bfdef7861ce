/**
 * The request body of Ollama's `/api/chat`: sampling settings inside `options` (`num_predict`
 * is the token limit), `stream` true unless it is `false`, messages with string `content`,
 * base64 `images` and `tool_calls` whose arguments are objects; a `tool` message carries the
 * result (with `tool_name`, no call id). Tools are OpenAI chat's.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { contentParts } from './content';
import { arr, mediaPart, num, obj, str, strings } from './json';
import { functionTool, toolCalls, toolDefinitions, toolResultContent } from './request-parts';
import type { LlmRequestInfo } from './types';

export function parseOllamaRequest(body: unknown): LlmRequestInfo {
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
    frequencyPenalty: num(options.frequency_penalty),
    presencePenalty: num(options.presence_penalty),
    seed: num(options.seed),
    stopSequences: strings(options.stop),
    toolDefinitions: toolDefinitions(b.tools, functionTool),
    inputMessages: Array.isArray(b.messages) ? b.messages.map(ollamaMessage) : undefined,
  };
}

function ollamaMessage(message: unknown): ChatMessage {
  const m = obj(message) ?? {};
  const role = str(m.role) ?? 'user';
  if (role === 'tool') return { role, parts: [{ type: 'tool_call_response', response: toolResultContent(m.content) }] };
  const parts: MessagePart[] = [
    ...contentParts(m.content),
    ...arr(m.images).map((image) => mediaPart('image', { data: String(image) })),
    ...toolCalls(m.tool_calls),
  ];
  return { role, parts };
}
