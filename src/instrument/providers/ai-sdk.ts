/**
 * The Vercel AI SDK's UI message stream (AI SDK 5 and 6): what an app's own `/api/chat` route
 * sends to `useChat` / `Chat` (`toUIMessageStreamResponse()`, header
 * `x-vercel-ai-ui-message-stream: v1`). SSE events `data: {type, ...}` then `data: [DONE]`.
 *
 * One request is one turn, read as a small tree: the turn span (kind `agent`), one llm span per
 * step (start-step ... finish-step) and one tool span per tool call (tool-input-* gives the
 * arguments, tool-output-* the result or error, linked to its step by the call id). There is no
 * model or token usage on this wire unless the route puts them in the message metadata.
 *
 * The request is read by ai-sdk-request.ts; ai-sdk-stream.ts reads the same stream as one llm
 * span, for recorders that make one span per request (EventSource, XHR).
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import type { StreamEvent } from '../streams/event-framing';
import { parseRequest } from './ai-sdk-request';
import { eventObject, readUsage, streamOutcome, toolCallPart } from './build';
import { obj, parseArguments, str, type JsonObject } from './json';
import { emptyOutcome, type ChildSpan, type LlmOutcome, type ToolCallInfo, type TurnInfo, type TurnOutcome, type TurnProtocol, type TurnReader, type TurnSpans, type Usage } from './types';

export const AI_SDK_UI_HEADER = 'x-vercel-ai-ui-message-stream';

export const aiSdkUiTurn: TurnProtocol = {
  id: 'ai_sdk.ui_message_stream',
  kind: 'agent',
  name: 'invoke_agent ai_sdk',
  parseRequest,
  createReader: (spans) => new UiMessageStreamReader(spans),
};

/** Part types that open a UI message stream (used to recognise one without its header). */
export const AI_SDK_FIRST_PARTS: ReadonlySet<string> = new Set(['start', 'start-step', 'text-start', 'reasoning-start', 'tool-input-start', 'error']);

/** One model step: its text and reasoning by part id, its tool calls, in the order they started. */
interface Step {
  span: ChildSpan;
  outcome: LlmOutcome;
  parts: Map<string, { kind: 'text' | 'reasoning' | 'tool'; text: string; call?: ToolCall }>;
}

interface ToolCall {
  info: ToolCallInfo;
  span: ChildSpan;
  /** The input JSON as it streams, until tool-input-available gives it whole. */
  inputText: string;
  /** The response part for the turn's output, once the tool answered. */
  answered: boolean;
}

/** Part types that carry nothing a span shows but are part of the protocol. */
const QUIET_PARTS = new Set(['text-end', 'reasoning-end', '[DONE]']);

class UiMessageStreamReader implements TurnReader {
  readonly #spans: TurnSpans;
  #step: Step | undefined;
  readonly #tools = new Map<string, ToolCall>();
  /** Steps already ended, kept for the turn's answer. */
  readonly #finishedSteps: Step[] = [];
  /** Tool results by call, for the turn span's output message. */
  readonly #answer: Array<{ type: 'tool_call_response'; id: string; response: unknown }> = [];
  #outcome: TurnOutcome = { complete: false, parseErrors: [] };
  #finishReason: string | undefined;
  /** Something to record in parse errors, once per kind (an unknown part type, non-JSON data). */
  readonly #noted = new Set<string>();

  constructor(spans: TurnSpans) {
    this.#spans = spans;
  }

  push(event: StreamEvent): boolean {
    if (event.data === '[DONE]') return false;
    const scratch = emptyOutcome();
    const part = eventObject(event.data, scratch);
    if (!part) {
      this.#note('stream event is not JSON');
      return false;
    }
    const type = str(part.type);
    if (type === undefined) {
      this.#note(`event without a part type (another protocol?): ${event.data.slice(0, 80)}`);
      return false;
    }
    return this.#take(type, part);
  }

