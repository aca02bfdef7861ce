/**
 * Which wire format a request speaks, and which provider serves it, from the URL (and, for
 * endpoints the app named, a look at the request and at the first response payload).
 */
import { aiSdkUiStream } from './ai-sdk-stream';
import { anthropicMessages } from './anthropic';
import { geminiFor, geminiPath } from './gemini';
import { obj } from './json';
import { ollamaChat } from './ollama';
import { openaiChat } from './openai-chat';
import { openaiResponses } from './openai-responses';
import type { ApiFormat } from './types';

export type { ApiFormat, LlmOutcome, LlmRequestInfo, StreamAccumulator, Usage } from './types';
export { aiSdkUiStream, anthropicMessages, ollamaChat, openaiChat, openaiResponses };

export interface Detected {
  format: ApiFormat;
  /** `gen_ai.provider.name`. */
  provider: string;
  /** The provider known from the host, if it is a well-known one (else the format's default). */
  hostProvider: string | undefined;
  /** False when the format was a guess (an app-named endpoint): the first payload may correct it. */
  certain: boolean;
}

/** semconv provider names of well-known hosts. */
const PROVIDER_BY_HOST: Record<string, string> = {
  'api.openai.com': 'openai',
  'api.anthropic.com': 'anthropic',
  'generativelanguage.googleapis.com': 'gcp.gemini',
  'aiplatform.googleapis.com': 'gcp.vertex_ai',
  'api.groq.com': 'groq',
  'api.mistral.ai': 'mistral_ai',
  'api.deepseek.com': 'deepseek',
  'api.x.ai': 'x_ai',
  'api.perplexity.ai': 'perplexity',
  'openrouter.ai': 'openrouter',
  'api.together.xyz': 'together_ai',
  'api.fireworks.ai': 'fireworks',
  'api.cerebras.ai': 'cerebras',
};

const OLLAMA_PORT = '11434';

function hostProvider(url: URL): string | undefined {
  const known = PROVIDER_BY_HOST[url.hostname];
  if (known) return known;
  if (url.hostname.endsWith('.openai.azure.com')) return 'azure.ai.openai';
  // Vertex AI's regional endpoints: `us-central1-aiplatform.googleapis.com`.
  if (url.hostname.endsWith('-aiplatform.googleapis.com')) return 'gcp.vertex_ai';
  if (url.port === OLLAMA_PORT) return 'ollama';
  return undefined;
}

function detected(url: URL, format: ApiFormat, certain: boolean): Detected {
  const host = hostProvider(url);
  return { format, provider: host ?? format.defaultProvider, hostProvider: host, certain };
}

/** A well-known LLM endpoint, recognised without configuration; undefined for anything else. */
export function detectKnown(url: URL, headers: Headers): Detected | undefined {
  const path = url.pathname;
  let format: ApiFormat | undefined;
  if (path.endsWith('/chat/completions')) format = openaiChat;
  else if (path.endsWith('/v1/responses') || (url.hostname === 'api.openai.com' && path.endsWith('/responses'))) format = openaiResponses;
  else if (path.endsWith('/v1/messages') && (url.hostname === 'api.anthropic.com' || headers.has('anthropic-version'))) format = anthropicMessages;
  else if (path === '/api/chat' && url.port === OLLAMA_PORT) format = ollamaChat;
  // Gemini's native API (and Vertex's): `/models/{model}:generateContent` on any host (a proxy too).
  else if (geminiPath(path)) format = geminiFor(url);
  return format && detected(url, format, true);
}

/** An endpoint the app named: known shapes first, then a guess from the request. */
export function detectNamed(url: URL, headers: Headers, body: unknown): Detected {
  const known = detectKnown(url, headers);
  if (known) return known;
  return detected(url, guessFromRequest(headers, body), false);
}

function guessFromRequest(headers: Headers, body: unknown): ApiFormat {
  if (headers.has('anthropic-version')) return anthropicMessages;
  const b = obj(body);
  if (b && !('messages' in b) && 'input' in b) return openaiResponses;
  return openaiChat;
}

/** Events an AI SDK UI message stream starts with. */
const AI_SDK_FIRST_EVENTS = new Set(['start', 'start-step', 'text-start', 'text-delta', 'reasoning-start', 'tool-input-start', 'error']);

/** The format a response payload (a JSON body or the first stream event) is written in, if telling. */
export function sniffFormat(payload: unknown): ApiFormat | undefined {
  const p = obj(payload);
  if (!p) return undefined;
  const type = p.type;
  const object = p.object;
  if (object === 'chat.completion' || object === 'chat.completion.chunk') return openaiChat;
  if (object === 'response' || (typeof type === 'string' && type.startsWith('response.'))) return openaiResponses;
  if (type === 'message' || type === 'message_start') return anthropicMessages;
  if ('done' in p && 'message' in p && 'created_at' in p) return ollamaChat;
  if (typeof type === 'string' && AI_SDK_FIRST_EVENTS.has(type)) return aiSdkUiStream;
  return undefined;
}
