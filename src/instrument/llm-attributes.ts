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
  span.setAttributes(
    defined({
      [sem.GEN_AI_OPERATION_NAME]: request.operation,
      [sem.GEN_AI_REQUEST_STREAM]: request.stream,
      [sem.GEN_AI_REQUEST_MODEL]: request.model,
      [sem.GEN_AI_REQUEST_TEMPERATURE]: request.temperature,
      [sem.GEN_AI_REQUEST_TOP_P]: request.topP,
      [sem.GEN_AI_REQUEST_TOP_K]: request.topK,
      [sem.GEN_AI_REQUEST_MAX_TOKENS]: request.maxTokens,
      [sem.GEN_AI_REQUEST_FREQUENCY_PENALTY]: request.frequencyPenalty,
      [sem.GEN_AI_REQUEST_PRESENCE_PENALTY]: request.presencePenalty,
      [sem.GEN_AI_REQUEST_SEED]: request.seed,
      [sem.GEN_AI_REQUEST_STOP_SEQUENCES]: request.stopSequences,
      // Tool definitions are the app's schema, not user content: kept with content capture off.
      [sem.GEN_AI_TOOL_DEFINITIONS]: request.toolDefinitions && safeJson(request.toolDefinitions),
      [sem.GEN_AI_INPUT_MESSAGES]: captureContent && request.inputMessages ? safeJson(request.inputMessages) : undefined,
      [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: captureContent && request.systemInstructions ? safeJson(request.systemInstructions) : undefined,
    }),
  );
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
  const u = outcome.usage;
  const requestModel = span.attributes[sem.GEN_AI_REQUEST_MODEL];
  const price = findPrice(outcome.model, prices) ?? findPrice(typeof requestModel === 'string' ? requestModel : undefined, prices);
  const a = defined({
    [sem.GEN_AI_RESPONSE_ID]: outcome.id,
    [sem.GEN_AI_RESPONSE_MODEL]: outcome.model,
    [sem.GEN_AI_RESPONSE_FINISH_REASONS]: outcome.finishReasons.length > 0 ? outcome.finishReasons : undefined,
    [sem.GEN_AI_USAGE_INPUT_TOKENS]: u.input,
    [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: u.output,
    [sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: u.cacheRead,
    [sem.GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS]: u.cacheCreation,
    [sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: u.reasoning,
    [sem.SPANLENS_COST_USD]: price && computeCost(u, price),
    [sem.SPANLENS_PARSE_ERROR]: outcome.parseErrors.length > 0 ? outcome.parseErrors.join('; ') : undefined,
  });
  span.setAttributes(a);
  recordOutputMessages(span, outcome, captureContent);
}

/** The entries whose value is defined: an absent field is no attribute (not a dropped one). */
export function defined(attributes: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(attributes)) if (attributes[key] === undefined) delete attributes[key];
  return attributes;
}
