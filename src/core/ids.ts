/**
 * W3C trace-context ids: 16 random bytes for a trace, 8 for a span, as lower-case hex.
 *
 * crypto.getRandomValues costs about a microsecond per call, more than the whole span should, so
 * random bytes are drawn 4 KiB at a time into a pool and turned into hex through a table.
 */

const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

/** Char codes of '0'-'9', 'a'-'f'. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function refill(): void {
  crypto.getRandomValues(pool);
  offset = 0;
}

/**
 * 8 pool bytes as 16 hex chars, built as one flat string in one call. Concatenating pairs would
 * leave a tree of small string objects behind each id, and the garbage collector pays for each.
 */
function hex16(p: Uint8Array, o: number): string {
  const h = HEX_CODES;
  return String.fromCharCode(
    h[p[o] >> 4], h[p[o] & 15], h[p[o + 1] >> 4], h[p[o + 1] & 15],
    h[p[o + 2] >> 4], h[p[o + 2] & 15], h[p[o + 3] >> 4], h[p[o + 3] & 15],
    h[p[o + 4] >> 4], h[p[o + 4] & 15], h[p[o + 5] >> 4], h[p[o + 5] & 15],
    h[p[o + 6] >> 4], h[p[o + 6] & 15], h[p[o + 7] >> 4], h[p[o + 7] & 15],
  );
}

/** Takes `bytes` (8 or 16) random bytes from the pool, never all zero, as hex. */
function randomHex(bytes: 8 | 16): string {
  for (;;) {
    if (offset + bytes > POOL_SIZE) refill();
    const o = offset;
    offset += bytes;
    let nonZero = 0;
    for (let i = o; i < o + bytes; i++) nonZero |= pool[i];
    // An all-zero id is invalid in W3C trace context; the chance is 2^-64 but the rule is absolute.
    if (nonZero !== 0) return bytes === 8 ? hex16(pool, o) : hex16(pool, o) + hex16(pool, o + 8);
  }
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

/** Sortable by creation time, unique across tabs: `<epoch ms base36>-<8 hex>`. */
export function newSessionId(): string {
  return Date.now().toString(36) + '-' + randomHex(8).slice(0, 8);
}

export const TRACE_ID_PATTERN = /^[0-9a-f]{32}$/;
export const SPAN_ID_PATTERN = /^[0-9a-f]{16}$/;

export function isValidTraceId(id: string): boolean {
  return TRACE_ID_PATTERN.test(id) && !/^0+$/.test(id);
}

export function isValidSpanId(id: string): boolean {
  return SPAN_ID_PATTERN.test(id) && !/^0+$/.test(id);
}
