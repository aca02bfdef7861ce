/**
 * Reading untrusted JSON without trusting its shape: every accessor checks the type it returns.
 */
import type { MessagePart } from '../../core/messages';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `stop` may be a string or an array of strings. */
export function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

/** Tool-call arguments as an object when they are JSON (the semconv shape), else the raw text. */
export function parseArguments(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const DATA_URL = /^data:([^;,]*)(;base64)?,/;

/**
 * An image/audio/file reference as a semconv part. Inline data (base64, data: URLs) is replaced by
 * its size: it is large, not readable, and would crowd out the text within the attribute limit.
 */
export function mediaPart(modality: string, source: { url?: string; data?: string; mimeType?: string }): MessagePart {
  if (source.url !== undefined) {
    const match = DATA_URL.exec(source.url);
    if (!match) return { type: 'uri', modality, uri: source.url };
    return { type: 'blob', modality, mime_type: match[1] || undefined, content: omitted(source.url.length - match[0].length) };
  }
  return { type: 'blob', modality, mime_type: source.mimeType, content: omitted(source.data?.length ?? 0) };
}

function omitted(chars: number): string {
  return `[inline data omitted: ${chars} chars]`;
}

/** Text of an OpenAI-style content value: a string, or an array of parts. */
export function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  let text = '';
  for (const part of content) {
    const p = obj(part);
    const t = str(p?.text);
    if (t !== undefined) text += t;
  }
  return text;
}
