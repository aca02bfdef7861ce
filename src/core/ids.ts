/**
 * W3C trace-context ids: 16 random bytes for a trace, 8 for a span, as lower-case hex.
 *
 * crypto.getRandomValues costs about a microsecond per call, more than the whole span should, so
 * random bytes are drawn 4 KiB at a time into a pool and turned into hex with a lookup table.
 */

const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let offset = POOL_SIZE;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

function refill(): void {
  crypto.getRandomValues(pool);
  offset = 0;
}

function randomHex(bytes: number): string {
  for (;;) {
    if (offset + bytes > POOL_SIZE) refill();
    let out = '';
    let nonZero = 0;
    const end = offset + bytes;
    for (let i = offset; i < end; i++) {
      nonZero |= pool[i];
      out += HEX[pool[i]];
    }
    offset = end;
    // An all-zero id is invalid in W3C trace context; the chance is 2^-64 but the rule is absolute.
    if (nonZero !== 0) return out;
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
  return Date.now().toString(36) + '-' + randomHex(4);
}

export const TRACE_ID_PATTERN = /^[0-9a-f]{32}$/;
export const SPAN_ID_PATTERN = /^[0-9a-f]{16}$/;

export function isValidTraceId(id: string): boolean {
  return TRACE_ID_PATTERN.test(id) && !/^0+$/.test(id);
}

export function isValidSpanId(id: string): boolean {
  return SPAN_ID_PATTERN.test(id) && !/^0+$/.test(id);
}
