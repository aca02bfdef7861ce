/**
 * The pieces of a request body that several wire formats really share: a tool offered to the
 * model, the `tool_calls` of an OpenAI-style message (OpenAI chat and Ollama), and a tool
 * result's content. Message content parts are content.ts; each format's own names are in its
 * own request reader (openai-chat-request.ts, openai-responses-request.ts, anthropic-request.ts,
 * ollama-request.ts).
 */
import type { MessagePart } from '../../core/messages';
import { toolCallPart } from './build';
import { contentParts } from './content';
import { arr, obj, str, type JsonObject } from './json';
import type { ToolDefinition } from './types';

/** The tools of a request, each read by `read`; undefined when there are none. */
export function toolDefinitions(tools: unknown, read: (tool: JsonObject) => ToolDefinition): ToolDefinition[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool) => read(obj(tool) ?? {}));
}

/** A tool definition; description and parameters only when the request gave them. */
export function toolDefinition(type: string, name: string, description: unknown, parameters: unknown): ToolDefinition {
  const definition: ToolDefinition = { type, name };
  const text = str(description);
  if (text !== undefined) definition.description = text;
  if (parameters !== undefined) definition.parameters = parameters;
  return definition;
}

/**
 * `{ type: 'function', function: { name, description, parameters } }`, the tools of OpenAI chat
 * and Ollama; a tool of another type without `function` (OpenAI's `custom`) is named by its type.
 */
export function functionTool(tool: JsonObject): ToolDefinition {
  const fn = obj(tool.function) ?? tool;
  const type = str(tool.type) ?? 'function';
  return toolDefinition(type, str(fn.name) ?? type, fn.description, fn.parameters);
}

/** `tool_calls: [{ id?, function: { name, arguments } }]` (arguments as JSON text, or an object in Ollama). */
export function toolCalls(calls: unknown): MessagePart[] {
  return arr(calls).map((call) => {
    const c = obj(call) ?? {};
    const fn = obj(c.function) ?? {};
    return toolCallPart(c.id, fn.name, fn.arguments ?? '');
  });
}

/** A tool result's content: one text part reads as its text, anything else as parts. */
export function toolResultContent(content: unknown): unknown {
  const parts = contentParts(content);
  return parts.length === 1 && parts[0].type === 'text' ? parts[0].content : parts;
}
