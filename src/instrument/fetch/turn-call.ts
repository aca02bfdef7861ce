/**
 * One request of an app protocol (AI SDK UI, AG-UI, LangGraph, MCP) seen by the fetch wrapper, as
 * a small tree of spans: the turn span (opened by the caller), and under it the llm steps and tool
 * calls the protocol's reader opens through TurnSpans while the answer streams.
 *
 *   response headers ──┬─ HTTP error: excerpt, end
 *                      ├─ JSON: read a clone, one event for the reader, end
 *                      └─ stream: tap (streams/tap.ts), events to the reader, end at the final
 *                         byte / abort / app cancel; children still open end marked incomplete
 * Every method is called inside a try/catch: a failure here is reported, never thrown.
 */
import { now } from '../../core/clock';
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { frameThrottle } from '../streams/frame-throttle';
import type { ModelPrice } from '../prices';
import type { ChildSpan, LlmOutcome, ToolCallInfo, TurnInfo, TurnOutcome, TurnProtocol, TurnReader, TurnSpans } from '../providers/types';
import { recordOutcome, recordOutputMessages } from '../llm-attributes';
import { recordTool, recordTurn } from '../turn-attributes';
import { scrubSecrets } from '../secrets';
import { WholeBodyFraming, type StreamEvent, type StreamFraming } from '../streams/event-framing';
import { newFraming } from './unknown-stream';

// The EventSource recorder takes both from here.
export { newFraming };
import { tapResponse, type TapObserver } from '../streams/tap';
import type { Framing } from '../providers/recognise-response';
import { linkToolCall, rememberToolCalls } from '../api/tool-call-links';
import { errorName, isAbort } from './llm-call';

/** Characters of an unparseable body kept on the span. */
const EXCERPT_LENGTH = 1000;

export type { Framing } from '../providers/recognise-response';

export interface TurnCallContext {
  tracer: Tracer;
  /** The turn span, already started as the protocol's kind and name. */
  span: Span;
  protocol: TurnProtocol;
  framing: Framing;
  /** The parsed request body (undefined when it was not JSON or not readable). */
  requestBody: unknown;
  url: URL;
  prices: Readonly<Record<string, ModelPrice>>;
  secrets: readonly string[];
  aborted(error: unknown): boolean;
}

type Ending = 'end' | 'aborted' | 'cancelled' | 'failed';

export class TurnCall {
  readonly #context: TurnCallContext;
  readonly #span: Span;
  readonly #capture: boolean;
  readonly #reader: TurnReader;
  /** Children not ended yet, and those changed since the last frame. */
  readonly #open = new Set<Child>();
  readonly #changed = new Set<Child>();
  readonly #live = frameThrottle(() => this.#guard('live update', () => this.#flush()));
  #events = 0;
  #firstOutput = false;
  #head = '';
  #closed = false;
  #linked = false;

