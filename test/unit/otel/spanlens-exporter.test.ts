// @vitest-environment happy-dom
/**
 * SpanlensExporter with the real OpenTelemetry web SDK (WebTracerProvider + SimpleSpanProcessor):
 * OTel spans reach the spanlens tracer and store with their ids, times, status, attributes, events
 * and our kinds.
 */
import 'fake-indexeddb/auto';
import { context, SpanKind, SpanStatusCode, trace as otelTrace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, WebTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-web';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { SpanlensExporter } from '../../../src/otel/spanlens-exporter';
import { install } from '../../../src/install';

let tracer: Tracer;
let recorded: Array<[string, SpanData]>;
let memory: InMemorySpanExporter;
let provider: WebTracerProvider;

beforeEach(() => {
  tracer = new Tracer({ sessionId: 'page' });
  recorded = [];
  tracer.subscribe((type, span) => recorded.push([type, snapshotSpan(span)]));
  memory = new InMemorySpanExporter();
  provider = new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory), new SimpleSpanProcessor(new SpanlensExporter({ tracer }))] });
});
afterEach(() => provider.shutdown());

function hrToMs([seconds, nanos]: [number, number]): number {
  return (seconds * 1e6 + Math.floor(nanos / 1000)) / 1000;
}

/** An agent turn as an app instrumented with the OTel web SDK (and the AI SDK's names) records it. */
function recordTurn(): void {
  const otel = provider.getTracer('chat-app', '2.0.0');
  const turn = otel.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' } });
  const inTurn = otelTrace.setSpan(context.active(), turn);
  const llm = otel.startSpan('ai.streamText.doStream', { kind: SpanKind.CLIENT, attributes: { 'ai.model.id': 'gpt-4o', 'gen_ai.usage.input_tokens': 12, 'ai.settings.temperature': 0.3, 'ai.response.finishReason': 'stop' } }, inTurn);
  llm.addEvent('ai.stream.firstChunk', { 'ai.response.msToFirstChunk': 120.5 });
  llm.setStatus({ code: SpanStatusCode.OK });
  llm.end();
  const retrieval = otel.startSpan('search docs', { attributes: { 'openinference.span.kind': 'RETRIEVER', 'retrieval.documents': ['a', 'b'] } }, inTurn);
  retrieval.end();
  const tool = otel.startSpan('ai.toolCall', { attributes: { 'ai.toolCall.name': 'weather', 'app.flags': [true, false] } }, inTurn);
  tool.recordException(new TypeError('city missing'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'city missing' });
  tool.end();
  const request = otel.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'url.full': 'https://example.test/x' } }, inTurn);
  request.end();
  turn.end();
}

