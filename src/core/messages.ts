/**
 * Chat messages in the OTel GenAI semconv shape, as stored (JSON) in `gen_ai.input.messages` and
 * `gen_ai.output.messages`: `{ role, parts: [...] }`, and for output a `finish_reason`.
 */

export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string; response: unknown }
  | { type: 'blob' | 'uri' | 'file'; modality?: string; mime_type?: string; [key: string]: unknown }
  | { type: string; [key: string]: unknown };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

export function textMessage(role: string, content: string, finishReason?: string): ChatMessage {
  const message: ChatMessage = { role, parts: [{ type: 'text', content }] };
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}
