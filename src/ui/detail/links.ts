/**
 * Links between spans of a session: a tool call in a completion and the `execute_tool` span that
 * ran it share `gen_ai.tool.call.id`.
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';

export type Spans = ReadonlyMap<string, SpanData>;

/** Tool spans by the call id they ran, built once per render of a conversation. */
export function toolSpansByCallId(spans: Spans | undefined): Map<string, SpanData> {
  const byId = new Map<string, SpanData>();
  if (!spans) return byId;
  for (const span of spans.values()) {
    const id = span.attributes[sem.GEN_AI_TOOL_CALL_ID];
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, span);
  }
  return byId;
}

/**
 * The llm spans of the same trace that mention a tool call id: the one whose output asked for the
 * call, and the one whose input carried its result back to the model.
 */
export function llmSpansForCall(tool: SpanData, spans: Spans | undefined): { requestedBy?: SpanData; readBy?: SpanData } {
  const id = tool.attributes[sem.GEN_AI_TOOL_CALL_ID];
  const found: { requestedBy?: SpanData; readBy?: SpanData } = {};
  if (typeof id !== 'string' || !spans) return found;
  const quoted = JSON.stringify(id);
  for (const span of spans.values()) {
    if (span.traceId !== tool.traceId || span.kind !== 'llm') continue;
    const output = span.attributes[sem.GEN_AI_OUTPUT_MESSAGES];
    const input = span.attributes[sem.GEN_AI_INPUT_MESSAGES];
    if (!found.requestedBy && typeof output === 'string' && output.includes(quoted)) found.requestedBy = span;
    else if (!found.readBy && typeof input === 'string' && input.includes(quoted)) found.readBy = span;
  }
  return found;
}
