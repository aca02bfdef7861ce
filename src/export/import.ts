/**
 * A trace file of any format spanlens reads, by content rather than by name: Jaeger JSON (its UI's
 * download), OTLP/JSON, or JSON Lines of OTLP requests.
 */
import { decodeJaeger, isJaegerJson } from './jaeger-decode';
import { decodeOtlp, type DecodedSession } from './otlp-decode';

export type TraceFileFormat = 'jaeger' | 'otlp';

export interface DecodedFile {
  format: TraceFileFormat;
  sessions: DecodedSession[];
}

export function decodeTraceFile(text: string): DecodedFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not one JSON document: JSON Lines, or broken; decodeOtlp says which.
    return { format: 'otlp', sessions: decodeOtlp(text) };
  }
  if (isJaegerJson(parsed)) return { format: 'jaeger', sessions: decodeJaeger(parsed) };
  return { format: 'otlp', sessions: decodeOtlp(parsed) };
}
