import { describe, expect, it } from 'vitest';
import { decodeJaeger, isJaegerJson, JaegerDecodeError } from '../../../src/export/jaeger-decode';
import { decodeTraceFile } from '../../../src/export/import';
import { exportJson } from '../../../src/export/otlp';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A download as Jaeger's UI writes it for a trace recorded by an OTel SDK (OTLP → Jaeger model). */
function download() {
  return {
    data: [
      {
        traceID: TRACE,
        spans: [
          {
            traceID: TRACE,
            spanID: '00f067aa0ba902b7',
            flags: 1,
            operationName: 'POST /api/chat',
            references: [],
            startTime: 1733600000000000,
            duration: 2500000,
            tags: [
              { key: 'span.kind', type: 'string', value: 'server' },
              { key: 'http.request.method', type: 'string', value: 'POST' },
              { key: 'otel.status_code', type: 'string', value: 'OK' },
            ],
            logs: [],
            processID: 'p1',
            warnings: null,
          },
          {
            traceID: TRACE,
            spanID: 'b7ad6b7169203331',
            flags: 1,
            operationName: 'ai.streamText.doStream',
            references: [{ refType: 'CHILD_OF', traceID: TRACE, spanID: '00f067aa0ba902b7' }],
            startTime: 1733600000100250,
            duration: 1200125,
            tags: [
              { key: 'span.kind', type: 'string', value: 'client' },
              { key: 'gen_ai.request.model', type: 'string', value: 'gpt-4o' },
              { key: 'gen_ai.usage.input_tokens', type: 'int64', value: 42 },
              { key: 'gen_ai.request.temperature', type: 'float64', value: 0.5 },
              { key: 'gen_ai.request.stream', type: 'bool', value: true },
              { key: 'app.blob', type: 'binary', value: 'AAEC' },
              { key: 'otel.status_code', type: 'string', value: 'ERROR' },
              { key: 'otel.status_description', type: 'string', value: 'rate limited' },
              { key: 'error', type: 'bool', value: true },
            ],
            logs: [
              {
                timestamp: 1733600000300000,
                fields: [
                  { key: 'event', type: 'string', value: 'gen_ai.first_token' },
                  { key: 'gen_ai.response.time_to_first_chunk', type: 'float64', value: 0.2 },
                ],
              },
            ],
            processID: 'p1',
            warnings: null,
          },
          {
            traceID: TRACE,
            spanID: '0000000000000abc',
            operationName: 'ai.toolCall',
            references: [
              { refType: 'CHILD_OF', traceID: 'ffffffffffffffffffffffffffffffff', spanID: '1111111111111111' },
              { refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: 'b7ad6b7169203331' },
            ],
            startTime: 1733600001400000,
            duration: 5000,
            tags: [{ key: 'ai.toolCall.name', type: 'string', value: 'lookup' }],
            logs: [{ timestamp: 1733600001401000, fields: [{ key: 'message', type: 'string', value: 'no name field' }] }],
            processID: 'p2',
            warnings: ['clock skew adjusted'],
          },
        ],
        processes: {
          p1: { serviceName: 'chat-backend', tags: [{ key: 'host.name', type: 'string', value: 'box' }] },
          p2: { serviceName: 'tools', tags: [] },
        },
        warnings: null,
      },
    ],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
}

describe('decodeJaeger', () => {
  it('maps ids, µs times, references, typed tags, status, kind and logs', () => {
    const [session] = decodeJaeger(download());
    const [route, llm, tool] = session.spans;
    expect(route).toMatchObject({ traceId: TRACE, spanId: '00f067aa0ba902b7', name: 'POST /api/chat', kind: 'chain', status: { code: 'ok' } });
    expect(route.startTime).toBe(1733600000000);
    expect(route.endTime).toBe(1733600002500);
    expect(route.parentSpanId).toBeUndefined();
    expect(route.attributes).toEqual({ 'http.request.method': 'POST' });

    expect(llm.parentSpanId).toBe('00f067aa0ba902b7');
    expect(llm.kind).toBe('llm');
    expect(llm.startTime).toBe(1733600000100.25);
    expect(llm.endTime).toBe(1733600001300.375);
    expect(llm.status).toEqual({ code: 'error', message: 'rate limited' });
    expect(llm.attributes).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 42,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.stream': true,
      'app.blob': 'AAEC',
    });
    expect(llm.events).toEqual([{ name: 'gen_ai.first_token', time: 1733600000300, attributes: { 'gen_ai.response.time_to_first_chunk': 0.2 } }]);

    // A reference to another trace is not a parent; FOLLOWS_FROM is the fallback.
    expect(tool.parentSpanId).toBe('b7ad6b7169203331');
    expect(tool.kind).toBe('tool');
    expect(tool.events).toEqual([{ name: 'log', time: 1733600001401, attributes: { message: 'no name field' } }]);
  });

  it('pads 64-bit Jaeger trace ids and short span ids', () => {
    const file = download();
    for (const span of file.data[0].spans) span.traceID = 'a3ce929d0e0e4736';
    file.data[0].spans[1].references[0].traceID = 'a3ce929d0e0e4736';
    const [session] = decodeJaeger(file);
    expect(session.spans[0].traceId).toBe('0000000000000000a3ce929d0e0e4736');
    expect(session.spans[1].parentSpanId).toBe('00f067aa0ba902b7');
    expect(session.spans[2].spanId).toBe('0000000000000abc');
  });

  it('keeps the process as the resource, and spanlens sessions apart', () => {
    const file = download();
    file.data[0].processes.p1.tags.push({ key: 'spanlens.session.id', type: 'string', value: 'sess-9' });
    const sessions = decodeJaeger(file);
    expect(sessions.map((s) => s.sessionId)).toEqual(['sess-9', 'imported-data[0]']);
    expect(sessions[0].resource).toEqual({ 'host.name': 'box', 'spanlens.session.id': 'sess-9', 'service.name': 'chat-backend' });
    expect(sessions[0].spans.every((s) => s.sessionId === 'sess-9')).toBe(true);
    expect(sessions[1].resource['service.name']).toBe('tools');
  });

  it('reads a bare trace object and an array of traces too', () => {
    const trace = download().data[0];
    expect(decodeJaeger(trace)[0].spans).toHaveLength(3);
    expect(decodeJaeger([trace, trace]).flatMap((s) => s.spans)).toHaveLength(6);
  });
});

