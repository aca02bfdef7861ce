/**
 * At most one run per animation frame: live span updates while a stream is open. The overlay
 * cannot paint faster than that, so more updates would be wasted work on the app's main thread.
 * Without requestAnimationFrame (Node, workers) a ~16 ms timer stands in.
 */

const FRAME_MS = 16;

/** Looked up at each use, not at load: a page (or a test) may provide requestAnimationFrame later. */
function schedule(fn: () => void): () => void {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number; cancelAnimationFrame?: (id: number) => void };
  if (typeof g.requestAnimationFrame === 'function' && typeof g.cancelAnimationFrame === 'function') {
    const id = g.requestAnimationFrame(fn);
    return () => g.cancelAnimationFrame!(id);
  }
  const id = setTimeout(fn, FRAME_MS);
  return () => clearTimeout(id);
}

/** `request()` runs `run` once in the next frame, however often it is called before; `cancel()` drops a pending run. */
export function frameThrottle(run: () => void): { request(): void; cancel(): void } {
  let cancelPending: (() => void) | undefined;
  return {
    request() {
      cancelPending ??= schedule(() => {
        cancelPending = undefined;
        run();
      });
    },
    cancel() {
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}
