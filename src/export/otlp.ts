/**
 * OTLP/JSON export and import of spans: see otlp-encode.ts and otlp-decode.ts.
 */
export { encodeOtlp, toNanos, SPANLENS_VERSION, type ResourceInfo } from './otlp-encode';
export { decodeOtlp, OtlpDecodeError, type DecodedSession } from './otlp-decode';
export type * from './otlp-types';

import type { SpanData } from '../core/span';
import { encodeOtlp, type ResourceInfo } from './otlp-encode';

/** The export file's text: pretty enough to read, compact enough to share. */
export function exportJson(spans: readonly SpanData[], resource?: ResourceInfo): string {
  return JSON.stringify(encodeOtlp(spans, resource));
}
