/**
 * The hand-written protobuf encoder against the official definitions: protobufjs with the
 * vendored opentelemetry-proto files decodes its output back to the very same spans.
 */
import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { protobufToOtlpJson, traceRequestType } from '../../../src/collector/protobuf';
import { decodeOtlp } from '../../../src/export/otlp-decode';
import { encodeOtlp } from '../../../src/export/otlp-encode';
import { encodeOtlpProtobuf } from '../../../src/export/otlp-protobuf';

function span(overrides: Partial<SpanData>): SpanData {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    name: 'chat gpt-4o',
    kind: 'llm',
    startTime: 1733600000123.456,
    endTime: 1733600001000.001,
    status: { code: 'unset' },
    attributes: {},
    events: [],
    sessionId: 'sess-1',
    ...overrides,
  };
}

describe('encodeOtlpProtobuf', () => {
  it('round-trips every field and value type through the official definitions', () => {
    const spans: SpanData[] = [
      span({
        attributes: {
          'openinference.span.kind': 'LLM',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 42,
          'app.negative': -7,
          'app.big': 2 ** 53 - 1,
          'gen_ai.request.temperature': 1,
          'app.ratio': 0.125,
          'app.flag': false,
          'app.empty': '',
          'app.unicode': 'h\u00e9llo \u{1F600}',
          'app.strings': ['a', ''],
          'app.numbers': [1, 2.5],
          'app.ints': [1, -2],
          'app.bools': [true, false],
          'app.none': [] as string[],
        },
        events: [{ name: 'gen_ai.first_token', time: 1733600000500.25, attributes: { 'gen_ai.response.time_to_first_chunk': 0.25 } }, { name: 'plain', time: 1733600000600 }],
        status: { code: 'ok' },
      }),
      span({ spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'execute_tool lookup', kind: 'tool', attributes: { 'openinference.span.kind': 'TOOL' }, status: { code: 'error', message: 'lookup failed' } }),
      span({ spanId: 'c7ad6b7169203332', parentSpanId: '00f067aa0ba902b7', name: 'still open', kind: 'chain' }),
    ];
    delete spans[2].endTime;
    const bytes = encodeOtlpProtobuf(encodeOtlp(spans, { pageUrl: 'http://localhost/chat' }));
    const type = traceRequestType();
    expect(type.verify(type.decode(bytes))).toBeNull();
    const [session] = decodeOtlp(protobufToOtlpJson(bytes));
    expect(session.sessionId).toBe('sess-1');
    expect(session.resource['spanlens.page.url']).toBe('http://localhost/chat');
    expect(session.spans).toEqual(spans);
  });

  it('writes what the JSON form says, byte for byte the same as protobufjs would', () => {
    const request = encodeOtlp([span({ attributes: { 'app.n': 3 }, events: [{ name: 'e', time: 1733600000500 }] })]);
    const type = traceRequestType();
    const ours = encodeOtlpProtobuf(request);
    const theirs = type.encode(type.fromObject(protobufToOtlpJson(ours) as Record<string, unknown>)).finish();
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
  });
});
