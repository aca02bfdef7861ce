/**
 * Latency as the user felt it, recorded on the spans of each turn:
 *   - the trace's first span gets the input that started it (`spanlens.turn.input.*`);
 *   - each llm span gets `spanlens.page.first_paint` and `spanlens.page.last_paint` events when
 *     the start and the end of its output first show in the page (paint-watch.ts);
 *   - when an answer's last words are painted, the long tasks of its turn are added to the trace's
 *     first span as `spanlens.page.long_task` events.
 * It listens to the tracer like any sink; marks that come after a span ended are added through
 * Tracer.annotate(), so the store keeps them.
 */
import * as sem from '../../core/semconv';
import type { Span, Tracer } from '../../core/tracer';
import { watchLongTasks, type LongTaskWatch } from './long-tasks';
import { PaintWatch, type PaintMark } from './paint-watch';
import { watchUserInput, type UserInputWatch } from './user-input';

export interface TurnLatencyOptions {
  tracer: Tracer;
  /** The document to watch (the page's). */
  root: Node;
  /** spanlens' own elements (the panel's host), never compared. */
  ignore?(element: Element): boolean;
}

/** Trace roots and llm spans stay known for this many traces, for marks that come late. */
const MAX_TRACKED_TRACES = 200;

export function watchTurnLatency(options: TurnLatencyOptions): () => void {
  const { tracer } = options;
  const input: UserInputWatch = watchUserInput();
  const longTasks: LongTaskWatch = watchLongTasks();
  const roots = new Map<string, Span>();
  const spans = new Map<string, Span>();
  const paint = new PaintWatch({
    root: options.root,
    ignore: options.ignore,
    onMark: (spanId, mark, time) => recordMark(spanId, mark, time),
    onDone: (spanId) => forget(spanId),
  });

  function watchingTrace(traceId: string): boolean {
    for (const span of spans.values()) if (span.traceId === traceId) return true;
    return false;
  }

  /** An answer is no longer watched: drop it, and its trace's first span once none of it is. */
  function forget(spanId: string): void {
    const span = spans.get(spanId);
    spans.delete(spanId);
    if (!span) return;
    const root = roots.get(span.traceId);
    if (root?.endTime !== undefined && !watchingTrace(span.traceId)) roots.delete(span.traceId);
  }

  function recordMark(spanId: string, mark: PaintMark, time: number): void {
    const span = spans.get(spanId);
    if (!span) return;
    const name = mark === 'first' ? sem.SPANLENS_PAGE_FIRST_PAINT : sem.SPANLENS_PAGE_LAST_PAINT;
    tracer.annotate(span, name, {}, time);
    if (mark !== 'last') return;
    const root = roots.get(span.traceId);
    if (!root) return;
    for (const task of longTasks.between(root.startTime, time)) {
      tracer.annotate(root, sem.SPANLENS_PAGE_LONG_TASK, { [sem.SPANLENS_PAGE_LONG_TASK_DURATION]: task.duration }, task.start);
    }
  }

  const unsubscribe = tracer.subscribe((type, span) => {
    if (type === 'start') {
      if (span.parentSpanId === undefined) startTurn(span);
      if (span.kind === 'llm') {
        spans.set(span.spanId, span);
        if (spans.size > MAX_TRACKED_TRACES) spans.delete(spans.keys().next().value as string);
        paint.watch({ spanId: span.spanId, outputText: cachedOutputText(span) });
      }
    } else if (type === 'end' && span.kind === 'llm') {
      paint.ended(span.spanId);
    } else if (type === 'end' && span.parentSpanId === undefined && !watchingTrace(span.traceId)) {
      // A turn with no answer still being watched: nothing more will be added to it.
      roots.delete(span.traceId);
    }
  });

  function startTurn(span: Span): void {
    roots.set(span.traceId, span);
    if (roots.size > MAX_TRACKED_TRACES) roots.delete(roots.keys().next().value as string);
    const started = input.inputBefore(span.startTime);
    if (!started) return;
    const attributes: Record<string, unknown> = {
      [sem.SPANLENS_TURN_INPUT_TYPE]: started.type,
      [sem.SPANLENS_TURN_INPUT_TIME]: started.time,
      [sem.SPANLENS_TURN_INPUT_TARGET]: started.target,
    };
    if (started.key) attributes[sem.SPANLENS_TURN_INPUT_KEY] = started.key;
    span.setAttributes(attributes);
  }

  return () => {
    unsubscribe();
    paint.stop();
    input.stop();
    longTasks.stop();
  };
}

/** outputText() of a live span, parsed again only when its output attribute changed. */
function cachedOutputText(span: Span): () => string {
  let raw: unknown;
  let text = '';
  return () => {
    const current = span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] ?? span.attributes[sem.OUTPUT_VALUE];
    if (current !== raw) {
      raw = current;
      text = outputText(span);
    }
    return text;
  };
}

/** The text parts of a span's output messages, joined (what a chat bubble would show). */
export function outputText(span: { attributes: Record<string, unknown> }): string {
  const raw = span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] ?? span.attributes[sem.OUTPUT_VALUE];
  if (typeof raw !== 'string') return '';
  let messages: unknown;
  try {
    messages = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (!Array.isArray(messages)) return typeof messages === 'string' ? messages : '';
  const texts: string[] = [];
  for (const message of messages) {
    const parts = (message as { parts?: unknown })?.parts;
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      if (part && part.type === 'text' && typeof part.content === 'string') texts.push(part.content);
    }
  }
  return texts.join('\n');
}
