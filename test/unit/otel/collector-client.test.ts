/**
 * The page's collector client against the real collector and the real OpenTelemetry Node
 * exporter: the server spans of the page's own traces join its tracer, nested under the browser
 * span whose traceparent they continued; other traces never arrive; a down collector is a notice.
 */
import { context, trace as otelTrace, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, expect, it } from 'vitest';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { startCollector, type RunningCollector } from '../../../src/collector/server';
import { startCollectorClient, type CollectorClient } from '../../../src/otel/collector-client';

let running: RunningCollector | undefined;
let client: CollectorClient | undefined;
afterEach(async () => {
  client?.stop();
  await running?.close();
});

/** What the server does for one request: a route span continuing `traceparent`, with a child. */
async function serverHandles(collectorUrl: string, traceId: string, parentSpanId: string): Promise<void> {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collectorUrl}/v1/traces` }))] });
  const otel = provider.getTracer('server');
  const remote = otelTrace.setSpanContext(context.active(), { traceId, spanId: parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  const route = otel.startSpan('POST /api/chat', { attributes: { 'http.route': '/api/chat' } }, remote);
  const llm = otel.startSpan('ai.streamText.doStream', { attributes: { 'ai.model.id': 'mock' } }, otelTrace.setSpan(remote, route));
  llm.end();
  route.end();
  await provider.forceFlush();
  await provider.shutdown();
}

function recordingTracer(): { tracer: Tracer; ended: SpanData[] } {
  const tracer = new Tracer({ sessionId: 'page' });
  const ended: SpanData[] = [];
  tracer.subscribe((type, span) => type === 'end' && ended.push(snapshotSpan(span)));
  return { tracer, ended };
}

it('adds the server spans of the page traces, nested under the browser span, and nothing else', async () => {
  running = await startCollector({ port: 0 });
  const { tracer, ended } = recordingTracer();
  const notices: string[] = [];
  client = startCollectorClient({ url: running.url, tracer, fetch: () => globalThis.fetch, notify: (m) => notices.push(m) });
  await expect.poll(() => client!.state.status).toBe('open');
  const browser = tracer.startSpan('POST /api/chat', { kind: 'http' });
  // Another tab's request to the same server: its trace is not this page's.
  await serverHandles(running.url, 'f'.repeat(32), 'e'.repeat(16));
  await serverHandles(running.url, browser.traceId, browser.spanId);
  browser.end();
  await expect.poll(() => ended.filter((s) => s.attributes['spanlens.source'] === 'server').length).toBe(2);
  const server = ended.filter((s) => s.attributes['spanlens.source'] === 'server');
  const route = server.find((s) => s.name === 'POST /api/chat')!;
  expect(route.traceId).toBe(browser.traceId);
  expect(route.parentSpanId).toBe(browser.spanId);
  expect(route.sessionId).toBe('page');
  expect(server.find((s) => s.name === 'ai.streamText.doStream')).toMatchObject({ parentSpanId: route.spanId, kind: 'llm' });
  expect(ended.some((s) => s.traceId === 'f'.repeat(32))).toBe(false);
  expect(client.state.received).toBe(2);
  expect(notices).toEqual([]);
});

it('gets the spans a server exported before the page asked (replay), once', async () => {
  running = await startCollector({ port: 0 });
  const { tracer, ended } = recordingTracer();
  const browser = tracer.startSpan('GET /api/early', { kind: 'http' });
  await serverHandles(running.url, browser.traceId, browser.spanId);
  client = startCollectorClient({ url: running.url, tracer, fetch: () => globalThis.fetch, notify: () => {}, initialTraceIds: () => [browser.traceId] });
  await expect.poll(() => client!.state.received).toBe(2);
  browser.end();
  expect(ended.filter((s) => s.attributes['spanlens.source'] === 'server')).toHaveLength(2);
});

it('says once that the collector is down, and connects when it comes up', async () => {
  const probe = await startCollector({ port: 0 });
  const url = probe.url;
  await probe.close();
  const { tracer } = recordingTracer();
  const notices: string[] = [];
  client = startCollectorClient({ url, tracer, fetch: () => globalThis.fetch, notify: (m) => notices.push(m), reconnectMs: 20 });
  await expect.poll(() => client!.state.status).toBe('down');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(new RegExp(`^spanlens: no collector at ${url} .*npx spanlens collector`));
  running = await startCollector({ port: Number(new URL(url).port) });
  await expect.poll(() => client!.state.status, { timeout: 5000 }).toBe('open');
  expect(notices.at(-1)).toBe(`spanlens: connected to the collector at ${url}`);
});