describe('SpanlensExporter', () => {
  it('records every OTel span with its own ids, times, status, attributes and events', () => {
    recordTurn();
    const sdkSpans = memory.getFinishedSpans();
    expect(sdkSpans).toHaveLength(5);
    const ended = new Map(recorded.filter(([type]) => type === 'end').map(([, span]) => [span.spanId, span]));
    expect(ended.size).toBe(5);
    for (const sdk of sdkSpans) expectSame(ended.get(sdk.spanContext().spanId), sdk);
    // One trace, nested as in OTel.
    const turn = sdkSpans.find((s) => s.name === 'invoke_agent planner')!;
    for (const sdk of sdkSpans) if (sdk !== turn) expect(ended.get(sdk.spanContext().spanId)!.parentSpanId).toBe(turn.spanContext().spanId);
  });

  it('maps GenAI, OpenInference, AI SDK and HTTP spans to our kinds', () => {
    recordTurn();
    const kinds = Object.fromEntries(recorded.filter(([type]) => type === 'end').map(([, span]) => [span.name, span.kind]));
    expect(kinds).toEqual({ 'invoke_agent planner': 'agent', 'ai.streamText.doStream': 'llm', 'search docs': 'retriever', 'ai.toolCall': 'tool', GET: 'http' });
    const llm = recorded.find(([, span]) => span.name === 'ai.streamText.doStream')![1];
    expect(llm.attributes['openinference.span.kind']).toBe('LLM');
    expect(llm.attributes['otel.scope.name']).toBe('chat-app');
    expect(llm.sessionId).toBe('page');
  });

  it('emits one start and one end per span, the start already complete', () => {
    recordTurn();
    expect(recorded.map(([type]) => type)).toEqual(['start', 'end', 'start', 'end', 'start', 'end', 'start', 'end', 'start', 'end']);
    const [, start] = recorded.find(([type, span]) => type === 'start' && span.name === 'ai.toolCall')!;
    expect(start.status.code).toBe('error');
    expect(start.events[0].name).toBe('exception');
  });

  it('keeps the tracer bounds: past maxSpans spans are dropped and counted', () => {
    tracer.maxSpans = 2;
    recordTurn();
    expect(recorded.filter(([type]) => type === 'end')).toHaveLength(2);
    expect(tracer.stats.droppedSpans).toBe(3);
  });

  it('reports a span it cannot read and still records the others', () => {
    const exporter = new SpanlensExporter({ tracer });
    const good = { name: 'ok', kind: 0, spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }), startTime: [1, 0], endTime: [2, 0], status: { code: 0 }, attributes: {}, events: [] } as const;
    const bad = { ...good, spanContext: () => ({ traceId: 'nope', spanId: 'x' }) };
    let result: { code: number } | undefined;
    exporter.export([bad, good] as never, (r) => (result = r));
    expect(result!.code).toBe(1);
    expect(recorded.filter(([type]) => type === 'end').map(([, s]) => s.name)).toEqual(['ok']);
    expect(tracer.errors.at(-1)!.where).toBe('SpanlensExporter');
  });

  it('fails exports after shutdown, as the interface expects', async () => {
    const exporter = new SpanlensExporter({ tracer });
    await exporter.forceFlush();
    await exporter.shutdown();
    let code = -1;
    exporter.export([], (r) => (code = r.code));
    expect(code).toBe(1);
  });

  it('reaches the store, through the installed tracer when none is given', async () => {
    const handle = install({ overlay: false, store: 'memory' } as never);
    try {
      const own = new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new SpanlensExporter())] });
      const span = own.getTracer('t').startSpan('chat gpt-4o', { attributes: { 'gen_ai.operation.name': 'chat' } });
      span.end();
      await handle.ready;
      const store = handle.store()!;
      await store.flush();
      const stored = await store.loadSession(handle.tracer.sessionId);
      expect(stored.find((s) => s.spanId === span.spanContext().spanId)?.kind).toBe('llm');
      await own.shutdown();
    } finally {
      handle.uninstall();
    }
  });
});

function expectSame(ours: SpanData | undefined, sdk: ReadableSpan): void {
  expect(ours, sdk.name).toBeDefined();
  const span = ours!;
  expect(span.traceId).toBe(sdk.spanContext().traceId);
  expect(span.spanId).toBe(sdk.spanContext().spanId);
  expect(span.parentSpanId).toBe(sdk.parentSpanContext?.spanId);
  expect(span.name).toBe(sdk.name);
  expect(span.startTime).toBe(hrToMs(sdk.startTime));
  expect(span.endTime).toBe(hrToMs(sdk.endTime));
  expect(span.status.code).toBe(['unset', 'ok', 'error'][sdk.status.code]);
  if (sdk.status.message) expect(span.status.message).toBe(sdk.status.message);
  for (const [key, value] of Object.entries(sdk.attributes)) expect(span.attributes[key], key).toEqual(value);
  expect(span.events.map((e) => [e.name, e.time])).toEqual(sdk.events.map((e) => [e.name, hrToMs(e.time)]));
  sdk.events.forEach((event, i) => expect(span.events[i].attributes).toEqual(event.attributes));
}
