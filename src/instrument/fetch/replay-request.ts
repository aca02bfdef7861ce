/**
 * The request a replay sends, provider-neutral (a ReplayDraft: what the panel's editor shows), and
 * its body in each wire format. Pure: no fetch here (replay.ts sends it).
 *
 * Where the original raw body is known (a live call of this page load, see request-memory.ts),
 * only the fields the user edited are rewritten and everything else (response_format,
 * tool_choice, provider extras, images) goes out as the app sent it. For a stored or imported
 * span the body is rebuilt from its semconv attributes, which is as faithful as they are: text,
 * tool calls and tool results, the common parameters.
 */
import type { ChatMessage } from '../../core/messages';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { readLlmExample, partsText, type LlmParameters, type ToolSpec } from '../../export/llm-example';
import { openAiTools, requestMessages } from '../../export/datasets/openai-messages';
import type { WritableFormat } from './action-code';

/** What a replay changes; every field is optional (absent: as the original). */
export interface ReplayEdits {
  model?: string;
  parameters?: LlmParameters;
  /** System instructions as one text. */
  system?: string;
  /** The conversation in the semconv shape (`{ role, parts }`). */
  messages?: ChatMessage[];
  tools?: ToolSpec[];
  stream?: boolean;
}

/** The whole request as the editor shows it. */
export interface ReplayDraft {
  model: string;
  parameters: LlmParameters;
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  stream: boolean;
}

/** Wire formats a replay can write. */
export type ReplayableFormat = WritableFormat;

/** The editor's starting point: the captured request, read from the span. */
export function draftFromSpan(span: SpanData): ReplayDraft {
  const example = readLlmExample(span);
  const model = span.attributes[sem.GEN_AI_REQUEST_MODEL] ?? example.model ?? '';
  return {
    model: String(model),
    parameters: example.parameters,
    system: partsText(example.system),
    // System messages inside the conversation stay there (OpenAI chat keeps them in `messages`).
    messages: example.input,
    tools: example.tools,
    stream: span.attributes[sem.GEN_AI_REQUEST_STREAM] === true,
  };
}

type Body = Record<string, unknown>;

/**
 * The body to send: `raw` (the original body, when known) with the edited fields rewritten, or a
 * body written whole from `draft` (the span's reading with the edits applied).
 */
export function replayBody(format: ReplayableFormat, draft: ReplayDraft, edits: ReplayEdits, raw: Body | undefined): Body {
  const written = writeBody(format, draft);
  if (!raw) return written;
  const body: Body = { ...raw };
  const fields = editedFields(format, edits);
  // A newer OpenAI client writes max_completion_tokens: the edited limit goes where it was.
  if (format === 'openai.chat_completions' && 'max_completion_tokens' in raw && written.max_tokens !== undefined) {
    written.max_completion_tokens = written.max_tokens;
    delete written.max_tokens;
  }
  for (const field of fields) {
    if (written[field] === undefined) delete body[field];
    else body[field] = written[field];
  }
  return body;
}

/** The draft with the edits applied. */
export function applyEdits(draft: ReplayDraft, edits: ReplayEdits): ReplayDraft {
  return {
    model: edits.model ?? draft.model,
    parameters: edits.parameters ?? draft.parameters,
    system: edits.system ?? draft.system,
    messages: edits.messages ?? draft.messages,
    tools: edits.tools ?? draft.tools,
    stream: edits.stream ?? draft.stream,
  };
}

/** The body fields an edit touches, per format. */
function editedFields(format: ReplayableFormat, edits: ReplayEdits): string[] {
  const fields: string[] = [];
  const names = FIELD_NAMES[format];
  if (edits.model !== undefined) fields.push('model');
  if (edits.stream !== undefined) fields.push('stream', ...(format === 'openai.chat_completions' ? ['stream_options'] : []));
  if (edits.messages !== undefined || (edits.system !== undefined && names.system === names.messages)) fields.push(names.messages);
  if (edits.system !== undefined && names.system !== names.messages) fields.push(names.system);
  if (edits.tools !== undefined) fields.push('tools');
  if (edits.parameters !== undefined) fields.push(...names.parameters);
  return fields;
}

