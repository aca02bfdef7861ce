/**
 * LangGraph Platform run streams, as `@langchain/langgraph-sdk` reads them:
 * POST `/threads/{thread_id}/runs/stream` (or `/runs/stream`) with `{ assistant_id, input,
 * stream_mode }`, answered with SSE events named by `event:`: `metadata` (`run_id`),
 * `messages/partial` and `messages/complete` (LangChain messages, the text so far), `messages`
 * (message chunks with their metadata, `messages-tuple` mode), `values` (the state),
 * `updates` (what each node returned), `error`.
 *
 * A run is a turn (kind `agent`): each AI message it reveals an llm span (text, tool calls, model,
 * usage), each tool call a tool span ended by the tool message that answers it. The stream has no
 * final event: its end is the run's end.
 */
import type { MessagePart } from '../../core/messages';
import type { StreamEvent } from '../streams/event-framing';
import { readUsage, streamOutcome, toolCallPart } from './build';
import { arr, isObject, obj, str, type JsonObject } from './json';
import { emptyOutcome, type ChildSpan, type LlmOutcome, type ToolCallInfo, type TurnOutcome, type TurnProtocol, type TurnReader, type TurnRequest, type TurnSpans } from './types';

export const langGraphRunStream: TurnProtocol = {
  id: 'langgraph.run_stream',
  kind: 'agent',
  name: 'invoke_agent langgraph',
  parseRequest: (body) => {
    const b = obj(body) ?? {};
    return { agentName: str(b.assistant_id) };
  },
  createReader: (spans, request) => new RunStreamReader(spans, request),
};

/** The LangGraph API's streaming run endpoints. */
export function isLangGraphRunStream(url: URL): boolean {
  return /(^|\/)(threads\/[^/]+\/)?runs\/stream$/.test(url.pathname);
}

interface AiMessage {
  text: string;
  calls: Array<{ id: string; name: string; args: unknown }>;
  model?: string;
  finish?: string;
  usage?: JsonObject;
  span: ChildSpan;
  complete: boolean;
}

class RunStreamReader implements TurnReader {
  readonly #spans: TurnSpans;
  readonly #outcome: TurnOutcome = { complete: false, parseErrors: [] };
  readonly #messages = new Map<string, AiMessage>();
  readonly #tools = new Map<string, { info: ToolCallInfo; span: ChildSpan }>();

  constructor(spans: TurnSpans, request: TurnRequest) {
    this.#spans = spans;
    const thread = /threads\/([^/]+)\/runs/.exec(request.url.pathname)?.[1];
    if (thread) spans.describe({ conversationId: decodeURIComponent(thread) });
  }

