/**
 * One llm span read as a test case: what was sent (messages, system instructions, tools, model,
 * parameters) and what came back (output messages, tool calls, usage, latency), plus its scores.
 * Every dataset format (datasets/*), Markdown and the trace diff start from this reading, so they
 * agree on what a span said. Pure: SpanData in, plain records out.
 */
import type { ChatMessage, MessagePart } from '../core/messages';
import { readScores, type RecordedScore } from '../core/scores';
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';

export interface ToolSpec {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

/** Request parameters, by their usual (OpenAI-style) names. */
export interface LlmParameters {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  max_tokens?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  seed?: number;
  stop?: string[];
}

export interface LlmExample {
  traceId: string;
  spanId: string;
  sessionId: string;
  provider?: string;
  /** The model asked for (the response's when the request did not say). */
  model?: string;
  parameters: LlmParameters;
  /** Instructions given outside the messages (Anthropic `system`, Responses `instructions`). */
  system: MessagePart[];
  input: ChatMessage[];
  tools: ToolSpec[];
  output: ChatMessage[];
  finishReasons: string[];
  usage: { inputTokens?: number; outputTokens?: number };
  latencyMs?: number;
  costUsd?: number;
  /** The status message when the call failed. */
  error?: string;
  scores: RecordedScore[];
}

const PARAMETERS: Array<[keyof LlmParameters, string]> = [
  ['temperature', sem.GEN_AI_REQUEST_TEMPERATURE],
  ['top_p', sem.GEN_AI_REQUEST_TOP_P],
  ['top_k', sem.GEN_AI_REQUEST_TOP_K],
  ['max_tokens', sem.GEN_AI_REQUEST_MAX_TOKENS],
  ['frequency_penalty', sem.GEN_AI_REQUEST_FREQUENCY_PENALTY],
  ['presence_penalty', sem.GEN_AI_REQUEST_PRESENCE_PENALTY],
  ['seed', sem.GEN_AI_REQUEST_SEED],
];

export function readLlmExample(span: SpanData): LlmExample {
  const a = span.attributes;
  const parameters: LlmParameters = {};
  for (const [name, key] of PARAMETERS) {
    const value = a[key];
    if (typeof value === 'number') (parameters as Record<string, number>)[name] = value;
  }
  const stop = a[sem.GEN_AI_REQUEST_STOP_SEQUENCES];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) parameters.stop = stop as string[];
  const example: LlmExample = {
    traceId: span.traceId,
    spanId: span.spanId,
    sessionId: span.sessionId,
    parameters,
    system: jsonList(a[sem.GEN_AI_SYSTEM_INSTRUCTIONS]) as MessagePart[],
    input: messages(a[sem.GEN_AI_INPUT_MESSAGES]),
    tools: (jsonList(a[sem.GEN_AI_TOOL_DEFINITIONS]) as ToolSpec[]).filter((t) => typeof t?.name === 'string'),
    output: messages(a[sem.GEN_AI_OUTPUT_MESSAGES]),
    finishReasons: stringList(a[sem.GEN_AI_RESPONSE_FINISH_REASONS]),
    usage: {},
    scores: readScores(span),
  };
  const provider = a[sem.GEN_AI_PROVIDER_NAME];
  if (typeof provider === 'string') example.provider = provider;
  const model = a[sem.GEN_AI_REQUEST_MODEL] ?? a[sem.GEN_AI_RESPONSE_MODEL];
  if (typeof model === 'string') example.model = model;
  const input = a[sem.GEN_AI_USAGE_INPUT_TOKENS];
  const output = a[sem.GEN_AI_USAGE_OUTPUT_TOKENS];
  if (typeof input === 'number') example.usage.inputTokens = input;
  if (typeof output === 'number') example.usage.outputTokens = output;
  if (span.endTime !== undefined) example.latencyMs = round(span.endTime - span.startTime);
  const cost = a[sem.SPANLENS_COST_USD];
  if (typeof cost === 'number') example.costUsd = cost;
  if (span.status.code === 'error') example.error = span.status.message ?? 'error';
  return example;
}

/** The text parts of messages, joined: what a word diff or an `equals` assertion compares. */
export function messagesText(list: readonly ChatMessage[]): string {
  return list
    .map((m) => m.parts.filter(isText).map((p) => p.content).join(''))
    .filter((t) => t !== '')
    .join('\n\n');
}

export function partsText(parts: readonly MessagePart[]): string {
  return parts.filter(isText).map((p) => p.content).join('\n');
}

export interface ToolCallPart {
  type: 'tool_call';
  id?: string;
  name: string;
  arguments?: unknown;
}

export function toolCalls(list: readonly ChatMessage[]): ToolCallPart[] {
  const calls: ToolCallPart[] = [];
  for (const message of list) for (const part of message.parts) if (part.type === 'tool_call' && typeof part.name === 'string') calls.push(part as ToolCallPart);
  return calls;
}

export function isText(part: MessagePart): part is { type: 'text'; content: string } {
  return part.type === 'text' && typeof (part as { content?: unknown }).content === 'string';
}

/** Messages in the semconv shape; anything else in the attribute is dropped, never guessed at. */
function messages(value: unknown): ChatMessage[] {
  return jsonList(value).filter(
    (m): m is ChatMessage =>
      m !== null && typeof m === 'object' && typeof (m as ChatMessage).role === 'string' && Array.isArray((m as ChatMessage).parts),
  );
}

function jsonList(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