const FIELD_NAMES: Record<ReplayableFormat, { messages: string; system: string; parameters: string[] }> = {
  'openai.chat_completions': {
    messages: 'messages',
    system: 'messages',
    parameters: ['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'frequency_penalty', 'presence_penalty', 'seed', 'stop'],
  },
  'openai.responses': { messages: 'input', system: 'instructions', parameters: ['temperature', 'top_p', 'max_output_tokens'] },
  'anthropic.messages': { messages: 'messages', system: 'system', parameters: ['temperature', 'top_p', 'top_k', 'max_tokens', 'stop_sequences'] },
  'ollama.chat': { messages: 'messages', system: 'messages', parameters: ['options'] },
};

function writeBody(format: ReplayableFormat, draft: ReplayDraft): Body {
  switch (format) {
    case 'openai.chat_completions':
      return openAiChatBody(draft);
    case 'openai.responses':
      return responsesBody(draft);
    case 'anthropic.messages':
      return anthropicBody(draft);
    case 'ollama.chat':
      return ollamaBody(draft);
  }
}

function openAiChatBody(draft: ReplayDraft): Body {
  const p = draft.parameters;
  const body: Body = {
    model: draft.model,
    messages: requestMessages({ ...readLlmExampleShell(), system: systemParts(draft.system), input: draft.messages }),
    temperature: p.temperature,
    top_p: p.top_p,
    max_tokens: p.max_tokens,
    frequency_penalty: p.frequency_penalty,
    presence_penalty: p.presence_penalty,
    seed: p.seed,
    stop: p.stop,
    tools: draft.tools.length > 0 ? openAiTools(draft.tools) : undefined,
  };
  if (draft.stream) {
    body.stream = true;
    // Usage comes in the last chunk only when asked for.
    body.stream_options = { include_usage: true };
  }
  return defined(body);
}

function responsesBody(draft: ReplayDraft): Body {
  const p = draft.parameters;
  const input: unknown[] = [];
  for (const message of draft.messages) {
    const text = textOf(message);
    for (const part of message.parts as LoosePart[]) {
      if (part.type === 'tool_call') input.push({ type: 'function_call', call_id: String(part.id ?? ''), name: String(part.name), arguments: argumentsText(part.arguments) });
      if (part.type === 'tool_call_response') input.push({ type: 'function_call_output', call_id: String(part.id ?? ''), output: asText(part.response) });
    }
    if (text !== '') input.push({ role: message.role === 'tool' ? 'user' : message.role, content: text });
  }
  return defined({
    model: draft.model,
    instructions: draft.system === '' ? undefined : draft.system,
    input,
    temperature: p.temperature,
    top_p: p.top_p,
    max_output_tokens: p.max_tokens,
    tools: draft.tools.length > 0 ? draft.tools.map((t) => defined({ type: 'function', name: t.name, description: t.description, parameters: t.parameters })) : undefined,
    stream: draft.stream ? true : undefined,
  });
}

function anthropicBody(draft: ReplayDraft): Body {
  const p = draft.parameters;
  const messages: Array<{ role: string; content: unknown[] }> = [];
  for (const message of draft.messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content: unknown[] = [];
    for (const part of message.parts as LoosePart[]) {
      if (part.type === 'text') content.push({ type: 'text', text: String(part.content ?? '') });
      else if (part.type === 'tool_call') content.push({ type: 'tool_use', id: String(part.id ?? ''), name: String(part.name), input: argumentsObject(part.arguments) });
      else if (part.type === 'tool_call_response') content.push({ type: 'tool_result', tool_use_id: String(part.id ?? ''), content: asText(part.response) });
    }
    // Consecutive messages of one role merge (Anthropic alternates user and assistant).
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else messages.push({ role, content });
  }
  const inlineSystem = draft.messages.filter((m) => m.role === 'system').map(textOf).filter((t) => t !== '');
  const system = [draft.system, ...inlineSystem].filter((t) => t !== '').join('\n');
  return defined({
    model: draft.model,
    system: system === '' ? undefined : system,
    messages,
    // Required by the Messages API.
    max_tokens: p.max_tokens ?? 1024,
    temperature: p.temperature,
    top_p: p.top_p,
    top_k: p.top_k,
    stop_sequences: p.stop,
    tools: draft.tools.length > 0 ? draft.tools.map((t) => defined({ name: t.name, description: t.description, input_schema: t.parameters ?? { type: 'object' } })) : undefined,
    stream: draft.stream ? true : undefined,
  });
}

function ollamaBody(draft: ReplayDraft): Body {
  const p = draft.parameters;
  const messages: unknown[] = [];
  if (draft.system !== '') messages.push({ role: 'system', content: draft.system });
  for (const message of draft.messages) {
    const parts = message.parts as LoosePart[];
    const calls = parts.filter((part) => part.type === 'tool_call');
    for (const part of parts) if (part.type === 'tool_call_response') messages.push({ role: 'tool', content: asText(part.response) });
    const text = textOf(message);
    if (text === '' && calls.length === 0) continue;
    const out: Body = { role: message.role, content: text };
    if (calls.length > 0) out.tool_calls = calls.map((c) => ({ function: { name: String(c.name), arguments: argumentsObject(c.arguments) } }));
    messages.push(out);
  }
  const options = defined({ temperature: p.temperature, top_p: p.top_p, top_k: p.top_k, num_predict: p.max_tokens, seed: p.seed, stop: p.stop });
  return defined({
    model: draft.model,
    messages,
    tools: draft.tools.length > 0 ? openAiTools(draft.tools) : undefined,
    options: Object.keys(options).length > 0 ? options : undefined,
    // Ollama streams unless told not to.
    stream: draft.stream,
  });
}

type LoosePart = { type: string; content?: unknown; id?: unknown; name?: unknown; arguments?: unknown; response?: unknown };

function textOf(message: ChatMessage): string {
  return (message.parts as LoosePart[])
    .filter((p) => p.type === 'text' && typeof p.content === 'string')
    .map((p) => p.content as string)
    .join('');
}

function systemParts(system: string): Array<{ type: 'text'; content: string }> {
  return system === '' ? [] : [{ type: 'text', content: system }];
}

/** requestMessages() reads an example; only its system and input matter here. */
function readLlmExampleShell() {
  return readLlmExample({ traceId: '', spanId: '', name: '', kind: 'llm', startTime: 0, status: { code: 'unset' }, attributes: {}, events: [], sessionId: '' });
}

function argumentsText(value: unknown): string {
  return typeof value === 'string' ? value : asText(value ?? {});
}

function argumentsObject(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

function defined(body: Body): Body {
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}
