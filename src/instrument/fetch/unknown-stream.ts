/**
 * Cutting a body into events by its framing, and a stream whose protocol only its first payload
 * can tell: watched like any other stream (streams/tap.ts), handed to a TurnCall once recognised,
 * otherwise left alone.
 */
import type { Tracer } from '../../core/tracer';
import type { Framing } from '../providers/recognise-response';
import { NdjsonParser, RawTextFraming, SseParser, WholeBodyFraming, type StreamEvent, type StreamFraming } from '../streams/event-framing';
import { tapResponse, type TapObserver } from '../streams/tap';
import type { TurnCall } from './turn-call';

export function newFraming(framing: Framing): StreamFraming {
  if (framing === 'text') return new RawTextFraming();
  if (framing === 'ndjson') return new NdjsonParser();
  if (framing === 'json') return new WholeBodyFraming();
  return new SseParser();
}

/**
 * A stream whose protocol only its first payload can tell: watched like any other, and handed to
 * a TurnCall once recognised (`recognise` opens it); otherwise left alone (`unrecognised`).
 */
/** Characters of a stream looked at for a first event before giving up on it. */
const MAX_UNDECIDED = 64 * 1024;

export function tapUnknownStream(
  response: Response,
  framing: Framing,
  recognise: (payload: unknown) => TurnCall | undefined,
  unrecognised: () => void,
  tracer: Tracer,
): Response {
  const cutter = newFraming(framing);
  let seen = '';
  let decided = false;
  let call: TapObserver | undefined;
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      tracer.reportError('fetch: stream', error);
      decided = true;
    }
  };
  const decide = (events: StreamEvent[]) => {
    if (decided || events.length === 0) return;
    decided = true;
    const first = events[0]!.data;
    let payload: unknown;
    try {
      payload = JSON.parse(first);
    } catch {
      payload = undefined;
    }
    const turn = recognise(payload);
    if (!turn) return unrecognised();
    // The reader starts from the beginning: the text seen so far, cut again.
    call = turn.observer(newFraming(framing));
    call.text(seen);
  };
  return tapResponse(response, {
    text: (text) =>
      guard(() => {
        if (call) return call.text(text);
        if (decided) return;
        seen += text;
        decide(cutter.push(text));
        // No whole event in this much text: not a stream of events at all.
        if (!decided && seen.length > MAX_UNDECIDED) {
          decided = true;
          unrecognised();
        }
      }),
    end: () =>
      guard(() => {
        if (!decided) decide(cutter.end());
        if (call) call.end();
        else if (!decided) unrecognised();
      }),
    error: (error) => guard(() => (call ? call.error(error) : undefined)),
    cancel: (reason) => guard(() => (call ? call.cancel(reason) : undefined)),
  });
}
