/**
 * The replay editor's fields as text, and the edits they make. A message whose parts are all text
 * is edited as its text; any other (tool calls, tool results, images) as the JSON of its parts.
 * Pure, so the parsing and its error messages are tested without a browser.
 */
import type { ChatMessage } from '../../core/messages';
import type { ReplayDraft, ReplayEdits } from '../../instrument/fetch/replay-request';

export interface MessageField {
  role: string;
  /** The text, or the parts' JSON when `json`. */
  text: string;
  json: boolean;
}

export interface EditorFields {
  model: string;
  parameters: string;
  system: string;
  messages: MessageField[];
  tools: string;
  stream: boolean;
  /** Pasted `Name: value` lines (memory only). */
  headers: string;
}

export type FieldErrors = Partial<Record<'model' | 'parameters' | 'tools' | 'headers' | `message${number}`, string>>;

export function fieldsFromDraft(draft: ReplayDraft): EditorFields {
  return {
    model: draft.model,
    parameters: JSON.stringify(draft.parameters, null, 2),
    system: draft.system,
    messages: draft.messages.map(messageField),
    tools: JSON.stringify(draft.tools, null, 2),
    stream: draft.stream,
    headers: '',
  };
}

function messageField(message: ChatMessage): MessageField {
  const allText = message.parts.every((p) => p.type === 'text');
  if (allText) return { role: message.role, text: message.parts.map((p) => String((p as { content?: unknown }).content ?? '')).join(''), json: false };
  return { role: message.role, text: JSON.stringify(message.parts, null, 2), json: true };
}

/** The edits (only what differs from the draft), or the errors to show beside their fields. */
export function editsFromFields(fields: EditorFields, draft: ReplayDraft): { edits: ReplayEdits; headers?: Headers } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const edits: ReplayEdits = {};
  if (fields.model.trim() === '') errors.model = 'a model is required';
  else if (fields.model.trim() !== draft.model) edits.model = fields.model.trim();
  const parameters = parseJson(fields.parameters, 'object');
  if ('error' in parameters) errors.parameters = parameters.error;
  else if (!same(parameters.value, draft.parameters)) edits.parameters = parameters.value as ReplayEdits['parameters'];
  if (fields.system !== draft.system) edits.system = fields.system;
  const messages: ChatMessage[] = [];
  fields.messages.forEach((m, i) => {
    if (!m.json) return messages.push({ role: m.role, parts: [{ type: 'text', content: m.text }] });
    const parts = parseJson(m.text, 'array');
    if ('error' in parts) errors[`message${i}`] = parts.error;
    else messages.push({ role: m.role, parts: parts.value as ChatMessage['parts'] });
  });
  if (!same(messages, draft.messages)) edits.messages = messages;
  const tools = parseJson(fields.tools, 'array');
  if ('error' in tools) errors.tools = tools.error;
  else if (!(tools.value as unknown[]).every((t) => t !== null && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string')) errors.tools = 'each tool needs a "name"';
  else if (!same(tools.value, draft.tools)) edits.tools = tools.value as ReplayEdits['tools'];
  if (fields.stream !== draft.stream) edits.stream = fields.stream;
  const headers = parseHeaders(fields.headers);
  if ('error' in headers) errors.headers = headers.error;
  if (Object.keys(errors).length > 0) return { errors };
  return 'value' in headers && headers.value ? { edits, headers: headers.value } : { edits };
}

function parseJson(text: string, shape: 'object' | 'array'): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (shape === 'array' && !Array.isArray(value)) return { error: 'expected a JSON array [...]' };
  if (shape === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value))) return { error: 'expected a JSON object {...}' };
  return { value };
}

function parseHeaders(text: string): { value?: Headers } | { error: string } {
  if (text.trim() === '') return {};
  const headers = new Headers();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `"Name: value" per line (${line.slice(0, 20)}…)` };
    try {
      headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      return { error: `not a valid header: ${line.slice(0, colon).trim()}` };
    }
  }
  return { value: headers };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
