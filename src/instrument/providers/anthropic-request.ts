/**
 * The request body of Anthropic Messages: `system` (a string or text blocks) outside `messages`,
 * messages whose content is a string or blocks (text, image, document, tool_use, tool_result,
 * thinking; content.ts reads them), `max_tokens`, `top_k`, `stop_sequences`, and flat tools
 * (`{ name, description, input_schema }`; a server tool has its own `type`).
 */
import type { ChatMessage } from '../../core/messages';
import { contentParts } from './content';
import { num, obj, str, strings, type JsonObject } from './json';
import { toolDefinition, toolDefinitions } from './request-parts';
import type { LlmRequestInfo, ToolDefinition } from './types';

export function parseAnthropicRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  const system = b.system;
  return {
    operation: 'chat',
    stream: b.stream === true,
    model: str(b.model),
    temperature: num(b.temperature),
    topP: num(b.top_p),
    topK: num(b.top_k),
    maxTokens: num(b.max_tokens),
    stopSequences: strings(b.stop_sequences),
    toolDefinitions: toolDefinitions(b.tools, anthropicTool),
    systemInstructions: typeof system === 'string' || Array.isArray(system) ? contentParts(system) : undefined,
    inputMessages: Array.isArray(b.messages) ? b.messages.map(anthropicMessage) : undefined,
  };
}

function anthropicTool(tool: JsonObject): ToolDefinition {
  const type = str(tool.type) ?? 'function';
  return toolDefinition(type, str(tool.name) ?? type, tool.description, tool.input_schema);
}

/** `{ role, content }`: tool calls and their results are content blocks. */
function anthropicMessage(message: unknown): ChatMessage {
  const m = obj(message) ?? {};
  return { role: str(m.role) ?? 'user', parts: contentParts(m.content) };
}
