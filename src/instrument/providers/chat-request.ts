/**
 * The request body of every chat format, read by one reader. The formats name their shared
 * settings alike (`model`, `temperature`, `top_p`, `tools`...), and where they differ each uses a
 * name of its own, so one reader that knows every name reads each format as it is:
 *   - OpenAI chat: `messages` (system messages among them), `max_completion_tokens`, `stop`;
 *   - Responses: `input` (a string or a list of items), `instructions`, `max_output_tokens`;
 *   - Anthropic: `messages` of content blocks, `system`, `max_tokens`, `stop_sequences`.
 */
import { textMessage, type ChatMessage, type MessagePart } from '../../core/messages';
import { toolCallPart } from './build';
import { contentPart, contentParts } from './content';
import { arr, mediaPart, num, obj, str, strings } from './json';
import type { LlmRequestInfo, ToolDefinition } from './types';

export function parseRequest(body: unknown): LlmRequestInfo {
  const b = obj(body) ?? {};
  // Anthropic `system`: a string or text blocks; Responses `instructions`: a string.
  const system = b.system ?? (b.instructions || undefined);
  return {
    operation: 'chat',
    stream: b.stream === true,
    model: str(b.model),
    temperature: num(b.temperature),
    topP: num(b.top_p),
    topK: num(b.top_k),
    maxTokens: num(b.max_completion_tokens) ?? num(b.max_tokens) ?? num(b.max_output_tokens),
    frequencyPenalty: num(b.frequency_penalty),
    presencePenalty: num(b.presence_penalty),
    seed: num(b.seed),
    stopSequences: strings(b.stop ?? b.stop_sequences),
    toolDefinitions: toolDefinitions(b.tools),
    systemInstructions: typeof system === 'string' || Array.isArray(system) ? contentParts(system) : undefined,
    inputMessages: Array.isArray(b.messages)
      ? b.messages.map(inputMessage)
      : typeof b.input === 'string'
        ? [textMessage('user', b.input)]
        : Array.isArray(b.input)
          ? inputItems(b.input)
          : undefined,
  };
}

/**
 * `tools: [{ type: 'function', function: { name, description, parameters } }]`; also the flat
 * tools of the Responses API and Anthropic (`{ type?, name, description, input_schema }`).
 */
function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool) => {
    const t = obj(tool) ?? {};
    const fn = obj(t.function) ?? t;
    const def: ToolDefinition = { type: str(t.type) ?? 'function', name: str(fn.name) ?? str(t.type) ?? 'unknown' };
    const description = str(fn.description);
    if (description !== undefined) def.description = description;
    const parameters = fn.parameters ?? fn.input_schema;
    if (parameters !== undefined) def.parameters = parameters;
    return def;
  });
}

/** A chat or Anthropic message (Ollama's carry images as base64 strings). */
function inputMessage(message: unknown): ChatMessage {
  const m = obj(message) ?? {};
  const role = str(m.role) ?? 'user';
  const parts: MessagePart[] =
    role === 'tool'
      ? [{ type: 'tool_call_response', id: str(m.tool_call_id), response: contentText(m.content) }]
      : [
          ...contentParts(m.content),
          ...arr(m.images).map((image) => mediaPart('image', { data: String(image) })),
          ...arr(m.tool_calls).map(toolCall),
        ];
  const name = str(m.name);
  return name === undefined ? { role, parts } : { role, parts, name };
}

function contentText(content: unknown): unknown {
  const parts = contentParts(content);
  return parts.length === 1 && parts[0].type === 'text' ? parts[0].content : parts;
}

function toolCall(call: unknown): MessagePart {
  const c = obj(call) ?? {};
  const fn = obj(c.function) ?? {};
  return toolCallPart(c.id, fn.name, fn.arguments ?? '');
}

/** Responses input items become messages; consecutive items of one role share a message. */
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
    if (type === 'message') messages.push(inputMessage(i));
    else if (type === 'function_call_output') add('tool', { type: 'tool_call_response', id: str(i.call_id), response: i.output });
    else add(type === 'function_call' || type === 'reasoning' ? 'assistant' : 'user', contentPart(i));
  }
  return messages;
}
