/**
 * AG-UI event streams (the Agent-User Interaction protocol of CopilotKit, LangGraph, Mastra,
 * TanStack AI...): the page POSTs a RunAgentInput `{ threadId, runId, state, messages, tools,
 * context, forwardedProps }` and reads SSE events `data: {"type": "RUN_STARTED", ...}`.
 *
 * A run is a turn (kind `agent`): each assistant message an llm span (its text, reasoning and the
 * tool calls it made), each tool call a tool span (arguments from TOOL_CALL_ARGS, the result from
 * TOOL_CALL_RESULT) linked to its message; steps, state and snapshots are events on the run;
 * RUN_ERROR makes it red. The protocol does not delimit model calls: a message's span ends when
 * the stream moves on to something that is not one of its tool calls.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import type { StreamEvent } from '../streams/event-framing';
import { streamOutcome, toolCallPart } from './build';
import { arr, obj, parseArguments, str, type JsonObject } from './json';
import { emptyOutcome, type ChildSpan, type LlmOutcome, type ToolCallInfo, type TurnOutcome, type TurnProtocol, type TurnReader, type TurnSpans } from './types';

export const agUi: TurnProtocol = {
  id: 'ag_ui',
  kind: 'agent',
  name: 'invoke_agent ag_ui',
  parseRequest: (body) => {
    const b = obj(body) ?? {};
    return { conversationId: str(b.threadId), id: str(b.runId), inputMessages: arr(b.messages).map((m) => agUiMessage(obj(m) ?? {})) };
  },
  createReader: (spans) => new AgUiReader(spans),
};

/** A RunAgentInput: what an AG-UI client POSTs. */
export function isAgUiRequest(body: unknown): boolean {
  const b = obj(body);
  return b !== undefined && typeof b.threadId === 'string' && typeof b.runId === 'string' && Array.isArray(b.messages);
}

/** AG-UI's event types are SCREAMING_SNAKE_CASE; these start a run's stream. */
export const AG_UI_FIRST_EVENTS: ReadonlySet<string> = new Set(['RUN_STARTED', 'RUN_ERROR', 'TEXT_MESSAGE_START', 'STEP_STARTED', 'STATE_SNAPSHOT', 'MESSAGES_SNAPSHOT']);

function agUiMessage(m: JsonObject): ChatMessage {
  const role = str(m.role) ?? 'user';
  const parts: MessagePart[] = [];
  const content = m.content;
  if (typeof content === 'string' && content) {
    parts.push(role === 'tool' ? { type: 'tool_call_response', id: str(m.toolCallId), response: content } : { type: 'text', content });
  }
  for (const call of arr(m.toolCalls)) {
    const fn = obj(obj(call)?.function);
    parts.push(toolCallPart(obj(call)?.id, fn?.name, str(fn?.arguments) ?? ''));
  }
  return { role, parts };
}

interface Message {
  id: string;
  text: string;
  reasoning: string;
  calls: ToolCall[];
  span: ChildSpan;
  /** TEXT_MESSAGE_END came: the span ends at the next event that is not one of its tool calls. */
  ending: boolean;
}

interface ToolCall {
  info: ToolCallInfo;
  args: string;
  span: ChildSpan;
  message: Message | undefined;
}

const TOOL_CALL_EVENTS = new Set(['TOOL_CALL_START', 'TOOL_CALL_ARGS', 'TOOL_CALL_END', 'TOOL_CALL_CHUNK']);

class AgUiReader implements TurnReader {
  readonly #spans: TurnSpans;
  readonly #outcome: TurnOutcome = { complete: false, parseErrors: [] };
  readonly #messages = new Map<string, Message>();
  readonly #calls = new Map<string, ToolCall>();
  #latest: Message | undefined;

  constructor(spans: TurnSpans) {
    this.#spans = spans;
  }

