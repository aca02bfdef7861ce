import { describe, expect, it } from 'vitest';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanStatusCode, SpanKind as OtelKind, context, trace as otelTrace } from '@opentelemetry/api';
import { Tracer } from '../../../src/core/tracer';
import type { SpanData } from '../../../src/core/span';
import { snapshotSpan } from '../../../src/core/span';
import { decodeOtlp, encodeOtlp, exportJson, OtlpDecodeError, toNanos } from '../../../src/export/otlp';
import { llm, tool, trace } from '../../../src/instrument/api/manual';

async function sampleSession(): Promise<SpanData[]> {
  const tracer = new Tracer({ sessionId: 'sess-1' });
  const spans: SpanData[] = [];
  tracer.subscribe((type, span) => type === 'end' && spans.push(snapshotSpan(span)));
  await trace('turn', async (turn) => {
    await llm({ model: 'gpt-4o', provider: 'openai', temperature: 1, messages: [{ role: 'user', content: 'hi' }] },
      async (span) => {
        span.addEvent('gen_ai.first_token', { 'gen_ai.response.time_to_first_chunk': 0.25 });
        return { text: 'hello', usage: { inputTokens: 10, outputTokens: 3 }, finishReason: 'stop' };
      }, { tracer, parent: turn });
    await tool('get_weather', { city: 'Oslo' }, async () => { throw new Error('weather down'); }, { tracer, parent: turn, callId: 'call_1' }).catch(() => {});
    turn.setAttributes({ 'app.flags': [true, false], 'app.scores': [1, 2.5], 'spanlens.cost.usd': 2, 'app.count': 7 });
  }, { tracer });
  const open = tracer.startSpan('still streaming', { kind: 'llm' });
  open.addEvent('gen_ai.first_token');
  spans.push(snapshotSpan(open));
  return spans;
}

describe('encodeOtlp', () => {
  it('writes an ExportTraceServiceRequest with hex ids, ns strings, int enums and typed values', async () => {
    const spans = await sampleSession();
    const request = encodeOtlp(spans, { pageUrl: 'http://localhost/chat' });
    expect(request.resourceSpans).toHaveLength(1);
    const rs = request.resourceSpans[0];
    const resource = Object.fromEntries(rs.resource.attributes.map((a) => [a.key, a.value]));
    expect(resource['service.name']).toEqual({ stringValue: 'spanlens' });
    expect(resource['spanlens.session.id']).toEqual({ stringValue: 'sess-1' });
    expect(resource['spanlens.page.url']).toEqual({ stringValue: 'http://localhost/chat' });
    const out = rs.scopeSpans[0].spans;
    const llmSpan = out.find((s) => s.name === 'chat gpt-4o')!;
    expect(llmSpan.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(llmSpan.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(llmSpan.kind).toBe(3);
    expect(llmSpan.startTimeUnixNano).toMatch(/^\d{19}$/);
    const attrs = Object.fromEntries(llmSpan.attributes.map((a) => [a.key, a.value]));
    // Temperature 1 is whole but typed double by the conventions.
    expect(attrs['gen_ai.request.temperature']).toEqual({ doubleValue: 1 });
    expect(attrs['gen_ai.usage.input_tokens']).toEqual({ intValue: '10' });
    expect(attrs['gen_ai.response.finish_reasons']).toEqual({ arrayValue: { values: [{ stringValue: 'stop' }] } });
    expect(attrs['session.id']).toEqual({ stringValue: 'sess-1' });
    const toolSpan = out.find((s) => s.name === 'execute_tool get_weather')!;
    expect(toolSpan.kind).toBe(1);
    expect(toolSpan.status).toEqual({ code: 2, message: 'weather down' });
    const turn = out.find((s) => s.name === 'turn')!;
    const turnAttrs = Object.fromEntries(turn.attributes.map((a) => [a.key, a.value]));
    expect(turnAttrs['spanlens.cost.usd']).toEqual({ doubleValue: 2 });
    expect(turnAttrs['app.scores']).toEqual({ arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: 2.5 }] } });
    const open = out.find((s) => s.name === 'still streaming')!;
    expect(open.attributes.find((a) => a.key === 'spanlens.unfinished')?.value).toEqual({ boolValue: true });
    expect(BigInt(open.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(open.startTimeUnixNano));
  });

  it('converts epoch milliseconds to exact nanosecond strings', () => {
    expect(toNanos(1732503600123.456)).toBe('1732503600123456000');
    expect(toNanos(0)).toBe('0');
  });
});