  constructor(context: TurnCallContext) {
    this.#context = context;
    this.#span = context.span;
    this.#capture = context.tracer.captureContent;
    this.#span.setAttribute(sem.SPANLENS_API_FORMAT, context.protocol.id);
    recordTurn(this.#span, context.protocol.parseRequest(context.requestBody), this.#capture);
    this.#reader = context.protocol.createReader(this.#spans(), { body: context.requestBody, url: context.url });
  }

  /** The response headers arrived. Returns what the app gets: the same response, or a tapped one. */
  response(response: Response): Response {
    this.#span.setAttribute(sem.HTTP_RESPONSE_STATUS_CODE, response.status);
    if (!response.ok) {
      void this.#readBody(response, (text) => {
        this.#excerpt(text);
        this.#fail(String(response.status), `HTTP ${response.status}`);
        this.#close('end', undefined, false);
      });
      return response;
    }
    // A JSON answer is read as it goes to the app, not through a clone: a client that aborts
    // once it has the answer (the MCP client does) would cut a clone's read short.
    if (!response.body) {
      void this.#readBody(response, (text) => {
        this.#head = text.slice(0, EXCERPT_LENGTH);
        this.#take([{ data: text }]);
        this.#close('end');
      });
      return response;
    }
    return tapResponse(response, this.observer(newFraming(this.#context.framing)));
  }

  /** What watches the stream: text cut into events for the reader, then the close. */
  observer(framing: StreamFraming): TapObserver {
    return {
      text: (text) =>
        this.#guard('stream', () => {
          if (this.#head.length < EXCERPT_LENGTH) this.#head += text.slice(0, EXCERPT_LENGTH - this.#head.length);
          this.#take(framing.push(text));
        }),
      end: () =>
        this.#guard('stream end', () => {
          this.#take(framing.end());
          this.#close('end');
        }),
      error: (error) =>
        this.#guard('stream error', () => {
          this.#takeWhole(framing);
          this.#close(isAbort(error) ? 'aborted' : 'failed', error);
        }),
      cancel: () =>
        this.#guard('stream cancel', () => {
          this.#takeWhole(framing);
          this.#close('cancelled');
        }),
    };
  }

  /**
   * A JSON answer cut short by an abort may still be whole: a client that aborts as soon as it
   * has parsed the answer (the MCP client closing) races the end of the body.
   */
  #takeWhole(framing: StreamFraming): void {
    if (framing instanceof WholeBodyFraming) this.#take(framing.end());
  }

  /** fetch itself rejected: network failure or abort before the headers. */
  failed(error: unknown): void {
    this.#close(this.#context.aborted(error) ? 'aborted' : 'failed', error);
  }

  #take(events: StreamEvent[]): void {
    for (const event of events) {
      this.#events++;
      if (this.#reader.push(event) && !this.#firstOutput) {
        this.#firstOutput = true;
        this.#span.addEvent(sem.EVENT_FIRST_TOKEN);
      }
    }
  }

  async #readBody(response: Response, use: (text: string) => void): Promise<void> {
    let text: string;
    try {
      text = await response.clone().text();
    } catch (error) {
      this.#guard('response body', () => this.#close(isAbort(error) ? 'aborted' : 'failed', error));
      return;
    }
    this.#guard('response body', () => use(text));
  }

  #close(how: Ending, error?: unknown, read = true): void {
    if (this.#closed) return;
    this.#closed = true;
    const end = now();
    this.#live.cancel();
    const outcome: TurnOutcome = read ? this.#reader.close() : { complete: true, parseErrors: [] };
    this.#flush();
    // The app may stop reading once the protocol's final event came (an MCP client does) or
    // because of a protocol error (the AI SDK does): neither is the app aborting the turn.
    if ((how === 'cancelled' || how === 'aborted') && (outcome.complete || outcome.error)) how = 'end';
    const incomplete = how !== 'end' || !outcome.complete;
    for (const child of [...this.#open]) {
      child.span.setAttribute(sem.SPANLENS_INCOMPLETE, true);
      child.end(end);
    }
    const span = this.#span;
    span.setAttribute(sem.SPANLENS_STREAM_EVENTS, this.#events);
    if (outcome.parseErrors.length > 0) {
      span.setAttribute(sem.SPANLENS_PARSE_ERROR, this.#scrub(outcome.parseErrors.join('; ')));
      this.#excerpt(this.#head);
    }
    if (incomplete) span.setAttribute(sem.SPANLENS_INCOMPLETE, true);
    if (how === 'aborted') this.#fail('aborted', 'aborted by the app');
    else if (how === 'cancelled') this.#fail('aborted', 'response body cancelled by the app');
    else if (how === 'failed') this.#failWith(error);
    else if (outcome.error) this.#fail(outcome.error.type ?? 'protocol_error', this.#scrub(outcome.error.message));
    else if (incomplete && span.status.code !== 'error') this.#fail('incomplete', 'stream ended before its final event');
    span.end(end);
  }

  // --- the children ---------------------------------------------------------------------------

  #spans(): TurnSpans {
    return {
      describe: (info) => this.#guard('turn', () => this.#describe(info)),
      openStep: (read) => this.#openChild('llm', read, undefined),
      openTool: (read, askedBy) => this.#openChild('tool', read, askedBy),
      event: (name, attributes) => this.#guard('turn event', () => this.#span.addEvent(name, attributes)),
    };
  }

  #describe(info: TurnInfo): void {
    if (info.tool && !this.#linked && this.#span.kind === 'tool' && info.tool.name) {
      // A tool call with no call id of the model's (MCP): the latest completion that asked for it.
      this.#linked = true;
      const link: Record<string, unknown> = {};
      linkToolCall(this.#context.tracer, info.tool.name, undefined, link);
      this.#span.setAttributes(link);
    }
    recordTurn(this.#span, info, this.#capture);
    if (info.error) this.#fail(info.error.type ?? 'protocol_error', this.#scrub(info.error.message));
    if (info.tool?.error) this.#fail(info.tool.error.type ?? 'tool_error', this.#scrub(info.tool.error.message));
  }

  #openChild(kind: 'llm', read: () => LlmOutcome, askedBy: undefined): ChildSpan;
  #openChild(kind: 'tool', read: () => ToolCallInfo, askedBy: ChildSpan | undefined): ChildSpan;
  #openChild(kind: 'llm' | 'tool', read: () => LlmOutcome | ToolCallInfo, askedBy: ChildSpan | undefined): ChildSpan {
    const tracer = this.#context.tracer;
    const attributes: Record<string, unknown> =
      kind === 'llm'
        ? { [sem.GEN_AI_OPERATION_NAME]: 'chat', [sem.GEN_AI_PROVIDER_NAME]: this.#span.attributes[sem.GEN_AI_PROVIDER_NAME] ?? this.#context.protocol.id.split('.')[0] }
        : {};
    const asker = askedBy instanceof Child ? askedBy : undefined;
    if (asker) attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID] = asker.span.spanId;
    const span = tracer.startSpan(kind === 'llm' ? 'chat' : 'execute_tool', { kind, parent: this.#span, attributes });
    const child = new Child(span, kind, read, this);
    this.#open.add(child);
    return child;
  }

  /** Write a child's latest state (live: output so far; at the end: everything). */
  write(child: Child, final: boolean): void {
    if (child.kind === 'llm') {
      const outcome = child.read() as LlmOutcome;
      if (!final) return recordOutputMessages(child.span, outcome, this.#capture);
      recordOutcome(child.span, outcome, this.#capture, this.#context.prices);
      if (outcome.error) setError(child.span, outcome.error.type ?? 'provider_error', this.#scrub(outcome.error.message));
      rememberToolCalls(this.#context.tracer, child.span, outcome.messages);
      return;
    }
    const call = child.read() as ToolCallInfo;
    recordTool(child.span, call, this.#capture);
    if (final && call.error) setError(child.span, call.error.type ?? 'tool_error', this.#scrub(call.error.message));
  }

  changed(child: Child): void {
    this.#changed.add(child);
    if (this.#capture) this.#live.request();
  }

  ended(child: Child): void {
    this.#open.delete(child);
    this.#changed.delete(child);
  }

  guard(where: string, fn: () => void): void {
    this.#guard(where, fn);
  }

  #flush(): void {
    for (const child of this.#changed) this.write(child, false);
    this.#changed.clear();
  }

  // --- shared ---------------------------------------------------------------------------------

  #fail(type: string, message: string): void {
    setError(this.#span, type, message);
  }

  #failWith(error: unknown): void {
    const message = this.#scrub(error instanceof Error ? error.message : String(error));
    this.#span.addEvent(sem.EXCEPTION_EVENT, { [sem.EXCEPTION_TYPE]: errorName(error), [sem.EXCEPTION_MESSAGE]: message });
    this.#fail(errorName(error), message);
  }

  #excerpt(text: string): void {
    if (text) this.#span.setAttribute(sem.SPANLENS_RESPONSE_BODY_EXCERPT, this.#scrub(text.slice(0, EXCERPT_LENGTH)));
  }

  #scrub(text: string): string {
    return scrubSecrets(text, this.#context.secrets);
  }

  #guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#context.tracer.reportError(`fetch: ${where}`, error);
      try {
        for (const child of this.#open) child.span.end();
        this.#span.end();
      } catch {
        // nothing left to do
      }
    }
  }
}

/** A child span as a reader holds it. */
class Child implements ChildSpan {
  readonly span: Span;
  readonly kind: 'llm' | 'tool';
  readonly read: () => LlmOutcome | ToolCallInfo;
  readonly #call: TurnCall;
  #ended = false;

  constructor(span: Span, kind: 'llm' | 'tool', read: () => LlmOutcome | ToolCallInfo, call: TurnCall) {
    this.span = span;
    this.kind = kind;
    this.read = read;
    this.#call = call;
  }

  changed(): void {
    if (!this.#ended) this.#call.changed(this);
  }

  end(time?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#call.guard('child span', () => {
      this.#call.ended(this);
      this.#call.write(this, true);
      this.span.end(time);
    });
  }
}

function setError(span: Span, type: string, message: string): void {
  span.setAttribute(sem.ERROR_TYPE, type);
  span.setStatus('error', message);
}
