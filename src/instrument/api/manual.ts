/**
 * The manual API: what app code calls to record its own steps.
 *
 *   await trace('turn', async () => {
 *     const docs = await retrieval(question, () => search(question));
 *     const answer = await llm({ model: 'gpt-4o', messages }, () => callMyModel(messages));
 *     await tool('get_weather', { city }, () => getWeather(city), { callId });
 *   });
 *
 * Every helper runs fn inside a span, ends it when fn returns or settles, records a throw or a
 * rejection (error status plus an exception event) and rethrows the very same error. The value fn
 * returns is handed back unchanged. Where the parent comes from is described in core/context.ts.
 */
import { safeJson } from '../../core/attributes';
import { getTracer } from '../../core/global';
import * as sem from '../../core/semconv';
import type { SpanData, SpanKind } from '../../core/span';
import { describeError, type Span, type Tracer } from '../../core/tracer';
import { textMessage, type ChatMessage } from '../../core/messages';
import { defined } from '../llm-attributes';
import { linkToolCall } from './tool-call-links';

export interface TraceOptions {
  kind?: SpanKind;
  /** Nest under this span instead of the current one; `null` starts a new trace. */
  parent?: SpanData | null;
  attributes?: Record<string, unknown>;
  /** Record into this tracer instead of the page's. */
  tracer?: Tracer;
}

/** Run fn inside a span named `name` (kind `chain` unless told). */
export function trace<T>(name: string, fn: (span: Span) => T, options?: TraceOptions): T {
  return runInSpan(name, fn, options, { kind: options?.kind ?? 'chain' });
}

/** An app step that orchestrates others: kind `chain`. */
export function chain<T>(name: string, fn: (span: Span) => T, options?: Omit<TraceOptions, 'kind'>): T {
  return runInSpan(name, fn, options, { kind: 'chain' });
}

/** An agent run: kind `agent`, `invoke_agent <name>`. */
export function agent<T>(name: string, fn: (span: Span) => T, options?: Omit<TraceOptions, 'kind'>): T {
  const attributes = { [sem.GEN_AI_OPERATION_NAME]: 'invoke_agent', [sem.GEN_AI_AGENT_NAME]: name };
  return runInSpan(`invoke_agent ${name}`, fn, options, { kind: 'agent', attributes });
}

export interface ToolOptions extends Omit<TraceOptions, 'kind'> {
  /** The tool call id the model returned; links this run to the completion that asked for it. */
  callId?: string;
  description?: string;
}

/** Run a tool: kind `tool`, `execute_tool <name>`, arguments and result recorded. */
export function tool<T>(name: string, args: unknown, fn: (span: Span) => T, options?: ToolOptions): T {
  const tracer = options?.tracer ?? getTracer();
  const content = tracer.captureContent;
  const attributes = defined({
    [sem.GEN_AI_OPERATION_NAME]: 'execute_tool',
    [sem.GEN_AI_TOOL_NAME]: name,
    [sem.GEN_AI_TOOL_TYPE]: 'function',
    [sem.GEN_AI_TOOL_CALL_ID]: options?.callId,
    [sem.GEN_AI_TOOL_DESCRIPTION]: options?.description,
    [sem.GEN_AI_TOOL_CALL_ARGUMENTS]: content && args !== undefined ? asText(args) : undefined,
  });
  // Link to the completion that asked for this call (fetch instrumentation remembers tool calls).
  linkToolCall(tracer, name, options?.callId, attributes);
  return runInSpan(`execute_tool ${name}`, fn, { ...options, tracer }, {
    kind: 'tool',
    attributes,
    onResult: (span, result) => {
      if (content && result !== undefined) span.setAttribute(sem.GEN_AI_TOOL_CALL_RESULT, asText(result));
    },
  });
}

export interface RetrievalOptions extends Omit<TraceOptions, 'kind'> {
  topK?: number;
  /** Span name; default `retrieve`. */
  name?: string;
}

/**
 * Run a retrieval: kind `retriever`. If fn returns an array, it is recorded as the documents
 * (strings, or objects with content/text/pageContent, id and score).
 */
export function retrieval<T>(query: string, fn: (span: Span) => T, options?: RetrievalOptions): T {
  const content = capturesContent(options);
  return runInSpan(options?.name ?? 'retrieve', fn, options, {
    kind: 'retriever',
    attributes: defined({
      [sem.GEN_AI_OPERATION_NAME]: 'retrieval',
      [sem.INPUT_VALUE]: content ? query : undefined,
      [sem.RETRIEVAL_TOP_K]: options?.topK,
    }),
    onResult: (span, result) => recordDocuments(span, result, content),
  });
}

/** Run a reranking step: kind `reranker`; an array result is recorded as the ranked documents. */
export function rerank<T>(query: string, fn: (span: Span) => T, options?: RetrievalOptions): T {
  const content = capturesContent(options);
  return runInSpan(options?.name ?? 'rerank', fn, options, {
    kind: 'reranker',
    attributes: defined({ [sem.RERANKER_QUERY]: content ? query : undefined, [sem.RERANKER_TOP_K]: options?.topK }),
    onResult: (span, result) => recordDocuments(span, result, content),
  });
}

