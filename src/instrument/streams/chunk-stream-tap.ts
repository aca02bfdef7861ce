/**
 * Watching a ReadableStream of chunks (the text chunks of the built-in AI's `promptStreaming()`)
 * on its way to the app, the way streams/tap.ts watches a fetch body.
 *
 * The app gets a pass-through stream that pulls from the original on demand: one chunk is read
 * only when the app asks for one (high-water mark 0), handed on at once, and shown to the observer
 * in a microtask after that. Nothing is read ahead, buffered or held back. The app cancelling its
 * stream cancels the original with the same reason; an error of the original (an abort, a
 * destroyed session) errors the app's stream with the very same error object.
 *
 * What differs from the original: it is another ReadableStream object (same class, same
 * reader and iteration behaviour); the original is locked to spanlens' reader.
 */

export interface ChunkObserver<T> {
  chunk(chunk: T): void;
  end(): void;
  error(error: unknown): void;
  cancel(reason: unknown): void;
}

export function tapChunkStream<T>(source: ReadableStream<T>, observer: ChunkObserver<T>): ReadableStream<T> {
  const reader = source.getReader();
  let finished = false;
  /** The app cancelled: the controller is closed and must not be touched. */
  let cancelled = false;
  const finish = (report: () => void) => {
    if (finished) return;
    finished = true;
    queueMicrotask(report);
  };
  return new ReadableStream<T>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<T>;
        try {
          result = await reader.read();
        } catch (error) {
          if (!cancelled) controller.error(error);
          finish(() => observer.error(error));
          return;
        }
        if (cancelled) return;
        if (result.done) {
          controller.close();
          finish(() => observer.end());
          return;
        }
        const chunk = result.value;
        controller.enqueue(chunk);
        queueMicrotask(() => observer.chunk(chunk));
      },
      cancel(reason) {
        cancelled = true;
        finish(() => observer.cancel(reason));
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
