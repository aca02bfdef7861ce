/**
 * spanlens and OpenTelemetry backends, in Chromium, sharing one browser and one server:
 *
 * - The page and its backend in one tree: the test server mounts the collector as the Vite plugin
 *   does (same origin), and its /api/work route records spans with the real OpenTelemetry Node SDK,
 *   continuing the page's traceparent and exporting to the collector. The script tag with a bare
 *   `data-collector` shows them nested under the browser's fetch span.
 * - The forwarder from the script tag: `data-otlp-endpoint` on another origin (CORS preflight),
 *   protobuf, and the keepalive flush when the page goes away.
 */
import { context, trace as otelTrace, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector';
import type { SpanData } from '../../src/core/span';
import { decodeOtlp } from '../../src/export/otlp-decode';
import { startReceiver, type Receiver } from '../unit/export/otlp-receiver';
import { startTestServer } from './serve';
import { useBrowserWith } from './setup';

const collector = createCollector();
let serverUrl = '';

async function apiWork(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(String(request.headers.traceparent ?? ''));
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${serverUrl}/v1/traces` }))] });
  const otel = provider.getTracer('api');
  const parent = match ? otelTrace.setSpanContext(context.active(), { traceId: match[1], spanId: match[2], traceFlags: TraceFlags.SAMPLED, isRemote: true }) : context.active();
  const route = otel.startSpan('GET /api/work', { attributes: { 'http.route': '/api/work' } }, parent);
  const retrieval = otel.startSpan('search docs', { attributes: { 'openinference.span.kind': 'RETRIEVER' } }, otelTrace.setSpan(parent, route));
  retrieval.end();
  route.end();
  await provider.forceFlush();
  await provider.shutdown();
  response.end('done');
}

const env = useBrowserWith(async () => {
  const server = await startTestServer((request, response, next) => {
    if (request.url === '/api/work') void apiWork(request, response);
    else if (!collector.handle(request, response)) next();
  });
  serverUrl = server.url;
  return server;
});

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

describe('server spans in the page tree', () => {
  it('nests the backend spans under the fetch that called it, marked as server spans', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${env.server.url}/test/e2e/pages/blank.html`);
    await page.evaluate(async () => {
      const script = document.createElement('script');
      script.src = '/dist/spanlens.iife.js';
      script.dataset.collector = '';
      script.dataset.recordHttp = 'true';
      script.dataset.open = 'true';
      await new Promise((resolve, reject) => {
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
    });
    const spans = await page.evaluate(async () => {
      type Api = { getTracer(): { subscribe(l: (type: string, span: SpanData) => void): void }; collector(): { status: string; received: number } | undefined };
      const api = (window as unknown as { spanlens: Api }).spanlens;
      const ended: SpanData[] = [];
      api.getTracer().subscribe((type, span) => type === 'end' && ended.push(JSON.parse(JSON.stringify(span))));
      while (api.collector()?.status !== 'open') await new Promise((r) => setTimeout(r, 10));
      await (await fetch('/api/work')).text();
      while (api.collector()!.received < 2) await new Promise((r) => setTimeout(r, 10));
      return ended;
    });
    const browser = spans.find((s) => s.kind === 'http' && s.name.includes('/api/work'))!;
    const route = spans.find((s) => s.name === 'GET /api/work')!;
    const retrieval = spans.find((s) => s.name === 'search docs')!;
    expect(route).toMatchObject({ traceId: browser.traceId, parentSpanId: browser.spanId });
    expect(retrieval).toMatchObject({ parentSpanId: route.spanId, kind: 'retriever' });
    expect(route.attributes['spanlens.source']).toBe('server');
    expect(browser.attributes['spanlens.source']).toBeUndefined();
    // In the panel: two rows marked as server spans, deeper than the fetch row.
    await page.locator('spanlens-overlay .sl-tag-server').nth(1).waitFor();
    const rows = page.locator('spanlens-overlay [role=treeitem]');
    const serverTag = page.locator('.sl-tag-server');
    const depth = (row: ReturnType<typeof rows.first>) => row.locator('.sl-c-name').evaluate((el) => parseFloat((el as HTMLElement).style.paddingLeft));
    const fetchRow = rows.filter({ hasText: '/api/work', hasNot: serverTag }).first();
    const routeRow = rows.filter({ hasText: 'GET /api/work', has: serverTag }).first();
    const retrievalRow = rows.filter({ hasText: 'search docs', has: serverTag }).first();
    expect(await depth(routeRow)).toBeGreaterThan(await depth(fetchRow));
    expect(await depth(retrievalRow)).toBeGreaterThan(await depth(routeRow));
    await page.close();
  });
});

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
