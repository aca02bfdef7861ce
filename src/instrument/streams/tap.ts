/**
 * Watching a streamed response body on its way to the app.
 *
 * The app gets a new Response whose body is a pass-through pulling from the network's body on
 * demand: when the app reads, we read one chunk from the network and hand it on at once. Nothing
 * is buffered ahead of the app (high-water mark 0) and nothing is held back. The observer looks
 * at the text in a microtask queued after the app's read has resolved (a few microseconds of
 * parsing per chunk; a task per chunk would cost more than the parsing itself), and the end of
 * the stream, which records everything, after the current task (after-task.ts). When the app cancels
 * its body, we cancel the network body (the connection is released) and stop watching. A
 * network error (an abort) reaches the app as the very same error object.
 *
 * What differs from the native Response, and how it is covered:
 *   - it is a different object (still `instanceof Response`);
 *   - `url`, `redirected`, `type` and `headers` are own properties copied from the original (the
 *     same Headers object), because a constructed Response would report '' / false / 'default';
 *   - `clone()` is an own method returning a clone with the same copied properties.
 * status, statusText, ok, body, bodyUsed and every body reader are the native ones.
 */
import { afterTask } from './after-task';

export interface TapObserver {
  /** The next piece of the body as text (UTF-8, split characters joined), just after the app got it. */
  text(text: string): void;
  /** The body ended normally. */
  end(): void;
  /** Reading the network body failed (abort, network error). */
  error(error: unknown): void;
  /** The app cancelled its body. */
  cancel(reason: unknown): void;
}

export function tapResponse(response: Response, observer: TapObserver): Response {
  const source = response.body!.getReader();
  const decoder = new TextDecoder();
  let finished = false;
  /** The app cancelled: the controller is closed, touching it would throw. */
  let cancelled = false;
  /** Text the observer has not seen yet. */
  let pending = '';
  const deliver = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    observer.text(text);
  };
  const see = (text: string) => {
    if (pending === '') queueMicrotask(deliver);
    pending += text;
  };
  /** The last word, once: after any text still pending. */
  const finish = (fn: () => void) => {
    if (finished) return;
    finished = true;
    afterTask(() => {
      deliver();
      fn();
    });
  };

  const underlying = {
    async pull(controller: ReadableStreamDefaultController<Uint8Array> | ReadableByteStreamController) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await source.read();
      } catch (error) {
        if (!cancelled) controller.error(error);
        finish(() => observer.error(error));
        return;
      }
      if (cancelled) return;
      if (result.done) {
        controller.close();
        // A BYOB read waiting on a closed byte stream resolves (as done) only once answered.
        (controller as Partial<ReadableByteStreamController>).byobRequest?.respond(0);
        finish(() => {
          const rest = decoder.decode();
          if (rest) observer.text(rest);
          observer.end();
        });
        return;
      }
      const chunk = result.value;
      // Decode before handing on: a byte stream's enqueue transfers (detaches) the chunk's buffer.
      const text = decoder.decode(chunk, { stream: true });
      (controller as ReadableStreamDefaultController<Uint8Array>).enqueue(chunk);
      if (text) see(text);
    },
    cancel(reason: unknown) {
      cancelled = true;
      finish(() => observer.cancel(reason));
      return source.cancel(reason);
    },
  };

  const body = byteStream(underlying) ?? new ReadableStream<Uint8Array>(underlying as UnderlyingDefaultSource<Uint8Array>, { highWaterMark: 0 });
  const tapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  copyIdentity(tapped, response);
  return tapped;
}

/** A byte stream like the native body (so BYOB readers work), where the platform has them. */
function byteStream(underlying: object): ReadableStream<Uint8Array> | undefined {
  try {
    return new ReadableStream({ ...underlying, type: 'bytes' } as UnderlyingByteSource, { highWaterMark: 0 }) as ReadableStream<Uint8Array>;
  } catch {
    return undefined;
  }
}

function copyIdentity(target: Response, original: Response): void {
  const define = (name: string, value: unknown) =>
    Object.defineProperty(target, name, { value, configurable: true, enumerable: false, writable: false });
  for (const name of ['url', 'redirected', 'type', 'headers'] as const) define(name, original[name]);
  define('clone', function clone(this: Response) {
    const copy = Response.prototype.clone.call(this);
    copyIdentity(copy, original);
    return copy;
  });
}
