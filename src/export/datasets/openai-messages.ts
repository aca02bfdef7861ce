/**
 * Semconv messages (`{ role, parts }`) as OpenAI chat messages (`{ role, content, tool_calls,
 * tool_call_id }`): the shape OpenAI fine-tuning, Langfuse's and Phoenix's playgrounds and
 * promptfoo's chat prompts all read.
 */
import type { ChatMessage } from '../../core/messages';
import { isText, partsText, type LlmExample, type ToolSpec } from '../llm-example';

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAiMessage =
  | { role: 'system' | 'user'; content: string; name?: string }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAiToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface OpenAiTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown };
}

/** System instructions first (as a system message), then the conversation. */
export function requestMessages(example: LlmExample): OpenAiMessage[] {
  const out: OpenAiMessage[] = [];
  const system = partsText(example.system);
  if (system !== '') out.push({ role: 'system', content: system });
  for (const message of example.input) out.push(...toOpenAi(message));
  return out;
}

/** The answer as one assistant message (text and tool calls), or undefined when there is none. */
export function answerMessage(example: LlmExample): Extract<OpenAiMessage, { role: 'assistant' }> | undefined {
  const parts = example.output.flatMap((m) => m.parts);
  if (parts.length === 0) return undefined;
  const [message] = toOpenAi({ role: 'assistant', parts });
  return message?.role === 'assistant' ? message : undefined;
}

export function openAiTools(tools: readonly ToolSpec[]): OpenAiTool[] {
  return tools.map((t) => {
    const fn: OpenAiTool['function'] = { name: t.name };
    if (t.description !== undefined) fn.description = t.description;
    if (t.parameters !== undefined) fn.parameters = t.parameters;
    return { type: 'function', function: fn };
  });
}

/** One semconv message; a tool message with several results becomes one message per result. */
/** A part with its fields readable by name (the union's members differ). */
type LoosePart = { type: string; id?: unknown; name?: unknown; arguments?: unknown; response?: unknown };

function toOpenAi(message: ChatMessage): OpenAiMessage[] {
  const parts = message.parts as LoosePart[];
  const text = message.parts.filter(isText).map((p) => p.content).join('');
  const role = message.role;
  if (role === 'tool') {
    return parts
      .filter((p) => p.type === 'tool_call_response')
      .map((p) => ({ role: 'tool' as const, tool_call_id: String(p.id ?? ''), content: asText(p.response) }));
  }
  if (role === 'assistant') {
    const calls = parts.filter((p): p is LoosePart & { name: string } => p.type === 'tool_call' && typeof p.name === 'string');
    const out: Extract<OpenAiMessage, { role: 'assistant' }> = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
    if (calls.length > 0) {
      out.tool_calls = calls.map((c, i) => ({
        id: typeof c.id === 'string' ? c.id : `call_${i}`,
        type: 'function',
        function: { name: c.name, arguments: asText(c.arguments ?? {}) },
      }));
    }
    return [out];
  }
  // A user message may also carry tool results (Anthropic's shape): those become tool messages.
  const results = parts.filter((p) => p.type === 'tool_call_response');
  const out: OpenAiMessage[] = results.map((p) => ({ role: 'tool', tool_call_id: String(p.id ?? ''), content: asText(p.response) }));
  if (text !== '' || results.length === 0) out.push({ role: role === 'system' || role === 'developer' ? 'system' : 'user', content: text });
  return out;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
