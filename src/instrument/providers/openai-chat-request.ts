/**
 * The request body of OpenAI Chat Completions (and of the OpenAI-compatible servers):
 * `messages` with system messages among them, `tool` messages answering `tool_calls` by
 * `tool_call_id`, `max_completion_tokens` (the older `max_tokens`), `stop` as a string or a list.
 * `top_k` is not OpenAI's, but compatible servers (vLLM, OpenRouter) take it.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { contentParts } from './content';
import { num, obj, str, strings } from './json';
import { functionTool, toolCalls, toolDefinitions, toolResultContent } from './request-parts';
import type { LlmRequestInfo } from './types';

export function parseChatRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  return {
    operation: 'chat',
    stream: b.stream === true,
    model: str(b.model),
    temperature: num(b.temperature),
    topP: num(b.top_p),
    topK: num(b.top_k),
    maxTokens: num(b.max_completion_tokens) ?? num(b.max_tokens),
    frequencyPenalty: num(b.frequency_penalty),
    presencePenalty: num(b.presence_penalty),
    seed: num(b.seed),
    stopSequences: strings(b.stop),
    toolDefinitions: toolDefinitions(b.tools, functionTool),
    inputMessages: Array.isArray(b.messages) ? b.messages.map(chatMessage) : undefined,
  };
}

/** `{ role, content, tool_calls?, name? }`, or `{ role: 'tool', tool_call_id, content }`. */
function chatMessage(message: unknown): ChatMessage {
  const m = obj(message) ?? {};
  const role = str(m.role) ?? 'user';
  const parts: MessagePart[] =
    role === 'tool'
      ? [{ type: 'tool_call_response', id: str(m.tool_call_id), response: toolResultContent(m.content) }]
      : [...contentParts(m.content), ...toolCalls(m.tool_calls)];
  const name = str(m.name);
  return name === undefined ? { role, parts } : { role, parts, name };
}
