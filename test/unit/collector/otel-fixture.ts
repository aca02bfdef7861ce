/**
 * A small trace made with the real OpenTelemetry SDK, exported through a given exporter, plus the
 * SDK's own copy of each span (InMemorySpanExporter) to compare what arrives against.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';
import type { SpanData } from '../../../src/core/span';

export async function exportFixtureTrace(exporter: SpanExporter): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'chat-backend', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory), new SimpleSpanProcessor(exporter)],
  });
  const otel = provider.getTracer('fixture', '1.2.3');
  const route = otel.startSpan('POST /api/chat', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': '/api/chat' } });
  const inRoute = trace.setSpan(context.active(), route);
  const llm = otel.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 42,
        'gen_ai.request.temperature': 0.5,
        'gen_ai.request.stream': true,
        'gen_ai.response.finish_reasons': ['stop'],
        'app.scores': [1.5, 2.5],
        'app.flags': [true, false],
        'app.unicode': 'h\u00e9llo \u{1F600}',
      },
    },
    inRoute,
  );
  llm.addEvent('gen_ai.first_token', { 'gen_ai.response.time_to_first_chunk': 0.25 });
  llm.setStatus({ code: SpanStatusCode.OK });
  llm.end();
  const tool = otel.startSpan('ai.toolCall', { attributes: { 'ai.toolCall.name': 'lookup', 'ai.operationId': 'ai.toolCall' } }, inRoute);
  tool.recordException(new Error('lookup failed'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'lookup failed' });
  tool.end();
  route.end();
  await provider.forceFlush();
  const finished = memory.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

/** Epoch ms on the microsecond grid, as spanlens keeps times, from the SDK's [s, ns]. */
export function hrToMs([seconds, nanos]: [number, number]): number {
  return (seconds * 1e6 + Math.floor(nanos / 1000)) / 1000;
}

/** Every field of the SDK's span is in ours. */
export function expectSameSpan(ours: SpanData | undefined, sdk: ReadableSpan): void {
  expect(ours, sdk.name).toBeDefined();
  const span = ours as SpanData;
  const context = sdk.spanContext();
  expect(span.traceId).toBe(context.traceId);
  expect(span.spanId).toBe(context.spanId);
  expect(span.parentSpanId).toBe(sdk.parentSpanContext?.spanId);
  expect(span.name).toBe(sdk.name);
  expect(span.startTime).toBe(hrToMs(sdk.startTime));
  expect(span.endTime).toBe(hrToMs(sdk.endTime));
  expect(span.status.code).toBe(['unset', 'ok', 'error'][sdk.status.code]);
  if (sdk.status.message) expect(span.status.message).toBe(sdk.status.message);
  for (const [key, value] of Object.entries(sdk.attributes)) expect(span.attributes[key], key).toEqual(value);
  expect(span.events.map((e) => e.name)).toEqual(sdk.events.map((e) => e.name));
  sdk.events.forEach((event, i) => {
    expect(span.events[i].time).toBe(hrToMs(event.time));
    for (const [key, value] of Object.entries(event.attributes ?? {})) expect(span.events[i].attributes?.[key], key).toEqual(value);
  });
}
