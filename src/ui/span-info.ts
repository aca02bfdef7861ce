/**
 * What the overlay reads off a span, by semconv name, in one place.
 */
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function spanModel(span: SpanData): string | undefined {
  return str(span.attributes[sem.GEN_AI_RESPONSE_MODEL]) ?? str(span.attributes[sem.GEN_AI_REQUEST_MODEL]);
}

export function spanInputTokens(span: SpanData): number | undefined {
  return num(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]);
}

export function spanOutputTokens(span: SpanData): number | undefined {
  return num(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]);
}

export function spanCost(span: SpanData): number | undefined {
  return num(span.attributes[sem.SPANLENS_COST_USD]);
}

/** Milliseconds from start to first streamed chunk, from the attribute (seconds) or the event. */
export function spanTimeToFirstToken(span: SpanData): number | undefined {
  const seconds = num(span.attributes[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]);
  if (seconds !== undefined) return seconds * 1000;
  const event = span.events.find((e) => e.name === sem.EVENT_FIRST_TOKEN);
  return event ? event.time - span.startTime : undefined;
}

/** Duration in ms; for an open span, up to `now`. */
export function spanDuration(span: SpanData, now: number): number {
  return (span.endTime ?? now) - span.startTime;
}

export function isError(span: SpanData): boolean {
  return span.status.code === 'error';
}

/** The service that recorded a span received from the server (through the collector), else undefined. */
export function serverService(span: SpanData): string | undefined {
  if (span.attributes[sem.SPANLENS_SOURCE] !== 'server') return undefined;
  return str(span.attributes[sem.SERVICE_NAME]) ?? 'the server';
}
