/**
 * spanlens JSONL: one llm call per line, everything spanlens knows of it, in its own documented
 * shape (README, "Datasets"). Messages keep the OTel GenAI semconv shape (`{ role, parts }`).
 */
import { toolCalls, type LlmExample } from '../llm-example';

export interface SpanlensDatasetLine {
  trace_id: string;
  span_id: string;
  session_id: string;
  provider: string | null;
  model: string | null;
  parameters: LlmExample['parameters'];
  system: LlmExample['system'];
  input: LlmExample['input'];
  tools: LlmExample['tools'];
  output: LlmExample['output'];
  tool_calls: ReturnType<typeof toolCalls>;
  finish_reasons: string[];
  usage: { input_tokens: number | null; output_tokens: number | null };
  latency_ms: number | null;
  cost_usd: number | null;
  error: string | null;
  scores: LlmExample['scores'];
}

export function spanlensLine(example: LlmExample): SpanlensDatasetLine {
  return {
    trace_id: example.traceId,
    span_id: example.spanId,
    session_id: example.sessionId,
    provider: example.provider ?? null,
    model: example.model ?? null,
    parameters: example.parameters,
    system: example.system,
    input: example.input,
    tools: example.tools,
    output: example.output,
    tool_calls: toolCalls(example.output),
    finish_reasons: example.finishReasons,
    usage: { input_tokens: example.usage.inputTokens ?? null, output_tokens: example.usage.outputTokens ?? null },
    latency_ms: example.latencyMs ?? null,
    cost_usd: example.costUsd ?? null,
    error: example.error ?? null,
    scores: example.scores,
  };
}

export function spanlensJsonl(examples: readonly LlmExample[]): string {
  return examples.map((e) => JSON.stringify(spanlensLine(e))).join('\n') + (examples.length > 0 ? '\n' : '');
}