describe('decodeJaeger: hostile and broken input', () => {
  const failure = (mutate: (file: ReturnType<typeof download>) => void) => {
    const file = download();
    mutate(file);
    try {
      decodeJaeger(file);
    } catch (error) {
      expect(error).toBeInstanceOf(JaegerDecodeError);
      return (error as Error).message;
    }
    throw new Error('expected a JaegerDecodeError');
  };

  it('names the path of the first bad field', () => {
    expect(failure((f) => (f.data[0].spans[1].spanID = 'xyz'))).toBe('data[0].spans[1].spanID: expected 16 hex chars');
    expect(failure((f) => (f.data[0].spans[0].traceID = '0'))).toBe('data[0].spans[0].traceID: is all zeros, which is not a valid id');
    expect(failure((f) => (f.data[0].spans[1].startTime = -5))).toBe('data[0].spans[1].startTime: expected whole microseconds');
    expect(failure((f) => ((f.data[0].spans[1].tags[3] as { value: unknown }).value = 'hot')))
      .toBe('data[0].spans[1].tags[3].value: expected a number for type "float64"');
    expect(failure((f) => ((f.data[0].spans[1].tags[2] as { value: unknown }).value = 1.5))).toBe('data[0].spans[1].tags[2].value: expected an integer for type "int64"');
    expect(failure((f) => (f.data[0].spans[2].processID = 'p9'))).toBe('data[0].spans[2].processID: no process "p9" in processes');
    expect(failure((f) => ((f.data[0] as { spans: unknown }).spans = 'none'))).toBe('data[0].spans: expected an array');
    expect(failure((f) => ((f.data[0].spans[0] as { operationName: unknown }).operationName = 7))).toBe('data[0].spans[0].operationName: expected a string');
  });

  it('keeps __proto__ keys as data, in tags and process ids', () => {
    const file = download();
    file.data[0].spans[0].tags.push({ key: '__proto__', type: 'string', value: 'x' });
    const processes = file.data[0].processes as Record<string, unknown>;
    processes['constructor'] = { serviceName: 'odd' };
    file.data[0].spans[2].processID = 'constructor';
    const [session] = decodeJaeger(file);
    const attributes = session.spans[0].attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toContain('__proto__');
    expect(session.spans[2].name).toBe('ai.toolCall');
    expect(({} as Record<string, unknown>).serviceName).toBeUndefined();
  });

  it('refuses non-Jaeger shapes with one clear message', () => {
    expect(() => decodeJaeger({ hello: 1 })).toThrow('expected {"data": [traces]} (a Jaeger JSON download)');
    expect(() => decodeJaeger(null)).toThrow(JaegerDecodeError);
  });
});

describe('decodeTraceFile', () => {
  it('tells Jaeger JSON from OTLP/JSON and JSON Lines by content', () => {
    expect(decodeTraceFile(JSON.stringify(download())).format).toBe('jaeger');
    const span = { traceId: TRACE, spanId: '00f067aa0ba902b7', name: 'a', kind: 'chain' as const, startTime: 1, endTime: 2, status: { code: 'unset' as const }, attributes: {}, events: [], sessionId: 's' };
    const otlp = exportJson([span]);
    expect(decodeTraceFile(otlp)).toMatchObject({ format: 'otlp', sessions: [{ sessionId: 's' }] });
    const second = exportJson([{ ...span, spanId: '00f067aa0ba902b8' }]);
    expect(decodeTraceFile(`${otlp}\n${second}`).sessions[0].spans).toHaveLength(2);
    expect(isJaegerJson(JSON.parse(otlp))).toBe(false);
    expect(isJaegerJson({ data: [] })).toBe(true);
    expect(() => decodeTraceFile('{"data": [{"spans": [7]}]}')).toThrow('data[0].spans[0]: expected an object');
    expect(() => decodeTraceFile('not json')).toThrow(/not valid JSON/);
  });
});
