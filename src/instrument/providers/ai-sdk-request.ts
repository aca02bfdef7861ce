/**
 * The request of the AI SDK's chat transports (DefaultChatTransport, TextStreamChatTransport):
 * `{ id, messages: UIMessage[], trigger, messageId?, ...body }`, UIMessages with `parts` (text,
 * reasoning, tool-<name>, dynamic-tool, file, step-start).
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { GENERIC_PART_TYPE } from '../../core/semconv';
import { toolCallPart } from './build';
import { obj, str, type JsonObject } from './json';
import type { LlmRequestInfo, TurnInfo } from './types';

/** A request of the AI SDK's chat transports: UIMessages with `parts`. */
export function isAiSdkChatRequest(body: unknown): boolean {
  const b = obj(body);
  if (!b || !Array.isArray(b.messages)) return false;
  return b.messages.length > 0 && b.messages.every((m) => Array.isArray(obj(m)?.parts));
}

export function parseRequest(body: unknown): TurnInfo {
  const b = obj(body) ?? {};
  const info: TurnInfo = { conversationId: str(b.id), model: str(b.model) };
  if (Array.isArray(b.messages)) info.inputMessages = b.messages.map((m) => uiMessage(obj(m) ?? {}));
  return info;
}

/** A UIMessage (`parts`) or an older `{ role, content }` message. */
function uiMessage(m: JsonObject): ChatMessage {
  const role = str(m.role) ?? 'user';
  if (!Array.isArray(m.parts)) return { role, parts: [{ type: 'text', content: str(m.content) ?? '' }] };
  const parts: MessagePart[] = [];
  for (const item of m.parts) {
    const p = obj(item) ?? {};
    const type = str(p.type) ?? 'unknown';
    if (type === 'text' || type === 'reasoning') parts.push({ type, content: str(p.text) ?? '' });
    else if (type.startsWith('tool-') || type === 'dynamic-tool') {
      const name = type === 'dynamic-tool' ? (str(p.toolName) ?? '') : type.slice('tool-'.length);
      parts.push(toolCallPart(p.toolCallId, name, p.input));
      if (p.output !== undefined) parts.push({ type: 'tool_call_response', id: str(p.toolCallId), response: p.output });
    } else if (type === 'file') parts.push({ type: 'uri', modality: 'file', mime_type: str(p.mediaType), uri: str(p.url) ?? '' });
    else if (type !== 'step-start') parts.push({ type: GENERIC_PART_TYPE, provider_type: type });
  }
  return { role, parts };
}

/** The same request as an llm span's request (for the one-span reader, ai-sdk-stream.ts). */
export function parseLlmRequest(body: unknown): LlmRequestInfo {
  const turn = parseRequest(body);
  return { operation: 'chat', stream: true, model: turn.model, inputMessages: turn.inputMessages };
}
