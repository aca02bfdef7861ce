/**
 * Chat messages as the details pane shows them, read from whatever the span holds: the OTel
 * GenAI semconv shape (`{role, parts}`, see core/messages.ts), OpenAI chat
 * (`{role, content, tool_calls, tool_call_id}`), OpenAI Responses items (`function_call`...) and
 * Anthropic content blocks (`tool_use`, `tool_result`, `image`...). Unknown shapes are kept as
 * `other` parts so nothing is hidden.
 */
import { safeJson } from '../../core/attributes';
import { binaryLabel, readJson } from './payload';

export type Part =
  | { kind: 'text' | 'reasoning'; text: string }
  | { kind: 'call'; id?: string; name: string; args: unknown }
  | { kind: 'result'; id?: string; value: unknown }
  /** An image, audio or file: a label ("image/png · 12 KB") and what else identifies it (URI, file id, note). */
  | { kind: 'media'; label: string; detail?: string }
  | { kind: 'other'; value: unknown };

export interface Message {
  role: string;
  name?: string;
  finish?: string;
  parts: Part[];
}

/** Messages, or the raw string when the value is not a readable message list. */
export type Read = { messages: Message[] } | { raw: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string => (typeof v === 'string' ? v : (safeJson(v) ?? String(v)));
/** A value that may be a list, as a list (nothing for null and undefined). */
function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  return [v];
}

export function readMessages(value: unknown): Read {
  const parsed = readJson(value);
  if (!parsed.ok) return { raw: value as string };
  let list = parsed.value;
  if (isObj(list)) list = Array.isArray(list.messages) ? list.messages : [list];
  if (!Array.isArray(list)) return { raw: text(value) };
  return { messages: list.map(toMessage) };
}

/**
 * The new reading with every message that equals the previous reading's (same place, same
 * content) replaced by the previous object: while a span streams only its last message changes,
 * and the unchanged ones keep their identity, so their bubbles skip re-rendering.
 */
export function keepUnchanged(previous: Read | undefined, next: Read): Read {
  if (!previous || !('messages' in previous) || !('messages' in next)) return next;
  const old = previous.messages;
  return { messages: next.messages.map((m, i) => (i < old.length && same(old[i], m) ? old[i] : m)) };
}

/** Deep equality of parsed JSON values. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length || Array.isArray(a) !== Array.isArray(b)) return false;
  return keys.every((k) => same((a as Obj)[k], (b as Obj)[k]));
}

/** `gen_ai.system_instructions`: a list of parts, or plain text. */
export function readInstructions(value: unknown): Message {
  const parsed = readJson(value);
  return { role: 'system', parts: [parsed.ok ? parsed.value : value].flat().map(toPart) };
}

function toMessage(m: unknown): Message {
  if (!isObj(m)) return { role: 'unknown', parts: [toPart(m)] };
  // OpenAI Responses items are messages of their own.
  if (m.type === 'function_call') return { role: 'assistant', parts: [toPart(m)] };
  if (m.type === 'function_call_output') return { role: 'tool', parts: [toPart(m)] };
  const content = m.parts ?? m.content;
  const toolCallId = str(m.tool_call_id);
  const message: Message = {
    role: str(m.role) ?? 'unknown',
    parts: [
      ...(toolCallId === undefined ? listOf(content).map(toPart) : [{ kind: 'result' as const, id: toolCallId, value: content }]),
      ...(Array.isArray(m.tool_calls) ? m.tool_calls : []).map(toPart),
      ...(isObj(m.function_call) ? [toPart(m.function_call)] : []),
    ],
  };
  if (str(m.name)) message.name = m.name as string;
  if (str(m.finish_reason)) message.finish = m.finish_reason as string;
  return message;
}

const call = (id: string | undefined, fn: Obj, args: unknown): Part => ({ kind: 'call', id, name: str(fn.name) ?? '?', args });

function toPart(p: unknown): Part {
  if (typeof p === 'string') return { kind: 'text', text: p };
  if (!isObj(p)) return { kind: 'other', value: p };
  const id = str(p.id) ?? str(p.tool_use_id) ?? str(p.call_id);
  switch (p.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
    case 'reasoning':
    case 'thinking':
      return { kind: p.type === 'reasoning' || p.type === 'thinking' ? 'reasoning' : 'text', text: text(p.content ?? p.thinking ?? p.text ?? '') };
    case 'tool_call':
    case 'tool_use':
    case 'function':
    case 'function_call': {
      const fn = isObj(p.function) ? p.function : p;
      return call(id, fn, fn.arguments ?? p.input);
    }
    case 'tool_call_response':
    case 'tool_result':
    case 'function_call_output':
      return { kind: 'result', id, value: p.response ?? p.content ?? p.output };
    case undefined: {
      // Gemini parts are typed by their one field; a legacy OpenAI function_call has name + arguments.
      if (typeof p.text === 'string') return { kind: p.thought ? 'reasoning' : 'text', text: p.text };
      const fn = isObj(p.functionCall) ? p.functionCall : str(p.name) && 'arguments' in p ? p : undefined;
      if (fn) return call(str(fn.id), fn, fn.args ?? fn.arguments);
      const response = p.functionResponse;
      if (isObj(response)) return { kind: 'result', id: str(response.id) ?? str(response.name), value: response.response };
    }
  }
  return media(p) ?? { kind: 'other', value: p };
}

/** Image, audio and file parts of every shape, by type and size; never the data itself. */
function media(p: Obj): Part | undefined {
  // Where each API nests it: Anthropic `source`, OpenAI `image_url`/`input_audio`, Gemini `inlineData`/`fileData`.
  const nested = [p.source, p.image_url, p.input_audio, p.inlineData, p.fileData].find(isObj) ?? {};
  const uri = str(p.uri) ?? str(nested.url) ?? str(nested.fileUri) ?? str(p.image_url) ?? str(p.file_id);
  const data = str(nested.data) ?? (p.type === 'blob' ? str(p.content) : undefined);
  const type = str(p.mime_type) ?? str(nested.media_type) ?? str(nested.mimeType) ?? str(p.modality) ?? str(p.type) ?? 'media';
  if (uri === undefined && data === undefined) return undefined;
  if (uri?.startsWith('data:')) {
    return { kind: 'media', label: binaryLabel(uri.slice(uri.indexOf(',') + 1), uri.slice(5, uri.search(/[;,]/)) || type) };
  }
  // Instrumentation may already have replaced the bytes by a note ("[inline data omitted: …]").
  const base64 = data !== undefined && /^[A-Za-z0-9+/=\s]*$/.test(data);
  const part: Part = { kind: 'media', label: base64 ? binaryLabel(data, type) : type };
  const detail = uri ?? (base64 ? undefined : data);
  if (detail !== undefined) part.detail = detail;
  return part;
}
