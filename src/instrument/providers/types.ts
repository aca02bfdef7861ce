/**
 * What a provider parser turns wire payloads into. Parsers are pure: JSON in, these records out.
 * Turning them into span attributes happens in one place (../llm-attributes.ts), so every provider ends
 * up with the same semconv attributes.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import type { StreamEvent } from '../streams/event-framing';

/** The request as the provider received it. Absent fields were not in the body. */
export interface LlmRequestInfo {
  model?: string;
  /** `chat`, `embeddings`... */
  operation: string;
  stream: boolean;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  seed?: number;
  stopSequences?: string[];
  /** Tools offered to the model: `{ type, name, description?, parameters? }`. */
  toolDefinitions?: ToolDefinition[];
  /** Conversation sent, in the semconv shape (system messages of OpenAI chat stay in it). */
  inputMessages?: ChatMessage[];
  /** Anthropic `system`, Responses `instructions`: instructions given outside the messages. */
  systemInstructions?: MessagePart[];
}

export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface Usage {
  /** All input tokens, cached ones included (the semconv definition). */
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  reasoning?: number;
}

export interface ProviderError {
  type?: string;
  message: string;
}

/** The answer, complete (JSON) or as far as a stream got. */
export interface LlmOutcome {
  id?: string;
  model?: string;
  finishReasons: string[];
  usage: Usage;
  /** Output messages in the semconv shape; tool calls are `tool_call` parts. */
  messages: ChatMessage[];
  /** The provider reported an error in the body or the stream. */
  error?: ProviderError;
  /** For streams: the provider's final event arrived. JSON responses are always complete. */
  complete: boolean;
  /** What could not be understood (unexpected shapes, events that were not JSON...). */
  parseErrors: string[];
}

/** Accumulates a streamed answer event by event. */
export interface StreamAccumulator {
  /** Take one event; returns true when it added output (text, reasoning, tool-call fragments). */
  push(event: StreamEvent): boolean;
  /** The answer so far. Cheap enough to call once per animation frame. */
  outcome(): LlmOutcome;
  /**
   * The wire format's last event arrived and nothing may follow it, so the call is over even if
   * the client never reads the body to its end (the ollama client stops at its `done` line).
   * Formats whose final event may still be followed by more (a usage chunk) leave this out.
   */
  finished?(): boolean;
}

/** One wire format (several providers may speak it). */
export interface ApiFormat {
  /** `openai.chat_completions`, `openai.responses`, `anthropic.messages`, `ollama.chat`... */
  id: string;
  /** `gen_ai.provider.name` when the host is not a known provider's (a proxy, a local server). */
  defaultProvider: string;
  parseRequest(body: unknown): LlmRequestInfo;
  parseResponse(body: unknown): LlmOutcome;
  createStream(): StreamAccumulator;
  /** The error an HTTP error body carries, if it has the provider's shape. */
  parseError(body: unknown): ProviderError | undefined;
}

/** Nothing known yet. A JSON body is `complete` at once; a stream is when its final event comes. */
export function emptyOutcome(complete = false): LlmOutcome {
  return { finishReasons: [], usage: {}, messages: [], complete, parseErrors: [] };
}

// --- turns: protocols whose answer is a small tree of spans ----------------------------------

/**
 * What a tool call came to, as far as the stream told. `arguments` may still be streaming text;
 * `result` is present once the tool answered (even with undefined).
 */
export interface ToolCallInfo {
  id?: string;
  name: string;
  arguments?: unknown;
  result?: unknown;
  /** The tool failed (a tool-output-error part, an MCP `isError` result...). */
  error?: ProviderError;
  /** Where the tool ran, when the protocol says: an MCP server's address, `provider`, `client`. */
  server?: string;
}

/** What the turn's own span shows; every field is merged into what was known. */
export interface TurnInfo {
  /** The span's name once the stream tells a better one than the protocol's default. */
  name?: string;
  /** `gen_ai.conversation.id`: a thread, a chat id. */
  conversationId?: string;
  /** The run or message id of this turn. */
  id?: string;
  agentName?: string;
  model?: string;
  finishReasons?: string[];
  usage?: Usage;
  /** Message metadata, state snapshots...: kept as JSON. */
  metadata?: unknown;
  /** The protocol's own error (an `error` part, RUN_ERROR). */
  error?: ProviderError;
  /** The input messages of the request, in the semconv shape. */
  inputMessages?: ChatMessage[];
  /** The final answer of the turn, in the semconv shape. */
  outputMessages?: ChatMessage[];
  /** For a turn that is one tool call (MCP tools/call): the call. */
  tool?: ToolCallInfo;
}

/** A child span of a turn, opened by a reader through TurnSpans. */
export interface ChildSpan {
  /** Its state changed (the recorder reads it again, at most once per animation frame). */
  changed(): void;
  /** It is finished: its final state is recorded and the span ends. Ending twice does nothing. */
  end(): void;
}

/**
 * How a turn reader opens spans: a narrow callback the recorder implements over the tracer, so
 * readers stay pure (events in, calls out) and attributes are written in one place.
 */
export interface TurnSpans {
  /** The turn's span learnt something. */
  describe(info: TurnInfo): void;
  /** An llm span for one model step; `read` gives its answer so far. */
  openStep(read: () => LlmOutcome): ChildSpan;
  /** A tool span, linked to the step that asked for it when there is one; `read` gives the call so far. */
  openTool(read: () => ToolCallInfo, askedBy?: ChildSpan): ChildSpan;
  /** Something with no span of its own (a data part, a state delta, an unknown part type). */
  event(name: string, attributes?: Record<string, unknown>): void;
}

/** How a turn's stream came out, as far as the protocol can tell. */
export interface TurnOutcome {
  /** The protocol's final event arrived (finish, RUN_FINISHED, the JSON-RPC result). */
  complete: boolean;
  error?: ProviderError;
  parseErrors: string[];
}

/** Reads one turn's events, opening and ending child spans as they come. */
export interface TurnReader {
  /** Take one event; returns true when it added output. */
  push(event: StreamEvent): boolean;
  /** The stream is over (however it ended): close what is still open, say how it came out. */
  close(): TurnOutcome;
}

/** A protocol spoken between a page and its own backend (AI SDK UI, AG-UI, LangGraph, MCP). */
export interface TurnProtocol {
  /** `spanlens.api.format`: `ai_sdk.ui_message_stream`, `ag_ui`, `langgraph.run_stream`, `mcp`... */
  id: string;
  /** The turn span's kind and name before the stream says more (the request may tell: see kindOf). */
  kind: TurnKind;
  name: string;
  /** The kind for this request, when it depends on it (an MCP `tools/call` is a tool, other methods not). */
  kindOf?(body: unknown): TurnKind;
  /** What the request tells (input messages, ids, a better name). */
  parseRequest(body: unknown): TurnInfo;
  createReader(spans: TurnSpans, request: TurnRequest): TurnReader;
}

export type TurnKind = 'chain' | 'agent' | 'tool' | 'http';

/** The request a turn answers: its parsed JSON body (undefined if it had none) and its URL. */
export interface TurnRequest {
  body: unknown;
  url: URL;
}
