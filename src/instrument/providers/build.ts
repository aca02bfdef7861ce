/**
 * Building the records of types.ts the same way in every parser: messages, tool-call parts, the
 * outcome of a stream, token usage.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { num, obj, parseArguments, str, type JsonObject } from './json';
import type { LlmOutcome, Usage } from './types';

/** A message of the answer; `finish_reason` only when the provider gave one. */
export function answerMessage(role: string, parts: MessagePart[], finishReason?: string): ChatMessage {
  const message: ChatMessage = { role, parts };
  if (finishReason) message.finish_reason = finishReason;
  return message;
}

/**
 * What a stream with one answer message has given so far. `base` (id, model, usage, error, notes)
 * is copied: the stream keeps accumulating into it.
 */
export function streamOutcome(base: LlmOutcome, parts: MessagePart[], finishReason: string | undefined, role = 'assistant'): LlmOutcome {
  return {
    ...base,
    messages: [answerMessage(role, parts, finishReason)],
    finishReasons: finishReason ? [finishReason] : [],
    parseErrors: base.parseErrors.slice(),
  };
}

/** A tool call part. Arguments as JSON text are parsed (left as text if they are not JSON). */
export function toolCallPart(id: unknown, name: unknown, args: unknown): MessagePart {
  return { type: 'tool_call', id: str(id), name: str(name) ?? '', arguments: typeof args === 'string' ? parseArguments(args) : (args ?? {}) };
}

/** Reasoning then text, each only if not empty. */
export function textParts(reasoning: string | undefined, text: string | undefined): MessagePart[] {
  const parts: MessagePart[] = [];
  if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
  if (text) parts.push({ type: 'text', content: text });
  return parts;
}

/** The object a stream event carries; an event that is not JSON is noted (once) on the outcome. */
export function eventObject(data: string, outcome: LlmOutcome, note = 'stream event is not JSON'): JsonObject | undefined {
  try {
    return obj(JSON.parse(data));
  } catch {
    if (!outcome.parseErrors.includes(note)) outcome.parseErrors.push(note);
    return undefined;
  }
}

/** Token counts of a usage object, by where each sits in it (`a.b` for a nested field). */
export function readUsage(usage: JsonObject, paths: Partial<Record<keyof Usage, string>>): Usage {
  const out: Usage = {};
  for (const [field, path] of Object.entries(paths) as Array<[keyof Usage, string]>) {
    let value: unknown = usage;
    for (const name of path.split('.')) value = obj(value)?.[name];
    const count = num(value);
    if (count !== undefined) out[field] = count;
  }
  return out;
}

/** A map's entries in the order of their numeric keys (stream indexes may arrive out of order). */
export function byIndex<T>(map: Map<number, T>): Array<[number, T]> {
  return [...map].sort((a, b) => a[0] - b[0]);
}
