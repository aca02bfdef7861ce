/**
 * What the overlay reads off a span, by semconv name, in one place.
 */
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';
import { findContextWindow } from '../instrument/context-windows';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function spanModel(span: SpanData): string | undefined {
  return str(span.attributes[sem.GEN_AI_RESPONSE_MODEL]) ?? str(span.attributes[sem.GEN_AI_REQUEST_MODEL]);
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

/** How full the model's context was: input tokens over its window (the table beside the prices). */
export interface ContextFill {
  inputTokens: number;
  window: number;
  /** 0..1 (more than 1 when the provider counted more than the table's window). */
  share: number;
}

export function spanContextFill(span: SpanData, windows?: Readonly<Record<string, number>>): ContextFill | undefined {
  const inputTokens = num(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]);
  const window = findContextWindow(spanModel(span), windows);
  if (inputTokens === undefined || window === undefined) return undefined;
  return { inputTokens, window, share: inputTokens / window };
}

/** Output tokens per second while the answer streamed (from its first token), else over the call. */
export function spanOutputRate(span: SpanData): number | undefined {
  const output = num(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]);
  if (output === undefined || span.endTime === undefined) return undefined;
  const firstToken = span.events.find((e) => e.name === sem.EVENT_FIRST_TOKEN)?.time;
  const from = firstToken !== undefined && firstToken < span.endTime ? firstToken : span.startTime;
  const seconds = (span.endTime - from) / 1000;
  return seconds > 0 ? output / seconds : undefined;
}

/**
 * A turn as the user felt it, from the trace's first span and the llm spans under it, all in epoch
 * milliseconds: the input that started it, the first request, the first streamed token, the first
 * and last words painted in the page, and the long tasks meanwhile. Absent marks were not seen.
 */
export interface TurnMarks {
  input?: { time: number; type: string; target: string };
  requestStart?: number;
  firstToken?: number;
  firstPaint?: number;
  lastPaint?: number;
  longTasks: { start: number; duration: number }[];
}

export function turnMarks(root: SpanData, traceSpans: Iterable<SpanData>): TurnMarks {
  const marks: TurnMarks = { longTasks: [] };
  const inputTime = num(root.attributes[sem.SPANLENS_TURN_INPUT_TIME]);
  if (inputTime !== undefined) {
    marks.input = {
      time: inputTime,
      type: str(root.attributes[sem.SPANLENS_TURN_INPUT_TYPE]) ?? 'input',
      target: str(root.attributes[sem.SPANLENS_TURN_INPUT_TARGET]) ?? '',
    };
  }
  const earliest = (current: number | undefined, time: number) => (current === undefined || time < current ? time : current);
  for (const span of traceSpans) {
    if (span.kind === 'llm' || span.kind === 'http') marks.requestStart = earliest(marks.requestStart, span.startTime);
    for (const event of span.events) {
      if (event.name === sem.EVENT_FIRST_TOKEN) marks.firstToken = earliest(marks.firstToken, event.time);
      else if (event.name === sem.SPANLENS_PAGE_FIRST_PAINT) marks.firstPaint = earliest(marks.firstPaint, event.time);
      else if (event.name === sem.SPANLENS_PAGE_LAST_PAINT && (marks.lastPaint === undefined || event.time > marks.lastPaint)) marks.lastPaint = event.time;
      else if (event.name === sem.SPANLENS_PAGE_LONG_TASK) {
        marks.longTasks.push({ start: event.time, duration: num(event.attributes?.[sem.SPANLENS_PAGE_LONG_TASK_DURATION]) ?? 0 });
      }
    }
  }
  return marks;
}

/** The service that recorded a span received from the server (through the collector), else undefined. */
export function serverService(span: SpanData): string | undefined {
  if (span.attributes[sem.SPANLENS_SOURCE] !== 'server') return undefined;
  return str(span.attributes[sem.SERVICE_NAME]) ?? 'the server';
}
