/**
 * Short human formats for the panel: durations, token counts, money.
 */

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} m ${Math.round((ms % 60_000) / 1000)} s`;
}

// One formatter for the panel: toLocaleString builds a new one per call (the slowest part of a
// streaming span's overview).
const grouped = new Intl.NumberFormat('en-US');

/** 12,345 */
export function formatCount(n: number): string {
  return grouped.format(n);
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** US dollars; small amounts keep enough digits to be told apart. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** Local time of day to the millisecond: 14:03:07.042. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  // toTimeString starts with the local "HH:mm:ss" (the spec's TimeString).
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** '1 error', '3 errors'. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A class attribute from its parts: the truthy ones, space-separated. */
export const classes = (...parts: unknown[]): string => parts.filter(Boolean).join(' ');
