/**
 * The records of a turn (providers/types.ts: TurnInfo, ToolCallInfo) to span attributes, the same
 * for every app protocol. Content (messages, arguments, results, metadata) only when the tracer
 * captures content. llm steps use llm-attributes.ts like any provider's llm span.
 */
import { safeJson } from '../core/attributes';
import * as sem from '../core/semconv';
import type { Span } from '../core/tracer';
import { defined } from './llm-attributes';
import type { ToolCallInfo, TurnInfo } from './providers/types';

export function recordTurn(span: Span, info: TurnInfo, captureContent: boolean): void {
  const u = info.usage;
  span.setAttributes(
    defined({
      [sem.GEN_AI_CONVERSATION_ID]: info.conversationId,
      [sem.GEN_AI_RESPONSE_ID]: info.id,
      [sem.GEN_AI_AGENT_NAME]: info.agentName,
      [sem.GEN_AI_RESPONSE_MODEL]: info.model,
      [sem.GEN_AI_RESPONSE_FINISH_REASONS]: info.finishReasons,
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: u?.input,
      [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: u?.output,
      [sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: u?.cacheRead,
      [sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: u?.reasoning,
      [sem.SPANLENS_TURN_METADATA]: captureContent && info.metadata !== undefined ? safeJson(info.metadata) : undefined,
      [sem.GEN_AI_INPUT_MESSAGES]: captureContent && info.inputMessages ? safeJson(info.inputMessages) : undefined,
      [sem.GEN_AI_OUTPUT_MESSAGES]: captureContent && info.outputMessages ? safeJson(info.outputMessages) : undefined,
    }),
  );
  if (info.name) span.updateName(info.name);
  if (info.tool) recordTool(span, info.tool, captureContent);
}

/** A tool call's name, id, server, arguments and result (or error). */
export function recordTool(span: Span, call: ToolCallInfo, captureContent: boolean): void {
  span.setAttributes(
    defined({
      [sem.GEN_AI_OPERATION_NAME]: 'execute_tool',
      [sem.GEN_AI_TOOL_NAME]: call.name || undefined,
      [sem.GEN_AI_TOOL_CALL_ID]: call.id || undefined,
      [sem.SPANLENS_TOOL_SERVER]: call.server,
      [sem.SPANLENS_TOOL_IS_ERROR]: call.error ? true : undefined,
      [sem.GEN_AI_TOOL_CALL_ARGUMENTS]: captureContent && call.arguments !== undefined ? asText(call.arguments) : undefined,
      [sem.GEN_AI_TOOL_CALL_RESULT]: captureContent && 'result' in call ? asText(call.result) : undefined,
    }),
  );
  if (call.name) span.updateName(`execute_tool ${call.name}`);
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : safeJson(value);
}