  #take(type: string, p: JsonObject): boolean {
    switch (type) {
      case 'start':
        this.#spans.describe({ id: str(p.messageId), ...metadata(p.messageMetadata) });
        return false;
      case 'start-step':
        this.#endStep();
        this.#openStep();
        return false;
      case 'finish-step':
        this.#endStep();
        return false;
      case 'text-start':
      case 'reasoning-start':
        this.#textPart(type, p);
        return false;
      case 'text-delta':
      case 'reasoning-delta':
        this.#textPart(type, p).text += str(p.delta) ?? '';
        this.#step!.span.changed();
        return true;
      case 'tool-input-start':
      case 'tool-input-delta':
      case 'tool-input-available':
      case 'tool-input-error':
        this.#toolInput(type, p);
        return true;
      case 'tool-output-available':
      case 'tool-output-error':
      case 'tool-output-denied':
        this.#toolOutput(type, p);
        return false;
      case 'tool-approval-request':
        this.#spans.event('ai_sdk.tool_approval_request', { 'gen_ai.tool.call.id': str(p.toolCallId), approval_id: str(p.approvalId) });
        return false;
      case 'source-url':
      case 'source-document':
      case 'file':
        this.#spans.event(`ai_sdk.${type}`, { url: str(p.url), title: str(p.title), media_type: str(p.mediaType), source_id: str(p.sourceId) });
        return false;
      case 'message-metadata':
        this.#spans.describe(metadata(p.messageMetadata));
        return false;
      case 'error':
        this.#outcome.error = { message: str(p.errorText) ?? 'stream error' };
        if (this.#step) this.#step.outcome.error = this.#outcome.error;
        this.#spans.describe({ error: this.#outcome.error });
        return false;
      case 'abort':
        this.#outcome.error = { type: 'aborted', message: str(p.reason) ?? 'aborted by the server' };
        this.#spans.describe({ error: this.#outcome.error });
        return false;
      case 'finish':
        this.#outcome.complete = true;
        this.#finishReason = str(p.finishReason)?.replace(/-/g, '_');
        this.#spans.describe({ finishReasons: this.#finishReason ? [this.#finishReason] : undefined, ...metadata(p.messageMetadata) });
        return false;
    }
    if (type.startsWith('data-')) {
      this.#spans.event('ai_sdk.data', { name: type.slice('data-'.length), id: str(p.id), data: jsonText(p.data), transient: p.transient === true });
    } else if (!QUIET_PARTS.has(type)) {
      this.#spans.event('spanlens.unknown_part', { type });
      this.#note(`unknown part type ${type}`);
    }
    return false;
  }

