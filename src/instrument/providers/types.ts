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
