/**
 * What a Prompt API session has seen, kept beside the native session object (a WeakMap: nothing
 * is added to the app's object, and a session the app drops is forgotten with it).
 *
 * A LanguageModel session is stateful: `initialPrompts` given to create(), every append() and
 * every prompt/answer pair stay in its context. Each prompt span records that whole conversation
 * as its input, as a chat completion request would carry it. Sessions created before spanlens
 * was installed start with what spanlens saw (marked by `known: false`).
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { toText } from '../../core/attributes';
import { newSpanId } from '../../core/ids';

/** Messages kept per session; older ones are dropped (the model's own window is smaller anyway). */
const MAX_HISTORY = 200;

export interface SessionState {
  /** `gen_ai.conversation.id`: one per session (a clone gets its own). */
  conversationId: string;
  /** The system message of initialPrompts (or of the first prompt/append). */
  system?: MessagePart[];
  history: ChatMessage[];
  temperature?: number;
  topK?: number;
  /** False for a session created before spanlens was installed: its start is unknown. */
  known: boolean;
}

const sessions = new WeakMap<object, SessionState>();

export function sessionState(session: object): SessionState {
  let state = sessions.get(session);
  if (!state) sessions.set(session, (state = { conversationId: newSpanId(), history: [], known: false }));
  return state;
}

/** create() resolved: the session starts with its initial prompts and sampling settings. */
export function startSession(session: object, options: unknown): void {
  const o = (options !== null && typeof options === 'object' ? options : {}) as Record<string, unknown>;
  const state: SessionState = { conversationId: newSpanId(), history: [], known: true };
  if (typeof o.temperature === 'number') state.temperature = o.temperature;
  if (typeof o.topK === 'number') state.topK = o.topK;
  if (Array.isArray(o.initialPrompts)) addToHistory(state, promptMessages(o.initialPrompts));
  sessions.set(session, state);
}

/** clone() resolved: a copy of the context, under a conversation id of its own. */
export function cloneSession(original: object, clone: object): void {
  const from = sessionState(original);
  sessions.set(clone, { ...from, history: from.history.slice(), conversationId: newSpanId() });
}

/** Messages joined the context (append, or a prompt and its answer). A leading system message becomes the instructions. */
export function addToHistory(state: SessionState, messages: ChatMessage[]): void {
  for (const message of messages) {
    if (message.role === 'system' && !state.system && state.history.length === 0) state.system = message.parts;
    else state.history.push(message);
  }
  if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);
}

/**
 * A LanguageModelPrompt as semconv messages: a string is one user message; a list holds
 * `{ role, content }` where content is a string or `[{ type, value }]`. Images and audio are
 * noted by their modality, never copied.
 */
export function promptMessages(input: unknown): ChatMessage[] {
  if (!Array.isArray(input)) return [{ role: 'user', parts: [{ type: 'text', content: toText(input) }] }];
  return input.map((message: unknown) => {
    const m = (message !== null && typeof message === 'object' ? message : {}) as Record<string, unknown>;
    return { role: typeof m.role === 'string' ? m.role : 'user', parts: contentParts(m.content) };
  });
}

function contentParts(content: unknown): MessagePart[] {
  if (!Array.isArray(content)) return [{ type: 'text', content: toText(content) }];
  return content.map((item: unknown): MessagePart => {
    const c = (item !== null && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    if (c.type === 'text' || c.type === undefined) return { type: 'text', content: toText(c.value) };
    if (c.type === 'image' || c.type === 'audio') return { type: 'blob', modality: c.type };
    return { type: 'generic', content_type: toText(c.type) };
  });
}