export interface LlmRequest {
  model: string;
  /** `openai`, `anthropic`, `gcp.gemini`, ... */
  provider?: string;
  /** Default `chat`. */
  operation?: string;
  /** Messages as the app has them: `{ role, content }` (string content) or already in semconv shape. */
  messages?: ReadonlyArray<{ role: string; content?: unknown; parts?: unknown }>;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

/** What an llm() fn may return for spanlens to record; any other value is just handed back. */
export interface LlmResultShape {
  text?: string;
  usage?: { inputTokens?: number; outputTokens?: number; cacheReadTokens?: number; reasoningTokens?: number };
  finishReason?: string;
  responseModel?: string;
}

/**
 * An LLM call the app makes by hand (one that fetch instrumentation cannot see, or a custom
 * client). fn's result is recorded when it is a string (the completion) or has the fields of
 * LlmResultShape; the span is also handed to fn for anything else.
 */
export function llm<T>(request: LlmRequest, fn: (span: Span) => T, options?: Omit<TraceOptions, 'kind'>): T {
  const content = capturesContent(options);
  const operation = request.operation ?? 'chat';
  return runInSpan(`${operation} ${request.model}`, fn, options, {
    kind: 'llm',
    attributes: defined({
      [sem.GEN_AI_OPERATION_NAME]: operation,
      [sem.GEN_AI_REQUEST_MODEL]: request.model,
      [sem.GEN_AI_PROVIDER_NAME]: request.provider,
      [sem.GEN_AI_REQUEST_TEMPERATURE]: request.temperature,
      [sem.GEN_AI_REQUEST_MAX_TOKENS]: request.maxTokens,
      [sem.GEN_AI_REQUEST_TOP_P]: request.topP,
      [sem.GEN_AI_INPUT_MESSAGES]: content && request.messages ? safeJson(request.messages.map(toSemconvMessage)) : undefined,
    }),
    onResult: (span, result) => recordLlmResult(span, result, content),
  });
}

// --- the one mechanism under every helper ---------------------------------------------------

/** What a helper adds to the app's options: the kind, its own attributes, how to read the result. */
interface Step {
  kind: SpanKind;
  /** The app's `options.attributes` win over these. */
  attributes?: Record<string, unknown>;
  onResult?: (span: Span, result: unknown) => void;
}

function runInSpan<T>(name: string, fn: (span: Span) => T, options: TraceOptions | undefined, step: Step): T {
  const tracer = options?.tracer ?? getTracer();
  let span: Span;
  try {
    const attributes = { ...step.attributes, ...options?.attributes };
    span = tracer.startSpan(name, { kind: step.kind, parent: options?.parent, attributes });
  } catch (error) {
    // Recording failed: the app's work must still run, untraced.
    tracer.reportError('start span', error);
    return fn(tracer.nonRecordingSpan(name));
  }
  /** fn returned `value`, or threw or rejected it (`failed`): record that and end the span. */
  const finish = (failed: boolean, value: unknown) => {
    try {
      if (failed) {
        span.recordException(value);
        span.setStatus('error', describeError(value));
        if (value instanceof Error) span.setAttribute(sem.ERROR_TYPE, value.name);
      } else {
        step.onResult?.(span, value);
      }
      span.end();
    } catch (internal) {
      tracer.reportError('end span', internal);
    } finally {
      tracer.context.close(span);
    }
  };
  let result: T;
  try {
    result = tracer.context.run(span, () => fn(span));
  } catch (error) {
    finish(true, error);
    throw error;
  }
  if (!isPromiseLike(result)) {
    finish(false, result);
    return result;
  }
  return result.then(
    (value) => {
      finish(false, value);
      return value;
    },
    (error: unknown) => {
      finish(true, error);
      throw error;
    },
  ) as T;
}

function capturesContent(options: TraceOptions | undefined): boolean {
  return (options?.tracer ?? getTracer()).captureContent;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (safeJson(value) ?? String(value));
}

function toSemconvMessage(message: { role: string; content?: unknown; parts?: unknown }): ChatMessage {
  if (Array.isArray(message.parts)) return message as ChatMessage;
  return typeof message.content === 'string'
    ? textMessage(message.role, message.content)
    : { role: message.role, parts: [{ type: 'text', content: asText(message.content) }] };
}

function recordDocuments(span: Span, result: unknown, captureContent: boolean): void {
  if (!Array.isArray(result)) return;
  span.setAttribute('retrieval.documents.count', result.length);
  if (!captureContent) return;
  const documents = result.map((doc: unknown) => {
    if (typeof doc === 'string') return { content: doc };
    if (doc === null || typeof doc !== 'object') return { content: String(doc) };
    const d = doc as Record<string, unknown>;
    const content = d.content ?? d.text ?? d.pageContent ?? d.page_content ?? '';
    return defined({ content, id: d.id, score: typeof d.score === 'number' ? d.score : undefined, metadata: d.metadata });
  });
  span.setAttribute(sem.RETRIEVAL_DOCUMENTS, safeJson(documents));
}

function recordLlmResult(span: Span, result: unknown, captureContent: boolean): void {
  if (typeof result === 'string') {
    if (captureContent) span.setAttribute(sem.GEN_AI_OUTPUT_MESSAGES, safeJson([textMessage('assistant', result)]));
    return;
  }
  if (result === null || typeof result !== 'object') return;
  const r = result as LlmResultShape;
  span.setAttributes(
    defined({
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: r.usage?.inputTokens,
      [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: r.usage?.outputTokens,
      [sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: r.usage?.cacheReadTokens,
      [sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: r.usage?.reasoningTokens,
      [sem.GEN_AI_RESPONSE_FINISH_REASONS]: typeof r.finishReason === 'string' ? [r.finishReason] : undefined,
      [sem.GEN_AI_RESPONSE_MODEL]: typeof r.responseModel === 'string' ? r.responseModel : undefined,
    }),
  );
  if (captureContent && typeof r.text === 'string') {
    span.setAttribute(sem.GEN_AI_OUTPUT_MESSAGES, safeJson([textMessage('assistant', r.text, r.finishReason)]));
  }
}
