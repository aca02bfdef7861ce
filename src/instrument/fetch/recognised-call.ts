/**
 * The detection hook of the fetch recorder: a request not known by its URL whose response turns
 * out to speak an LLM protocol (providers/recognise-response.ts) gets its spans here, started
 * with the call's own start time and parent: an app protocol's turn (turn-call.ts), or one llm
 * span for a provider-shaped proxy (llm-call.ts).
 */
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { parseJson } from '../providers/json';
import { sniffFormat } from '../providers/detect';
import { mayCarryProtocol, recogniseResponse, sniffTurnProtocol, type SeenRequest } from '../providers/recognise-response';
import type { Detected } from '../providers/detect';
import type { TurnProtocol } from '../providers/types';
import type { ModelPrice } from '../prices';
import { collectSecrets } from '../secrets';
import { LlmCall } from './llm-call';
import type { OutgoingRequest } from './outgoing-request';
import { TurnCall, type Framing } from './turn-call';
import { tapUnknownStream } from './unknown-stream';

/** A request worth watching: its body's text, kept by reference (strings only: nothing is read). */
export interface WatchedRequest {
  request: OutgoingRequest;
  bodyText: string | undefined;
  seen: SeenRequest;
}

export function watchRequest(request: OutgoingRequest, init: RequestInit | null | undefined): WatchedRequest | undefined {
  if (!mayCarryProtocol(request.method)) return undefined;
  const bodyText = typeof init?.body === 'string' ? init.body : undefined;
  let parsed: { value: unknown } | undefined;
  const body = () => {
    if (!parsed) {
      const result = bodyText === undefined ? undefined : parseJson(bodyText);
      parsed = { value: result?.ok ? result.value : undefined };
    }
    return parsed.value;
  };
  return { request, bodyText, seen: { url: request.url, method: request.method, headers: request.headers, body } };
}

export interface RecognisedContext {
  tracer: Tracer;
  prices: Readonly<Record<string, ModelPrice>>;
  /** Start a span as the call's (its start time, its parent, its http attributes). */
  startSpan(name: string, kind: Span['kind'], attributes: Record<string, unknown>): Span;
  /** Start the llm span of a provider-shaped answer (fetch-call.ts's own llm span). */
  startLlmSpan(detected: Detected): Span;
  aborted(error: unknown): boolean;
  /** The response is nothing we know, found out only from its first payload. */
  unrecognised(): void;
}

export interface RecognisedHandlers {
  response(response: Response): Response;
  failed(error: unknown): void;
}

/** What the response shows, as a handler that records it; undefined: nothing of ours. */
export function recognisedCall(watched: WatchedRequest, response: Response, context: RecognisedContext): { handlers?: RecognisedHandlers; response: Response } | undefined {
  const recognition = recogniseResponse(watched.seen, response.headers);
  if (!recognition) return undefined;
  const secrets = collectSecrets(watched.request.url, watched.request.headers);
  if (recognition.kind === 'llm') {
    const detected = recognition.detected;
    const start = () => {
      const call = new LlmCall({ tracer: context.tracer, span: context.startLlmSpan(detected), detected, prices: context.prices, secrets, aborted: context.aborted });
      if (watched.bodyText !== undefined) call.takeRequestBody(watched.bodyText);
      return call;
    };
    if (recognition.framing !== 'json' || !response.ok) {
      const call = start();
      return { handlers: call, response: call.response(response) };
    }
    // A JSON answer is an llm span only if it has a provider's shape: an app's own API may take
    // `model` and `messages` too. Read a copy first; the app reads the very same Response.
    void whenProviderShaped(response, context.tracer, (copy) => start().response(copy));
    return { response };
  }
  const turn = (protocol: TurnProtocol, framing: Framing) =>
    new TurnCall({
      tracer: context.tracer,
      span: startTurnSpan(context, protocol, watched.seen.body()),
      protocol,
      framing,
      requestBody: watched.seen.body(),
      url: watched.request.url,
      prices: context.prices,
      secrets,
      aborted: context.aborted,
    });
  if (recognition.protocol) {
    const call = turn(recognition.protocol, recognition.framing);
    return { handlers: call, response: call.response(response) };
  }
  if (!response.ok || !response.body) return undefined;
  const framing = recognition.framing;
  const tapped = tapUnknownStream(
    response,
    framing,
    (payload) => {
      const protocol = sniffTurnProtocol(payload);
      return protocol && turn(protocol, framing);
    },
    () => context.unrecognised(),
    context.tracer,
  );
  return { response: tapped };
}

/** The turn's span: the protocol's kind and name, as the request tells them. */
export function startTurnSpan(context: Pick<RecognisedContext, 'startSpan'>, protocol: TurnProtocol, body: unknown): Span {
  const kind = protocol.kindOf?.(body) ?? protocol.kind;
  return context.startSpan(protocol.name, kind, { [sem.SPANLENS_API_FORMAT]: protocol.id });
}

/**
 * Read a JSON answer through a clone and hand it on, as a Response of its own text, only when it
 * has a known provider's shape (a chat completion, an Anthropic message...).
 */
async function whenProviderShaped(response: Response, tracer: Tracer, use: (copy: Response) => void): Promise<void> {
  const copy = response.clone();
  let text: string;
  try {
    text = await copy.text();
  } catch {
    return; // the app aborted, or the network failed: nothing to tell about an unknown answer
  }
  try {
    const parsed = parseJson(text);
    if (!parsed.ok || !sniffFormat(parsed.value)) return;
    use(new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers }));
  } catch (error) {
    tracer.reportError('fetch: JSON answer', error);
  }
}
