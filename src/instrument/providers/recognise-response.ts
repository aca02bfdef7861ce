/**
 * Recognising an app's LLM traffic by what it is, not by where it goes: from the request (URL,
 * method, headers, its JSON body) and the response headers, and when those do not tell, from the
 * first payload. Independent of fetch: the XHR recorder asks the same questions.
 *
 * Cost for requests that are nothing of the kind: a look at two response headers. The request
 * body is parsed only when the response declares a stream or JSON.
 */
import { AI_SDK_FIRST_PARTS, AI_SDK_UI_HEADER, aiSdkUiTurn } from './ai-sdk';
import { isAiSdkChatRequest } from './ai-sdk-request';
import { aiSdkTextStream } from './ai-sdk-text';
import { detectNamed, type Detected } from './detect';
import { obj, str } from './json';
import { isJsonRpcRequest, mcpStreamableHttp } from './mcp';
import { AG_UI_FIRST_EVENTS, agUi, isAgUiRequest } from './ag-ui';
import { isLangGraphRunStream, langGraphRunStream } from './langgraph';
import type { TurnProtocol } from './types';

/** How a body is cut into events: SSE, NDJSON lines, raw text, or one JSON document. */
export type Framing = 'sse' | 'ndjson' | 'text' | 'json';

/** The request as a recorder saw it; `body` parses its text on first call (undefined if not JSON). */
export interface SeenRequest {
  url: URL;
  method: string;
  headers: Headers;
  body(): unknown;
}

/** Only the header reads a recorder can give (a Headers object, an XHR's getResponseHeader). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export type Recognition =
  /** An app protocol, read as a turn. `protocol` undefined: decided by the first payload. */
  | { kind: 'turn'; protocol: TurnProtocol | undefined; framing: Framing }
  /** A provider-shaped answer (an OpenAI-compatible or Anthropic-shaped proxy): one llm span. */
  | { kind: 'llm'; detected: Detected; framing: Framing };

/** Requests worth a look at their response: those that send something (a JSON-RPC call, a chat). */
export function mayCarryProtocol(method: string): boolean {
  return method === 'POST';
}

export function recogniseResponse(request: SeenRequest, headers: ResponseHeaders): Recognition | undefined {
  const type = (headers.get('content-type') ?? '').toLowerCase();
  if (headers.get(AI_SDK_UI_HEADER) !== null) return { kind: 'turn', protocol: aiSdkUiTurn, framing: 'sse' };
  const framing = framingOf(type);
  if (!framing) return undefined;
  const body = request.body();
  if (isJsonRpcRequest(body) && (framing === 'json' || framing === 'sse')) return { kind: 'turn', protocol: mcpStreamableHttp, framing };
  if (framing === 'sse' && isLangGraphRunStream(request.url)) return { kind: 'turn', protocol: langGraphRunStream, framing };
  if (framing === 'sse' && isAgUiRequest(body)) return { kind: 'turn', protocol: agUi, framing };
  if (framing === 'text') return isAiSdkChatRequest(body) ? { kind: 'turn', protocol: aiSdkTextStream, framing } : undefined;
  if (isLlmRequest(body)) return { kind: 'llm', detected: detectNamed(request.url, request.headers, body), framing };
  if (framing === 'json') return undefined;
  // A stream of an app route that neither headers nor request explain: its first payload will.
  return { kind: 'turn', protocol: undefined, framing };
}

/** A request of an app protocol, which only its response tells how to read. */
export function isAppProtocolRequest(body: unknown): boolean {
  return isAiSdkChatRequest(body) || isJsonRpcRequest(body) || isAgUiRequest(body);
}

/** The app protocol a stream's first payload is written in, if telling. */
export function sniffTurnProtocol(payload: unknown): TurnProtocol | undefined {
  const p = obj(payload);
  const type = str(p?.type);
  if (type !== undefined && AI_SDK_FIRST_PARTS.has(type)) return aiSdkUiTurn;
  if (p?.jsonrpc === '2.0') return mcpStreamableHttp;
  if (type !== undefined && AG_UI_FIRST_EVENTS.has(type)) return agUi;
  return undefined;
}

function framingOf(type: string): Framing | undefined {
  if (type.includes('text/event-stream')) return 'sse';
  if (type.includes('ndjson') || type.includes('application/jsonl')) return 'ndjson';
  if (type.includes('application/json') || /application\/[\w.+-]*\+json/.test(type)) return 'json';
  if (type.includes('text/plain')) return 'text';
  return undefined;
}

/** A chat request to a provider-shaped proxy: a model and messages (or a Responses `input`). */
function isLlmRequest(body: unknown): boolean {
  const b = obj(body);
  return b !== undefined && typeof b.model === 'string' && (Array.isArray(b.messages) || b.input !== undefined);
}
