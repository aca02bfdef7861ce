/**
 * Langfuse dataset items: a JSON array of bodies for `POST /api/public/dataset-items`, each linked
 * to the trace and observation (span) it came from. Input and expected output are OpenAI chat
 * messages, which Langfuse's playground opens as they are.
 */
import type { LlmExample } from '../llm-example';
import { answerMessage, openAiTools, requestMessages, type OpenAiMessage, type OpenAiTool } from './openai-messages';

export interface LangfuseDatasetItem {
  datasetName: string;
  input: { messages: OpenAiMessage[]; tools?: OpenAiTool[] };
  expectedOutput: OpenAiMessage | null;
  metadata: Record<string, unknown>;
  sourceTraceId: string;
  sourceObservationId: string;
}

export function langfuseItem(example: LlmExample, datasetName: string): LangfuseDatasetItem {
  const input: LangfuseDatasetItem['input'] = { messages: requestMessages(example) };
  if (example.tools.length > 0) input.tools = openAiTools(example.tools);
  return {
    datasetName,
    input,
    expectedOutput: answerMessage(example) ?? null,
    metadata: metadata(example),
    sourceTraceId: example.traceId,
    sourceObservationId: example.spanId,
  };
}

export function langfuseItems(examples: readonly LlmExample[], datasetName: string): string {
  return JSON.stringify(examples.map((e) => langfuseItem(e, datasetName)), null, 2);
}

/** What the formats without a place of their own for it put in `metadata`. */
export function metadata(example: LlmExample): Record<string, unknown> {
  const out: Record<string, unknown> = { source: 'spanlens', session_id: example.sessionId };
  if (example.provider !== undefined) out.provider = example.provider;
  if (example.model !== undefined) out.model = example.model;
  if (Object.keys(example.parameters).length > 0) out.parameters = example.parameters;
  if (example.usage.inputTokens !== undefined) out.input_tokens = example.usage.inputTokens;
  if (example.usage.outputTokens !== undefined) out.output_tokens = example.usage.outputTokens;
  if (example.latencyMs !== undefined) out.latency_ms = example.latencyMs;
  if (example.error !== undefined) out.error = example.error;
  if (example.scores.length > 0) out.scores = example.scores;
  return out;
}
