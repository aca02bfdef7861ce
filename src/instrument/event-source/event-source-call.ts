/**
 * One EventSource as the recorder watches it: its `message` events go to an LlmExchange
 * (../llm-exchange.ts) as the SSE text they came from, so an OpenAI-shaped or AI SDK stream read
 * with EventSource is the same `llm` span as one read with fetch.
 *
 * Which streams: a URL the app named in `llmUrls` (recorded from the start), or any other whose
 * first message is a payload of a known format (recorded from then on, with the start time of
 * the connection); anything else is let go after its first message. A first payload of an app
 * protocol (AI SDK UI parts...) makes the stream a turn (fetch/turn-call.ts: a turn span with its
 * llm steps and tool calls under it), as the fetch recorder does.
 *
 * The life of the connection:
 *   open ──► messages ──┬─ the app calls close(): the span ends (complete if the final event came)
 *                       ├─ error, readyState CONNECTING: the browser reconnects; an answer that
 *                       │  was complete ends here, one that was not goes on in the same span
 *                       │  (the server resumes it from Last-Event-ID), counted as a reconnect
 *                       └─ error, readyState CLOSED: the browser gave up; the span is an error
 * Listeners are added to the EventSource itself and only read; the app's events are untouched.
 */
import { now } from '../../core/clock';
import type { Span, Tracer } from '../../core/tracer';
import type { CallConfig } from '../fetch/fetch-call';
import { LlmExchange } from '../llm-exchange';
import { detectNamed, sniffFormat, type Detected } from '../providers/detect';
import { parseJson } from '../providers/json';
import { sniffTurnProtocol } from '../providers/recognise-response';
import type { TurnProtocol } from '../providers/types';
import { newFraming, TurnCall } from '../fetch/turn-call';
import type { TapObserver } from '../streams/tap';
import { collectSecrets } from '../secrets';
import { afterTask } from '../streams/after-task';
import { detectRequest, placeNow, startRequestSpan, startTurnRequestSpan, type RequestHead, type SpanPlace } from '../request-span';

/** Span attribute: how many times the browser reconnected during this answer. */
export const EVENT_SOURCE_RECONNECTS = 'spanlens.event_source.reconnects';
/** Span event: the connection dropped and the browser reconnects. */
export const EVENT_SOURCE_RECONNECT_EVENT = 'spanlens.event_source.reconnect';

const CONNECTING = 0;
const CLOSED = 2;
const EVENTS = ['message', 'error'] as const;

export interface EventSourceNatives {
  addEventListener: EventTarget['addEventListener'];
  removeEventListener: EventTarget['removeEventListener'];
}

/** What the recorder keeps per EventSource: told when the app calls close(). */
export interface EventSourceWatch {
  closedByApp(): void;
}

/** The answer being recorded. */
interface Answer {
  span: Span;
  observer: TapObserver;
  /** The final event came (known for llm streams; a turn's is read as not known). */
  complete(): boolean;
  reconnects: number;
}

export function watchEventSource(tracer: Tracer, config: CallConfig, natives: EventSourceNatives, source: EventSource, url: URL): EventSourceWatch {
  const head: RequestHead = { url, method: 'GET', headers: new Headers() };
  const named = detectRequest(config, head, () => undefined);
  let place: SpanPlace = placeNow(tracer, now());
  let answer: Answer | undefined;
  let watching = true;
  const secrets = collectSecrets(url, undefined);

  const begin = (detected: Detected): Answer => {
    const span = startRequestSpan(tracer, head, detected, place);
    const exchange = new LlmExchange({ tracer, span, detected, prices: config.prices, secrets, aborted: () => false, transport: 'EventSource' });
    exchange.responseHead(200, 'text/event-stream', true);
    const observer = exchange.stream('text/event-stream');
    return { span, observer, complete: () => observer.complete(), reconnects: 0 };
  };
  const beginTurn = (protocol: TurnProtocol): Answer => {
    const span = startTurnRequestSpan(tracer, head, protocol, place);
    const call = new TurnCall({ tracer, span, protocol, framing: 'sse', requestBody: undefined, url, prices: config.prices, secrets, aborted: () => false });
    return { span, observer: call.observer(newFraming('sse')), complete: () => false, reconnects: 0 };
  };
  /** Work on what was read waits until after the app's own handlers (after-task.ts), in order. */
  const later = (fn: () => void) =>
    afterTask(() => {
      try {
        fn();
      } catch (error) {
        tracer.reportError('EventSource', error);
      }
    });
  const stop = () => {
    watching = false;
    for (const type of EVENTS) natives.removeEventListener.call(source, type, listener);
  };
  const finish = (how: 'end' | 'error', error?: unknown) => {
    const current = answer;
    answer = undefined;
    if (current) later(() => (how === 'end' ? current.observer.end() : current.observer.error(error)));
  };

  const onMessage = (event: MessageEvent) => {
    const data = typeof event.data === 'string' ? event.data : String(event.data);
    if (!answer) {
      const parsed = parseJson(data);
      const protocol = parsed.ok ? sniffTurnProtocol(parsed.value) : undefined;
      const detected = protocol ? undefined : (named ?? recognised(url, parsed.ok ? parsed.value : undefined));
      if (protocol) answer = beginTurn(protocol);
      else if (detected) answer = begin(detected);
      else {
        // Not an LLM stream: let it go.
        stop();
        return;
      }
    }
    const observer = answer.observer;
    const text = sseText(event.type, data);
    later(() => observer.text(text));
  };
  const onError = () => {
    const state = source.readyState;
    if (state === CLOSED) {
      // A named stream that never opened (an HTTP error, not an event stream) is still a failed call.
      if (!answer && named) answer = begin(named);
      finish('error', new Error('EventSource connection failed; the browser will not reconnect'));
      stop();
      return;
    }
    if (state !== CONNECTING || !answer) return;
    if (answer.complete()) {
      // The answer was whole; what comes after the reconnection is another one.
      finish('end');
      place = placeNow(tracer, now());
      return;
    }
    const current = answer;
    current.reconnects++;
    later(() => {
      current.span.setAttribute(EVENT_SOURCE_RECONNECTS, current.reconnects);
      current.span.addEvent(EVENT_SOURCE_RECONNECT_EVENT);
    });
  };
  const listener = (event: Event) => {
    if (!watching) return;
    try {
      if (event.type === 'message') onMessage(event as MessageEvent);
      else onError();
    } catch (error) {
      tracer.reportError('EventSource', error);
    }
  };
  for (const type of EVENTS) natives.addEventListener.call(source, type, listener);

  return {
    closedByApp() {
      if (!watching) return;
      finish('end');
      stop();
    },
  };
}

/** The first message is a payload of a known provider format (OpenAI chunks, Anthropic events...). */
function recognised(url: URL, payload: unknown): Detected | undefined {
  if (!sniffFormat(payload)) return undefined;
  // A guess the exchange corrects from this very first payload.
  return detectNamed(url, new Headers(), undefined);
}

/** An event as the SSE text it was sent as (what the exchange's framing reads). */
function sseText(type: string, data: string): string {
  const lines = data.split('\n').map((line) => `data: ${line}\n`);
  return `${type === 'message' ? '' : `event: ${type}\n`}${lines.join('')}\n`;
}
