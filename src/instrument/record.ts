/**
 * Provider-neutral records (providers/types.ts) to span attributes, the same for every provider.
 * Content (messages, instructions) only when the tracer captures content.
 */
import { safeJson } from '../core/attributes';
import * as sem from '../core/semconv';
import type { Span } from '../core/tracer';
import { computeCost, findPrice } from './cost';
import type { ModelPrice } from './prices';
import type { LlmOutcome, LlmRequestInfo } from './providers/types';

export function recordRequest(span: Span, request: LlmRequestInfo, captureContent: boolean): void {
  const a: Record<string, unknown> = {
    [sem.GEN_AI_OPERATION_NAME]: request.operation,
    [sem.GEN_AI_REQUEST_STREAM]: request.stream,
  };
  if (request.model !== undefined) a[sem.GEN_AI_REQUEST_MODEL] = request.model;
  if (request.temperature !== undefined) a[sem.GEN_AI_REQUEST_TEMPERATURE] = request.temperature;
  if (request.topP !== undefined) a[sem.GEN_AI_REQUEST_TOP_P] = request.topP;
  if (request.topK !== undefined) a[sem.GEN_AI_REQUEST_TOP_K] = request.topK;
  if (request.maxTokens !== undefined) a[sem.GEN_AI_REQUEST_MAX_TOKENS] = request.maxTokens;
  if (request.frequencyPenalty !== undefined) a[sem.GEN_AI_REQUEST_FREQUENCY_PENALTY] = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) a[sem.GEN_AI_REQUEST_PRESENCE_PENALTY] = request.presencePenalty;
  if (request.seed !== undefined) a[sem.GEN_AI_REQUEST_SEED] = request.seed;
  if (request.stopSequences !== undefined) a[sem.GEN_AI_REQUEST_STOP_SEQUENCES] = request.stopSequences;
  // Tool definitions are the app's schema, not user content: kept with content capture off.
  if (request.toolDefinitions) a[sem.GEN_AI_TOOL_DEFINITIONS] = safeJson(request.toolDefinitions);
  if (captureContent) {
    if (request.inputMessages) a[sem.GEN_AI_INPUT_MESSAGES] = safeJson(request.inputMessages);
    if (request.systemInstructions) a[sem.GEN_AI_SYSTEM_INSTRUCTIONS] = safeJson(request.systemInstructions);
  }
  span.setAttributes(a);
  span.updateName(request.model ? `${request.operation} ${request.model}` : request.operation);
}

/** The output messages only: what changes on every live update while a stream is open. */
export function recordOutputMessages(span: Span, outcome: LlmOutcome, captureContent: boolean): void {
  if (captureContent && outcome.messages.length > 0) span.setAttribute(sem.GEN_AI_OUTPUT_MESSAGES, safeJson(outcome.messages));
}

/** Everything the answer tells, once it is complete (or as far as it got). */
export function recordOutcome(
  span: Span,
  outcome: LlmOutcome,
  captureContent: boolean,
  prices: Readonly<Record<string, ModelPrice>>,
): void {
  const a: Record<string, unknown> = {};
  if (outcome.id !== undefined) a[sem.GEN_AI_RESPONSE_ID] = outcome.id;
  if (outcome.model !== undefined) a[sem.GEN_AI_RESPONSE_MODEL] = outcome.model;
  if (outcome.finishReasons.length > 0) a[sem.GEN_AI_RESPONSE_FINISH_REASONS] = outcome.finishReasons;
  const u = outcome.usage;
  if (u.input !== undefined) a[sem.GEN_AI_USAGE_INPUT_TOKENS] = u.input;
  if (u.output !== undefined) a[sem.GEN_AI_USAGE_OUTPUT_TOKENS] = u.output;
  if (u.cacheRead !== undefined) a[sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = u.cacheRead;
  if (u.cacheCreation !== undefined) a[sem.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = u.cacheCreation;
  if (u.reasoning !== undefined) a[sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = u.reasoning;
  const model = outcome.model ?? stringAttribute(span, sem.GEN_AI_REQUEST_MODEL);
  const price = findPrice(outcome.model, prices) ?? findPrice(stringAttribute(span, sem.GEN_AI_REQUEST_MODEL), prices);
  if (model !== undefined && price) {
    const cost = computeCost(u, price);
    if (cost !== undefined) a[sem.SPANLENS_COST_USD] = cost;
  }
  if (outcome.parseErrors.length > 0) a[sem.SPANLENS_PARSE_ERROR] = outcome.parseErrors.join('; ');
  span.setAttributes(a);
  recordOutputMessages(span, outcome, captureContent);
}

function stringAttribute(span: Span, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' ? value : undefined;
}
