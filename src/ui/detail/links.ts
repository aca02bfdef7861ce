/**
 * Links between spans of a session: a tool call in a completion and the `execute_tool` span that
 * ran it share `gen_ai.tool.call.id`.
 *
 * The session map is large (thousands of spans) and the pane re-renders every frame, so lookups
 * are cached per map and rebuilt when its size changes (a span was added). A span updated in
 * place keeps its id and call id, which is all a link needs.
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';

export type Spans = ReadonlyMap<string, SpanData>;

interface Cache {
  size: number;
  toolByCallId?: Map<string, SpanData>;
  llmByTool: Map<string, CallLinks>;
}

export interface CallLinks {
  /** The llm span whose output asked for the call. */
  requestedBy?: SpanData;
  /** The llm span whose input carried the result back to the model. */
  readBy?: SpanData;
}

const caches = new WeakMap<Spans, Cache>();

function cacheOf(spans: Spans): Cache {
  let cache = caches.get(spans);
  if (!cache || cache.size !== spans.size) caches.set(spans, (cache = { size: spans.size, llmByTool: new Map() }));
  return cache;
}

/** The tool span that ran the call with this id. */
export function toolSpanForCall(spans: Spans | undefined, callId: string): SpanData | undefined {
  if (!spans) return undefined;
  const cache = cacheOf(spans);
  if (!cache.toolByCallId) {
    cache.toolByCallId = new Map();
    for (const span of spans.values()) {
      const id = span.attributes[sem.GEN_AI_TOOL_CALL_ID];
      if (typeof id === 'string' && !cache.toolByCallId.has(id)) cache.toolByCallId.set(id, span);
    }
  }
  return cache.toolByCallId.get(callId);
}

/** The llm spans of the tool span's trace that mention its call id. */
export function llmSpansForCall(tool: SpanData, spans: Spans | undefined): CallLinks {
  const id = tool.attributes[sem.GEN_AI_TOOL_CALL_ID];
  if (typeof id !== 'string' || !spans) return {};
  const cache = cacheOf(spans);
  let found = cache.llmByTool.get(tool.spanId);
  if (found) return found;
  found = {};
  const quoted = JSON.stringify(id);
  for (const span of spans.values()) {
    if (span.traceId !== tool.traceId || span.kind !== 'llm') continue;
    const output = span.attributes[sem.GEN_AI_OUTPUT_MESSAGES];
    const input = span.attributes[sem.GEN_AI_INPUT_MESSAGES];
    if (!found.requestedBy && typeof output === 'string' && output.includes(quoted)) found.requestedBy = span;
    else if (!found.readBy && typeof input === 'string' && input.includes(quoted)) found.readBy = span;
  }
  cache.llmByTool.set(tool.spanId, found);
  return found;
}
