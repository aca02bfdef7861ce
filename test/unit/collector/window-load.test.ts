/**
 * The collector's memory stays bounded: 100,000 spans posted to it over localhost in a loop leave
 * at most the configured count and bytes in its window, the newest ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { encodeOtlp } from '../../../src/export/otlp-encode';
import { startCollector, type RunningCollector } from '../../../src/collector/server';

const TOTAL = 100_000;
const PER_REQUEST = 2_000;
const MAX_SPANS = 5_000;
const MAX_BYTES = 1_000_000;

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ port: 0, maxSpans: MAX_SPANS, maxBytes: MAX_BYTES });
});
afterAll(() => running.close());

const PLACEHOLDER_TRACE = 'f'.repeat(32);

/** One request's body, made once; each request gets its own trace id in it. */
const template = (() => {
  const spans: SpanData[] = [];
  for (let i = 0; i < PER_REQUEST; i++) {
    spans.push({
      traceId: PLACEHOLDER_TRACE,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: `step ${i}`,
      kind: 'chain',
      startTime: 1_700_000_000_000 + i,
      endTime: 1_700_000_000_001 + i,
      status: { code: 'unset' },
      attributes: { 'app.index': i, 'app.text': 'some text '.repeat(i % 20) },
      events: [],
      sessionId: 'load',
    });
  }
  return JSON.stringify(encodeOtlp(spans));
})();

function batch(index: number): string {
  return template.replaceAll(PLACEHOLDER_TRACE, (index + 1).toString(16).padStart(32, '0'));
}

it('keeps the window within its count and byte bounds under 100,000 spans', { timeout: 120_000 }, async () => {
  const window = running.collector.window;
  let peakSpans = 0;
  let peakBytes = 0;
  for (let request = 0; request < TOTAL / PER_REQUEST; request++) {
    const response = await fetch(`${running.url}/v1/traces`, { method: 'POST', body: batch(request), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(200);
    peakSpans = Math.max(peakSpans, window.stats.spans);
    peakBytes = Math.max(peakBytes, window.stats.bytes);
  }
  const stats = running.collector.stats();
  expect(stats.received).toBe(TOTAL);
  expect(peakSpans).toBeLessThanOrEqual(MAX_SPANS);
  expect(peakBytes).toBeLessThanOrEqual(MAX_BYTES);
  expect(stats.evicted).toBe(TOTAL - stats.spans);
  // The newest spans are the ones kept: the last trace is whole, the first is gone.
  expect(window.trace((TOTAL / PER_REQUEST).toString(16).padStart(32, '0'))).toHaveLength(PER_REQUEST);
  expect(window.trace('1'.padStart(32, '0'))).toHaveLength(0);
});