  push(event: StreamEvent): boolean {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.#note('stream event is not JSON');
      return false;
    }
    const name = event.event ?? '';
    if (name === 'metadata') this.#spans.describe({ id: str(obj(data)?.run_id) });
    else if (name === 'error') {
      const e = obj(data);
      this.#outcome.error = { type: str(e?.error) ?? 'run_error', message: str(e?.message) ?? str(e?.error) ?? 'the run failed' };
      this.#spans.describe({ error: this.#outcome.error });
    } else if (name === 'messages/partial' || name === 'messages/complete') {
      let output = false;
      for (const m of arr(data)) output = this.#message(obj(m) ?? {}, name === 'messages/complete', false) || output;
      return output;
    } else if (name === 'messages' || name.startsWith('messages|')) {
      // messages-tuple mode: [chunk, metadata]; chunks carry deltas.
      return this.#message(obj(arr(data)[0]) ?? {}, false, true);
    } else if (name === 'values' || name === 'updates' || name.startsWith('values|') || name.startsWith('updates|')) {
      this.#scanState(data);
      if (name.startsWith('values')) this.#spans.describe({ metadata: { values: data } });
    } else if (name !== 'end' && name !== 'messages/metadata' && name !== 'feedback' && name !== 'custom' && name !== 'debug' && name !== 'events' && name !== 'tasks' && name !== 'checkpoints') {
      this.#spans.event('spanlens.unknown_part', { type: name });
      this.#note(`unknown event ${name}`);
    }
    return false;
  }

  /** Messages inside state values or node updates: final AI messages and tool answers. */
  #scanState(data: unknown): void {
    const d = obj(data);
    if (!d) return;
    const lists = Array.isArray(d.messages) ? [d.messages] : Object.values(d).map((node) => obj(node)?.messages).filter(Array.isArray);
    for (const list of lists) for (const m of list as unknown[]) this.#message(obj(m) ?? {}, true, false);
  }

  /** One LangChain message; returns true when it added output. */
  #message(m: JsonObject, complete: boolean, delta: boolean): boolean {
    const type = str(m.type) ?? '';
    if (type === 'tool' || type === 'ToolMessage') {
      this.#toolAnswer(m);
      return false;
    }
    if (type !== 'ai' && type !== 'AIMessageChunk' && type !== 'AIMessage') return false;
    const id = str(m.id) ?? '';
    let message = this.#messages.get(id);
    if (message?.complete) return false;
    if (!message) {
      const created: AiMessage = { text: '', calls: [], span: undefined as unknown as ChildSpan, complete: false };
      created.span = this.#spans.openStep(() => outcomeOf(created));
      this.#messages.set(id, (message = created));
    }
    const text = contentText(m.content);
    message.text = delta ? message.text + text : text;
    const calls = arr(m.tool_calls).map((c) => obj(c) ?? {});
    if (calls.length > 0) message.calls = calls.map((c) => ({ id: str(c.id) ?? '', name: str(c.name) ?? '', args: c.args }));
    const metadata = obj(m.response_metadata);
    message.model = str(metadata?.model_name) ?? str(metadata?.model) ?? message.model;
    message.finish = str(metadata?.finish_reason) ?? str(metadata?.stop_reason) ?? message.finish;
    message.usage = obj(m.usage_metadata) ?? message.usage;
    message.span.changed();
    if (complete || message.finish !== undefined) this.#completeMessage(message);
    return text !== '';
  }

  #completeMessage(message: AiMessage): void {
    message.complete = true;
    for (const call of message.calls) {
      if (this.#tools.has(call.id)) continue;
      const info: ToolCallInfo = { id: call.id, name: call.name, arguments: call.args };
      this.#tools.set(call.id, { info, span: this.#spans.openTool(() => info, message.span) });
    }
    message.span.end();
  }

  #toolAnswer(m: JsonObject): void {
    const id = str(m.tool_call_id) ?? '';
    const tool = this.#tools.get(id);
    if (!tool) return;
    tool.info.result = isObject(m.artifact) ? { content: m.content, artifact: m.artifact } : m.content;
    if (m.status === 'error') tool.info.error = { type: 'tool_error', message: contentText(m.content) || 'the tool failed' };
    tool.span.end();
  }

  #note(note: string): void {
    if (!this.#outcome.parseErrors.includes(note)) this.#outcome.parseErrors.push(note);
  }

  close(): TurnOutcome {
    // The end of the body is the end of the run (no final event on this wire).
    this.#outcome.complete = true;
    for (const message of this.#messages.values()) if (!message.complete) this.#completeMessage(message);
    const parts: MessagePart[] = [];
    for (const message of this.#messages.values()) parts.push(...partsOf(message));
    if (parts.length > 0) this.#spans.describe({ outputMessages: [{ role: 'assistant', parts }] });
    return this.#outcome;
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((c) => (obj(c)?.type === 'text' ? (str(obj(c)?.text) ?? '') : ''))
    .join('');
}

function partsOf(message: AiMessage): MessagePart[] {
  const parts: MessagePart[] = message.text ? [{ type: 'text', content: message.text }] : [];
  for (const call of message.calls) parts.push(toolCallPart(call.id, call.name, call.args));
  return parts;
}

function outcomeOf(message: AiMessage): LlmOutcome {
  const outcome = emptyOutcome(message.complete);
  outcome.model = message.model;
  if (message.usage) outcome.usage = readUsage(message.usage, { input: 'input_tokens', output: 'output_tokens', cacheRead: 'input_token_details.cache_read', reasoning: 'output_token_details.reasoning' });
  return { ...streamOutcome(outcome, partsOf(message), message.finish), complete: message.complete };
}
