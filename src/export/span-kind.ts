/**
 * Our kind for a span recorded by someone else (an OTLP file, the collector, an OTel SDK in the
 * page), from what it says about itself, most explicit first:
 *   1. OpenInference's `openinference.span.kind` (Phoenix, Arize, LlamaIndex, LangChain tracers);
 *   2. the GenAI conventions' `gen_ai.operation.name`;
 *   3. the Vercel AI SDK's telemetry span names (`ai.streamText.doStream`, `ai.toolCall`...),
 *      also given as `ai.operationId`;
 *   4. an HTTP client span is `http`; anything else a `chain` step.
 */
import * as sem from '../core/semconv';
import { SPAN_KINDS, type Attributes, type SpanKind } from '../core/span';

/** gen_ai.operation.name → our kind. */
const KIND_BY_OPERATION = new Map<unknown, SpanKind>([
  ['chat', 'llm'],
  ['text_completion', 'llm'],
  ['generate_content', 'llm'],
  ['embeddings', 'embedding'],
  ['execute_tool', 'tool'],
  ['invoke_agent', 'agent'],
  ['create_agent', 'agent'],
  ['retrieval', 'retriever'],
]);

/**
 * The AI SDK's operations. The outer `ai.generateText` / `ai.streamText` spans wrap a whole
 * multi-step call (steps, tools), so they are chains; `.doGenerate` / `.doStream` are the model calls.
 */
const KIND_BY_AI_SDK_OPERATION = new Map<string, SpanKind>([
  ['ai.generateText.doGenerate', 'llm'],
  ['ai.streamText.doStream', 'llm'],
  ['ai.generateObject.doGenerate', 'llm'],
  ['ai.streamObject.doStream', 'llm'],
  ['ai.toolCall', 'tool'],
  ['ai.embed', 'embedding'],
  ['ai.embed.doEmbed', 'embedding'],
  ['ai.embedMany', 'embedding'],
  ['ai.embedMany.doEmbed', 'embedding'],
  ['ai.rerank', 'reranker'],
  ['ai.rerank.doRerank', 'reranker'],
]);

/** What the OTel span kind says (OTLP numbers: 2 server, 3 client). */
export type OtelSpanKindHint = 'client' | 'server' | 'other';

export function inferSpanKind(name: string, attributes: Attributes, otelKind: OtelSpanKindHint): SpanKind {
  const declared = String(attributes[sem.OPENINFERENCE_SPAN_KIND] ?? '').toLowerCase();
  if ((SPAN_KINDS as readonly string[]).includes(declared)) return declared as SpanKind;
  const byOperation = KIND_BY_OPERATION.get(attributes[sem.GEN_AI_OPERATION_NAME]);
  if (byOperation) return byOperation;
  const aiOperation = attributes['ai.operationId'];
  const bySdk = KIND_BY_AI_SDK_OPERATION.get(typeof aiOperation === 'string' ? aiOperation : name);
  if (bySdk) return bySdk;
  // spanlens writes its http spans as UNKNOWN (OpenInference has no http kind) CLIENT spans.
  const isHttp = declared === 'unknown' || attributes[sem.HTTP_REQUEST_METHOD] !== undefined || attributes['http.method'] !== undefined;
  return otelKind === 'client' && isHttp ? 'http' : 'chain';
}
