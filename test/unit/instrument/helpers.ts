/**
 * Shared by the instrumentation tests: a tracer that keeps snapshots of every event, and waiting
 * for spans to end.
 */
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer, type SpanEventType, type TracerConfig } from '../../../src/core/tracer';

export interface Recorded {
  tracer: Tracer;
  /** Ended spans, in end order. */
  ended: SpanData[];
  events: Array<{ type: SpanEventType; span: SpanData }>;
  /** Resolves with the ended spans once there are at least n. */
  waitForEnded(n?: number): Promise<SpanData[]>;
}

export function recordingTracer(config?: TracerConfig): Recorded {
  const tracer = new Tracer(config);
  const ended: SpanData[] = [];
  const events: Recorded['events'] = [];
  let waiters: Array<() => void> = [];
  tracer.subscribe((type, span) => {
    const copy = snapshotSpan(span);
    events.push({ type, span: copy });
    if (type === 'end') {
      ended.push(copy);
      const pending = waiters;
      waiters = [];
      for (const w of pending) w();
    }
  });
  const waitForEnded = async (n = 1) => {
    while (ended.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return ended;
  };
  return { tracer, ended, events, waitForEnded };
}

export function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : undefined;
}

/** The wire writers replay and overrides load on first use (the panel file carries them in a page). */
export async function loadActionCode() {
  return { ...(await import('../../../src/instrument/fetch/replay-request')), ...(await import('../../../src/instrument/fetch/override-wire')) };
}
