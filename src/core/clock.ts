/**
 * Epoch milliseconds with microsecond precision.
 *
 * `performance.timeOrigin + performance.now()` is monotonic within the page (Date.now() can jump)
 * and finer than a millisecond. Values are rounded to whole microseconds so that an OTLP round trip
 * (nanoseconds as decimal strings) gives back the very same number.
 */

const origin = typeof performance !== 'undefined' && performance.timeOrigin ? performance.timeOrigin : Date.now();
const hasPerformanceNow = typeof performance !== 'undefined' && typeof performance.now === 'function';

export function now(): number {
  const ms = hasPerformanceNow ? origin + performance.now() : Date.now();
  return Math.round(ms * 1000) / 1000;
}

/** Round an epoch-ms time given by the app to the same microsecond grid. */
export function toMicrosecondGrid(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
