/**
 * The page's side of worker spans: what a worker sends becomes page spans with the worker's ids
 * and data plus where they came from, through the page's own bounds; malformed or repeated
 * messages are dropped, never thrown. And the worker's side end to end in one thread: a worker
 * bridge's span events, over a real MessageChannel, land in the page's tracer.
 */
import { describe, expect, it } from 'vitest';
import { Tracer } from '../../../src/core/tracer';
import { snapshotSpan } from '../../../src/core/span';
import * as sem from '../../../src/core/semconv';
import { WorkerSpans } from '../../../src/instrument/worker/worker-spans';
import { startWorkerBridge } from '../../../src/instrument/worker/worker-bridge';
import { MARK } from '../../../src/instrument/worker/protocol';
import { recordingTracer } from './helpers';

const WORKER = { type: 'dedicated' as const, url: 'https://app.example/llm-worker.js', name: 'llm' };

function workerSpan() {
  const worker = new Tracer();
  const span = worker.startSpan('chat gpt-4o-mini', { kind: 'llm', attributes: { [sem.GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini' } });
  return { worker, span };
}

describe('WorkerSpans', () => {
  it('adds a worker span to the page tracer with its ids, updates and end, marked as from the worker', async () => {
    const page = recordingTracer();
    const spans = new WorkerSpans(page.tracer, WORKER);
    const { span } = workerSpan();
    spans.take({ type: 'start', span: snapshotSpan(span) });
    span.setAttribute(sem.GEN_AI_OUTPUT_MESSAGES, '[]');
    span.addEvent(sem.EVENT_FIRST_TOKEN);
    spans.take({ type: 'update', span: snapshotSpan(span) });
    // Updates reach the page one task after another, as messages do.
    await new Promise((r) => setTimeout(r, 0));
    span.setStatus('error', 'HTTP 429');
    span.end();
    spans.take({ type: 'end', span: snapshotSpan(span) });
    const [ended] = await page.waitForEnded(1);
    expect(ended).toMatchObject({ traceId: span.traceId, spanId: span.spanId, name: 'chat gpt-4o-mini', kind: 'llm', sessionId: page.tracer.sessionId, endTime: span.endTime });
    expect(ended.status).toEqual({ code: 'error', message: 'HTTP 429' });
    expect(ended.events.map((e) => e.name)).toEqual([sem.EVENT_FIRST_TOKEN]);
    expect(ended.attributes).toMatchObject({
      [sem.GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [sem.SPANLENS_WORKER_TYPE]: 'dedicated',
      [sem.SPANLENS_WORKER_URL]: WORKER.url,
      [sem.SPANLENS_WORKER_NAME]: 'llm',
    });
    expect(page.events.map((e) => e.type)).toEqual(['start', 'update', 'end']);
  });

  it('drops what is malformed or repeated, keeps the page bounds, never throws', async () => {
    const page = recordingTracer({ maxAttributeLength: 100, maxSpans: 2 });
    const spans = new WorkerSpans(page.tracer, WORKER);
    for (const bad of [undefined, null, {}, { span: 'text' }, { span: { spanId: 5 } }, { span: { traceId: 'a', spanId: 'b', kind: 'weird', attributes: null, events: 'no' } }]) {
      expect(() => spans.take(bad as never)).not.toThrow();
    }
    const { span } = workerSpan();
    span.setAttribute('huge', 'x'.repeat(1000));
    span.end();
    spans.take({ type: 'end', span: snapshotSpan(span) });
    spans.take({ type: 'end', span: snapshotSpan(span) });
    const third = workerSpan().span;
    third.end();
    spans.take({ type: 'end', span: snapshotSpan(third) });
    await new Promise((r) => setTimeout(r, 0));
    // The odd one started (its unknown kind read as chain, still open), the real one once; the third is past maxSpans.
    expect(page.events.filter((e) => e.type === 'start').map((e) => e.span.kind)).toEqual(['chain', 'llm']);
    expect(page.ended.map((s) => s.spanId)).toEqual([span.spanId]);
    expect(String(page.ended[0].attributes.huge).length).toBe(100);
    expect(page.tracer.stats.droppedSpans).toBe(1);
  });
});

describe('the worker bridge', () => {
  it("queues span events until the page's claim, then sends them over the claimed port; other claims are swallowed", async () => {
    const worker = new Tracer();
    const listeners: Array<(event: MessageEvent) => void> = [];
    const scope = {
      location: { href: WORKER.url },
      name: 'llm',
      addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
      removeEventListener: () => {},
    };
    const bridge = startWorkerBridge(worker, scope);
    const span = worker.startSpan('chat', { kind: 'llm' });
    span.end();
    const dispatch = (data: unknown, ports: MessagePort[] = []) => {
      let stopped = false;
      const event = { data, ports, stopImmediatePropagation: () => (stopped = true) } as unknown as MessageEvent;
      for (const listener of listeners) listener(event);
      return stopped;
    };
    expect(dispatch({ type: 'ask' })).toBe(false);
    const other = new MessageChannel();
    expect(dispatch({ [MARK]: 'claim', id: 'not-this-worker' }, [other.port2])).toBe(true);
    const page = recordingTracer();
    const spans = new WorkerSpans(page.tracer, WORKER);
    const channel = new MessageChannel();
    const accepted = new Promise<void>((resolve) => {
      channel.port1.onmessage = (event) => {
        if (event.data[MARK] === 'accepted') resolve();
        else spans.take(event.data);
      };
    });
    expect(dispatch({ [MARK]: 'claim', id: bridge.id }, [channel.port2])).toBe(true);
    await accepted;
    const [ended] = await page.waitForEnded(1);
    expect(ended.spanId).toBe(span.spanId);
    bridge.stop();
    channel.port1.close();
    other.port1.close();
  });
});