  push(event: StreamEvent): boolean {
    let e: JsonObject | undefined;
    try {
      e = obj(JSON.parse(event.data));
    } catch {
      this.#note('stream event is not JSON');
      return false;
    }
    const type = str(e?.type);
    if (!e || type === undefined) {
      this.#note(`event without a type (another protocol?): ${event.data.slice(0, 80)}`);
      return false;
    }
    const latest = this.#latest;
    if (latest?.ending && !(TOOL_CALL_EVENTS.has(type) && this.#belongs(e, latest))) latest.span.end();
    return this.#take(type, e);
  }

  /** A tool-call event of this message (or of no message in particular, right after it). */
  #belongs(e: JsonObject, message: Message): boolean {
    const parent = str(e.parentMessageId);
    const call = this.#calls.get(str(e.toolCallId) ?? '');
    return parent === message.id || call?.message === message || (parent === undefined && !call);
  }

  #take(type: string, e: JsonObject): boolean {
    switch (type) {
      case 'RUN_STARTED':
        this.#spans.describe({ conversationId: str(e.threadId), id: str(e.runId) });
        return false;
      case 'RUN_FINISHED':
        this.#outcome.complete = true;
        if (e.result !== undefined) this.#spans.describe({ metadata: { result: e.result } });
        return false;
      case 'RUN_ERROR':
        this.#outcome.error = { type: str(e.code) ?? 'run_error', message: str(e.message) ?? 'the run failed' };
        this.#spans.describe({ error: this.#outcome.error });
        return false;
      case 'STEP_STARTED':
      case 'STEP_FINISHED':
        this.#spans.event(type === 'STEP_STARTED' ? 'ag_ui.step_started' : 'ag_ui.step_finished', { step: str(e.stepName) });
        return false;
      case 'TEXT_MESSAGE_START':
      case 'TEXT_MESSAGE_CONTENT':
      case 'TEXT_MESSAGE_CHUNK':
      case 'REASONING_MESSAGE_CONTENT':
      case 'THINKING_TEXT_MESSAGE_CONTENT': {
        const message = this.#message(str(e.messageId));
        const delta = str(e.delta) ?? '';
        if (type.startsWith('REASONING') || type.startsWith('THINKING')) message.reasoning += delta;
        else message.text += delta;
        message.span.changed();
        return delta !== '';
      }
      case 'TEXT_MESSAGE_END':
        if (this.#latest) this.#latest.ending = true;
        return false;
      case 'TOOL_CALL_START':
      case 'TOOL_CALL_CHUNK':
      case 'TOOL_CALL_ARGS': {
        const call = this.#call(e);
        call.args += str(e.delta) ?? '';
        call.info.arguments = parseArguments(call.args);
        call.span.changed();
        call.message?.span.changed();
        return true;
      }
      case 'TOOL_CALL_END':
        return false;
      case 'TOOL_CALL_RESULT': {
        const call = this.#calls.get(str(e.toolCallId) ?? '');
        if (!call) {
          this.#note(`TOOL_CALL_RESULT for an unknown tool call ${str(e.toolCallId) ?? ''}`);
          return false;
        }
        call.info.result = typeof e.content === 'string' ? parseArguments(e.content) : e.content;
        call.span.end();
        return false;
      }
      case 'STATE_SNAPSHOT':
        this.#spans.describe({ metadata: { state: e.snapshot } });
        return false;
      case 'STATE_DELTA':
        this.#spans.event('ag_ui.state_delta', { operations: arr(e.delta).length });
        return false;
      case 'MESSAGES_SNAPSHOT':
        this.#spans.event('ag_ui.messages_snapshot', { messages: arr(e.messages).length });
        return false;
      case 'RAW':
      case 'CUSTOM':
        this.#spans.event(`ag_ui.${type.toLowerCase()}`, { name: str(e.name) });
        return false;
    }
    if (!type.startsWith('REASONING') && !type.startsWith('THINKING') && !type.startsWith('ACTIVITY')) {
      this.#spans.event('spanlens.unknown_part', { type });
      this.#note(`unknown event type ${type}`);
    }
    return false;
  }

  #message(id: string | undefined): Message {
    const key = id ?? this.#latest?.id ?? '';
    let message = this.#messages.get(key);
    if (message) return message;
    if (this.#latest?.ending) this.#latest.span.end();
    message = { id: key, text: '', reasoning: '', calls: [], ending: false, span: undefined as unknown as ChildSpan };
    const created = message;
    message.span = this.#spans.openStep(() => messageOutcome(created));
    this.#messages.set(key, message);
    this.#latest = message;
    return message;
  }

  #call(e: JsonObject): ToolCall {
    const id = str(e.toolCallId) ?? '';
    let call = this.#calls.get(id);
    if (call) return call;
    const parent = str(e.parentMessageId);
    const message = (parent && this.#messages.get(parent)) || (this.#latest?.ending ? this.#latest : undefined);
    const info: ToolCallInfo = { id, name: str(e.toolCallName) ?? '' };
    call = { info, args: '', message, span: undefined as unknown as ChildSpan };
    call.span = this.#spans.openTool(() => info, message?.span);
    message?.calls.push(call);
    this.#calls.set(id, call);
    return call;
  }

  #note(note: string): void {
    if (!this.#outcome.parseErrors.includes(note)) this.#outcome.parseErrors.push(note);
  }

  close(): TurnOutcome {
    this.#latest?.span.end();
    const parts: MessagePart[] = [];
    for (const message of this.#messages.values()) parts.push(...messageParts(message));
    if (parts.length > 0) this.#spans.describe({ outputMessages: [{ role: 'assistant', parts }] });
    return this.#outcome;
  }
}

function messageParts(message: Message): MessagePart[] {
  const parts: MessagePart[] = [];
  if (message.reasoning) parts.push({ type: 'reasoning', content: message.reasoning });
  if (message.text) parts.push({ type: 'text', content: message.text });
  for (const call of message.calls) parts.push(toolCallPart(call.info.id, call.info.name, call.args));
  return parts;
}

function messageOutcome(message: Message): LlmOutcome {
  const outcome = emptyOutcome(true);
  outcome.id = message.id || undefined;
  return streamOutcome(outcome, messageParts(message), message.calls.length > 0 ? 'tool_calls' : undefined);
}