  /** The step parts belong to; a stream without start-step (older servers) gets one opened. */
  #currentStep(): Step {
    return this.#step ?? this.#openStep();
  }

  #openStep(): Step {
    const outcome = emptyOutcome();
    const step: Step = { outcome, parts: new Map(), span: undefined as unknown as ChildSpan };
    step.span = this.#spans.openStep(() => stepOutcome(step));
    this.#step = step;
    return step;
  }

  #endStep(): void {
    const step = this.#step;
    if (!step) return;
    this.#step = undefined;
    this.#finishedSteps.push(step);
    step.outcome.complete = true;
    step.span.end();
  }

  #textPart(type: string, p: JsonObject): { kind: 'text' | 'reasoning' | 'tool'; text: string } {
    const step = this.#currentStep();
    const kind = type.startsWith('text') ? 'text' : 'reasoning';
    const key = `${kind} ${str(p.id) ?? ''}`;
    let part = step.parts.get(key);
    if (!part) step.parts.set(key, (part = { kind, text: '' }));
    return part;
  }

  #toolInput(type: string, p: JsonObject): void {
    const id = str(p.toolCallId) ?? '';
    let call = this.#tools.get(id);
    if (!call) {
      const step = this.#currentStep();
      const info: ToolCallInfo = { id, name: str(p.toolName) ?? '' };
      if (p.providerExecuted === true) info.server = 'provider';
      call = { info, inputText: '', answered: false, span: undefined as unknown as ChildSpan };
      const created = call;
      step.parts.set(`tool ${id}`, { kind: 'tool', text: '', call });
      call.span = this.#spans.openTool(() => created.info, step.span);
      this.#tools.set(id, call);
    }
    call.info.name = str(p.toolName) ?? call.info.name;
    if (type === 'tool-input-delta') {
      call.inputText += str(p.inputTextDelta) ?? '';
      call.info.arguments = call.inputText;
    } else if (type !== 'tool-input-start') {
      call.info.arguments = p.input;
    }
    if (type === 'tool-input-error') {
      call.info.error = { type: 'tool_input_error', message: str(p.errorText) ?? 'invalid tool input' };
      call.span.end();
    } else call.span.changed();
    this.#step?.span.changed();
  }

  #toolOutput(type: string, p: JsonObject): void {
    const id = str(p.toolCallId) ?? '';
    const call = this.#tools.get(id);
    if (!call) {
      this.#note(`${type} for an unknown tool call ${id}`);
      return;
    }
    if (type === 'tool-output-available') call.info.result = p.output;
    else if (type === 'tool-output-error') call.info.error = { type: 'tool_error', message: str(p.errorText) ?? 'tool failed' };
    else call.info.error = { type: 'denied', message: 'the tool call was denied' };
    if (!call.answered) {
      call.answered = true;
      this.#answer.push({ type: 'tool_call_response', id, response: call.info.error ? { error: call.info.error.message } : call.info.result });
    }
    // A preliminary output (a tool streaming its progress) is not the end of the call.
    if (p.preliminary === true) call.span.changed();
    else call.span.end();
  }

  #note(note: string): void {
    if (this.#noted.has(note)) return;
    this.#noted.add(note);
    this.#outcome.parseErrors.push(note);
  }

  close(): TurnOutcome {
    // The turn's answer: every step's parts, tool results after their calls.
    const parts: MessagePart[] = [];
    for (const step of this.#finishedSteps) parts.push(...stepParts(step));
    if (this.#step) parts.push(...stepParts(this.#step));
    const responses = this.#answer;
    const merged: MessagePart[] = [];
    for (const part of parts) {
      merged.push(part);
      if (part.type !== 'tool_call') continue;
      const response = responses.find((r) => r.id === part.id);
      if (response) merged.push(response);
    }
    const message: ChatMessage = { role: 'assistant', parts: merged };
    if (this.#finishReason) message.finish_reason = this.#finishReason;
    if (merged.length > 0) this.#spans.describe({ outputMessages: [message] });
    return this.#outcome;
  }

}

/** A step's parts in the semconv shape, in the order they started. */
function stepParts(step: Step): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const part of step.parts.values()) {
    if (part.kind === 'tool' && part.call) parts.push(toolCallPart(part.call.info.id, part.call.info.name, toolArguments(part.call)));
    else if (part.text) parts.push({ type: part.kind, content: part.text });
  }
  return parts;
}

function toolArguments(call: ToolCall): unknown {
  const args = call.info.arguments;
  return typeof args === 'string' ? parseArguments(args) : args;
}

function stepOutcome(step: Step): LlmOutcome {
  const hasTools = [...step.parts.values()].some((p) => p.kind === 'tool');
  // A step that ended with tool calls ended for them; the SDK does not say so per step.
  const finish = step.outcome.complete && hasTools ? 'tool_calls' : undefined;
  return { ...streamOutcome(step.outcome, stepParts(step), finish), complete: step.outcome.complete };
}

/** What message metadata tells: kept whole, and token usage if it has the SDK's usage shape. */
function metadata(value: unknown): TurnInfo {
  if (value === undefined) return {};
  const m = obj(value);
  const info: TurnInfo = { metadata: value };
  const usage = obj(m?.totalUsage) ?? obj(m?.usage);
  if (usage) info.usage = sdkUsage(usage);
  const model = str(m?.model) ?? str(m?.modelId);
  if (model) info.model = model;
  return info;
}

/** The SDK's LanguageModelUsage: inputTokens, outputTokens, cachedInputTokens, reasoningTokens. */
function sdkUsage(usage: JsonObject): Usage {
  return readUsage(usage, { input: 'inputTokens', output: 'outputTokens', cacheRead: 'cachedInputTokens', reasoning: 'reasoningTokens' });
}

function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
