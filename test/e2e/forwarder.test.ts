/**
 * The forwarder from the script tag in Chromium: `data-otlp-endpoint` on another origin (CORS
 * preflight), protobuf, and the keepalive flush when the page goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlp } from '../../src/export/otlp-decode';
import { startReceiver, type Receiver } from '../unit/export/otlp-receiver';
import { useBrowserAndServer } from './setup';

const env = useBrowserAndServer();
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

describe('forwarding from the script tag', () => {
  it('sends the page spans as protobuf with its headers, the last ones with keepalive on pagehide', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/test/e2e/pages/blank.html`);
    await page.evaluate(async (endpoint) => {
      const script = document.createElement('script');
      script.src = '/dist/spanlens.iife.js';
      script.dataset.otlpEndpoint = endpoint;
      script.dataset.otlpProtocol = 'protobuf';
      script.dataset.otlpHeaders = 'x-langfuse-ingestion-version=4';
      script.dataset.overlay = 'false';
      await new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
    }, receiver.url.replace('/v1/traces', ''));
    const recorded = await page.evaluate(async () => {
      const api = (window as unknown as { spanlens: typeof import('../../src/index') & { forwarder(): unknown } }).spanlens;
      const ids: string[] = [];
      api.getTracer().subscribe((type, span) => type === 'end' && ids.push(span.spanId));
      await api.trace('turn', async () => {
        await api.tool('get_weather', { city: 'Oslo' }, async () => 'sunny');
      });
      // The forwarder module loads on demand: wait until it is there.
      while (!api.forwarder()) await new Promise((r) => setTimeout(r, 10));
      return ids;
    });
    // Leaving the page at once: the batch has not gone yet (1 s delay), pagehide sends it.
    await page.goto(`${env.server.url}/test/e2e/pages/blank.html`);
    await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);
    const [request] = receiver.requests;
    expect(request.encoding).toBe('protobuf');
    expect(request.headers['x-langfuse-ingestion-version']).toBe('4');
    expect(request.headers.traceparent).toBeUndefined();
    expect(receiver.preflights).toBeGreaterThan(0);
    const spans = decodeOtlp(request.body).flatMap((s) => s.spans);
    expect(spans.map((s) => s.spanId).sort()).toEqual([...recorded].sort());
    expect(spans.map((s) => s.name).sort()).toEqual(['execute_tool get_weather', 'turn']);
    await page.close();
  });
});
