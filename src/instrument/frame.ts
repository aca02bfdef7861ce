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

export class FrameThrottle {
  #run: () => void;
  #cancel: (() => void) | undefined;

  constructor(run: () => void) {
    this.#run = run;
  }

  /** Run once in the next frame, however often this is called before it. */
  request(): void {
    if (this.#cancel) return;
    this.#cancel = schedule(() => {
      this.#cancel = undefined;
      this.#run();
    });
  }

  /** Drop a pending run (the caller records the final state itself). */
  cancel(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }
}