describe('decodeOtlp', () => {
  it('round-trips: encode then decode gives equal spans, open spans included', async () => {
    const spans = await sampleSession();
    const [session] = decodeOtlp(exportJson(spans));
    expect(session.sessionId).toBe('sess-1');
    expect(session.spans).toEqual(spans);
    expect(session.spans.find((s) => s.name === 'still streaming')!.endTime).toBeUndefined();
  });

  it('keeps sessions apart', async () => {
    const a = await sampleSession();
    const b = (await sampleSession()).map((s) => ({ ...s, sessionId: 'sess-2' }));
    const sessions = decodeOtlp(encodeOtlp([...a, ...b]));
    expect(sessions.map((s) => [s.sessionId, s.spans.length])).toEqual([['sess-1', a.length], ['sess-2', b.length]]);
  });

  it('reads what the OpenTelemetry JS SDK writes', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const otel = provider.getTracer('fixture');
    const parent = otel.startSpan('chat gpt-4o', {
      kind: OtelKind.CLIENT,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 42, 'gen_ai.request.temperature': 0.5 },
    });
    const child = otel.startSpan('execute_tool lookup', { attributes: { 'gen_ai.operation.name': 'execute_tool', tags: ['a', 'b'] } }, otelTrace.setSpan(context.active(), parent));
    child.addEvent('exception', { 'exception.message': 'nope' });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'nope' });
    child.end();
    parent.end();
    const bytes = JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
    const text = new TextDecoder().decode(bytes);
    const [session] = decodeOtlp(text);
    expect(session.spans).toHaveLength(2);
    const chat = session.spans.find((s) => s.name === 'chat gpt-4o')!;
    const exec = session.spans.find((s) => s.name === 'execute_tool lookup')!;
    expect(chat.kind).toBe('llm');
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(42);
    expect(chat.attributes['gen_ai.request.temperature']).toBe(0.5);
    expect(exec.kind).toBe('tool');
    expect(exec.parentSpanId).toBe(chat.spanId);
    expect(exec.traceId).toBe(chat.traceId);
    expect(exec.status).toEqual({ code: 'error', message: 'nope' });
    expect(exec.attributes.tags).toEqual(['a', 'b']);
    expect(exec.events[0].attributes?.['exception.message']).toBe('nope');
    expect(chat.endTime).toBeGreaterThanOrEqual(chat.startTime);
    expect(session.resource['telemetry.sdk.language']).toBe('nodejs');
  });

  it('reads JSON Lines and base64 ids', () => {
    const line = (spanId: string) => JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'AAECAwQFBgcICQoLDA0ODw==', spanId, name: 'x', startTimeUnixNano: '1000000', endTimeUnixNano: 2000000 }] }] }],
    });
    const sessions = decodeOtlp(`${line('AQIDBAUGBwg=')}\n${line('0102030405060709')}\n`);
    const spans = sessions.flatMap((s) => s.spans);
    expect(spans.map((s) => s.spanId)).toEqual(['0102030405060708', '0102030405060709']);
    expect(spans[0].traceId).toBe('000102030405060708090a0b0c0d0e0f');
    expect(spans[0].startTime).toBe(1);
    expect(spans[0].endTime).toBe(2);
  });

  it('rejects bad input with the path of the first bad field and builds nothing', () => {
    const good = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'ok', startTimeUnixNano: '1000', endTimeUnixNano: '2000' };
    const file = (spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans: [good] }, { spans }] }] });
    const cases: Array<[unknown, string]> = [
      ['{not json', 'not valid JSON'],
      ['', 'the file is empty'],
      [[], 'expected an object'],
      [{ foo: 1 }, 'resourceSpans: expected an array'],
      [file([good, { ...good, spanId: 'xyz' }]), 'resourceSpans[0].scopeSpans[1].spans[1].spanId: expected 16 hex chars'],
      [file([{ ...good, traceId: '0'.repeat(32) }]), 'resourceSpans[0].scopeSpans[1].spans[0].traceId: is all zeros'],
      [file([{ ...good, name: 3 }]), 'resourceSpans[0].scopeSpans[1].spans[0].name: expected a string'],
      [file([{ ...good, startTimeUnixNano: '1.5' }]), 'spans[0].startTimeUnixNano: expected nanoseconds'],
      [file([{ ...good, attributes: [{ key: 'a', value: { intValue: 'x' } }] }]), 'spans[0].attributes[0].value.intValue: expected an integer'],
      [file([{ ...good, attributes: [{ key: 'a', value: { weird: 1 } }] }]), 'spans[0].attributes[0].value: unknown value type "weird"'],
      [file([{ ...good, status: { code: 9 } }]), 'spans[0].status.code: expected an integer from 0 to 2'],
      [file([{ ...good, kind: 'SPAN_KIND_NOPE' }]), 'spans[0].kind: expected an integer'],
      [file([{ ...good, startTimeUnixNano: '5000000', endTimeUnixNano: '1000000' }]), 'ends before it starts'],
      [file([{ ...good, events: [{ name: 'e' }] }]), 'spans[0].events[0].timeUnixNano: expected nanoseconds'],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      let result: unknown;
      try {
        result = decodeOtlp(input);
      } catch (e) {
        error = e;
      }
      expect(result, JSON.stringify(input)).toBeUndefined();
      expect(error).toBeInstanceOf(OtlpDecodeError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('turns nested maps and mixed arrays into JSON strings and accepts enum names', () => {
    const [session] = decodeOtlp({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [{
        traceId: 'A'.repeat(32), spanId: 'B'.repeat(16), parentSpanId: '', name: 'x', kind: 'SPAN_KIND_CLIENT',
        startTimeUnixNano: '1000', endTimeUnixNano: '2000', status: { code: 'STATUS_CODE_OK' },
        attributes: [
          { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { intValue: 1 } }] } } },
          { key: 'mixed', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
          { key: 'empty', value: {} },
          { key: 'http.request.method', value: { stringValue: 'GET' } },
        ],
      }] }] }],
    });
    const span = session.spans[0];
    expect(span.traceId).toBe('a'.repeat(32));
    expect(span.parentSpanId).toBeUndefined();
    expect(span.kind).toBe('http');
    expect(span.status).toEqual({ code: 'ok' });
    expect(span.attributes.map).toBe('{"k":1}');
    expect(span.attributes.mixed).toBe('["a",2]');
    expect(span.attributes).not.toHaveProperty('empty');
  });
});
