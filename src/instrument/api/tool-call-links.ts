/**
 * Linking tool runs to the completion that asked for them. Every tool call an llm span's answer
 * contains is remembered (bounded, per tracer). When the app then runs `tool(name, args, fn,
 * { callId })`, the tool span gets the llm span's id; without a callId, the oldest unclaimed call
 * of that tool name from the latest completion is taken and its id recorded (marked inferred).
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import type { Tracer } from '../../core/tracer';
import type { ChatMessage } from '../../core/messages';

interface KnownCall {
  id: string;
  name: string;
  llmSpanId: string;
  claimed: boolean;
}

const MAX_REMEMBERED = 256;

const registries = new WeakMap<Tracer, Map<string, KnownCall>>();

function registry(tracer: Tracer): Map<string, KnownCall> {
  let calls = registries.get(tracer);
  if (!calls) registries.set(tracer, (calls = new Map()));
  return calls;
}

/** Remember the tool calls in an llm span's output messages. */
export function rememberToolCalls(tracer: Tracer, span: SpanData, messages: readonly ChatMessage[]): void {
  const calls = registry(tracer);
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.type !== 'tool_call' || typeof part.id !== 'string' || part.id === '') continue;
      calls.delete(part.id);
      calls.set(part.id, { id: part.id, name: String(part.name ?? ''), llmSpanId: span.spanId, claimed: false });
      // A Map iterates in insertion order: the first key is the oldest.
      if (calls.size > MAX_REMEMBERED) calls.delete(calls.keys().next().value as string);
    }
  }
}

/**
 * Add the link attributes for a tool run to `attributes` (used by manual.ts `tool()`).
 * callId given: the llm span that returned it, if known. No callId: claim by name.
 */
export function linkToolCall(tracer: Tracer, name: string, callId: string | undefined, attributes: Record<string, unknown>): void {
  const calls = registries.get(tracer);
  if (!calls) return;
  if (callId !== undefined) {
    const known = calls.get(callId);
    if (!known) return;
    known.claimed = true;
    attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID] = known.llmSpanId;
    return;
  }
  // The most recent completion that asked for this tool, and its first unclaimed call of it.
  let chosen: KnownCall | undefined;
  for (const known of calls.values()) {
    if (known.claimed || known.name !== name) continue;
    if (!chosen || known.llmSpanId !== chosen.llmSpanId) chosen = known;
  }
  if (!chosen) return;
  chosen.claimed = true;
  attributes[sem.GEN_AI_TOOL_CALL_ID] = chosen.id;
  attributes[sem.SPANLENS_TOOL_CALL_ID_INFERRED] = true;
  attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID] = chosen.llmSpanId;
}
