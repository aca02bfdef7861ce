/**
 * Where llm spans go in the tree: under the span current at the fetch call, also when two flows
 * overlap and the context follows awaits exactly (AsyncContext, here Node's AsyncLocalStorage).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SpanContext } from '../../../src/core/context';
import * as sem from '../../../src/core/semconv';
import type { Span } from '../../../src/core/tracer';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { trace } from '../../../src/instrument/api/manual';
import { startMockLlmServer, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer } from './helpers';

let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => handle?.uninstall());

const ask = (model: string) =>
  fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model, messages: [] }) }).then((r) => r.json());

it('two overlapping traces each get their own llm span as a child', async () => {
  const storage = new AsyncLocalStorage<Span>();
  const rec = recordingTracer({ context: new SpanContext({ get: () => storage.getStore(), run: (span, fn) => storage.run(span, fn) }) });
  handle = instrumentFetch({ tracer: rec.tracer });
  await Promise.all([
    trace('turn a', () => ask('gpt-4o-mini'), { tracer: rec.tracer }),
    trace('turn b', () => ask('gpt-4.1-mini'), { tracer: rec.tracer }),
  ]);
  const spans = await rec.waitForEnded(4);
  const byName = (name: string) => spans.find((s) => s.name === name)!;
  expect(byName('chat gpt-4o-mini').parentSpanId).toBe(byName('turn a').spanId);
  expect(byName('chat gpt-4.1-mini').parentSpanId).toBe(byName('turn b').spanId);
  expect(byName('chat gpt-4o-mini').attributes[sem.SPANLENS_PARENT_INFERRED]).toBeUndefined();
});

it('the span starts at the fetch call, and a fetch outside any trace starts a trace of its own', async () => {
  const rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
  const before = performance.timeOrigin + performance.now();
  await ask('gpt-4o-mini');
  const [span] = await rec.waitForEnded();
  expect(span.parentSpanId).toBeUndefined();
  expect(span.startTime).toBeGreaterThanOrEqual(Math.floor(before * 1000) / 1000);
  expect(span.startTime).toBeLessThan(span.endTime!);
});
