/**
 * The request body of the OpenAI Responses API: `input` (a string, or a list of items:
 * messages, `function_call`, `function_call_output`, `reasoning`...), `instructions` outside the
 * input, flat tools (`{ type, name, description, parameters }`; a built-in tool such as
 * `web_search` has only its type), `max_output_tokens`.
 */
import { textMessage, type ChatMessage, type MessagePart } from '../../core/messages';
import { contentPart, contentParts } from './content';
import { num, obj, str, type JsonObject } from './json';
import { toolDefinition, toolDefinitions } from './request-parts';
import type { LlmRequestInfo, ToolDefinition } from './types';

export function parseResponsesRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const instructions = b.instructions || undefined;
  return {
    operation: 'chat',
    stream: b.stream === true,
    model: str(b.model),
    temperature: num(b.temperature),
    topP: num(b.top_p),
    maxTokens: num(b.max_output_tokens),
    toolDefinitions: toolDefinitions(b.tools, flatTool),
    systemInstructions: typeof instructions === 'string' || Array.isArray(instructions) ? contentParts(instructions) : undefined,
    inputMessages: typeof b.input === 'string' ? [textMessage('user', b.input)] : Array.isArray(b.input) ? inputItems(b.input) : undefined,
  };
}

function flatTool(tool: JsonObject): ToolDefinition {
  const type = str(tool.type) ?? 'function';
  return toolDefinition(type, str(tool.name) ?? type, tool.description, tool.parameters);
}

/** Input items become messages; consecutive items of one role (but user) share a message. */
function inputItems(items: unknown[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const add = (role: string, part: MessagePart) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role && role !== 'user') last.parts.push(part);
    else messages.push({ role, parts: [part] });
  };
  for (const item of items) {
    const i = obj(item) ?? {};
    const type = str(i.type) ?? 'message';
    if (type === 'message') messages.push({ role: str(i.role) ?? 'user', parts: contentParts(i.content) });
    else if (type === 'function_call_output') add('tool', { type: 'tool_call_response', id: str(i.call_id), response: i.output });
    else add(type === 'function_call' || type === 'reasoning' ? 'assistant' : 'user', contentPart(i));
  }
  return messages;
}
