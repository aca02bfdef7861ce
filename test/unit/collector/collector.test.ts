/**
 * The collector against the real OpenTelemetry Node SDK exporters (JSON and protobuf + gzip),
 * the stream a page reads, and every kind of bad input.
 */
import { gzipSync } from 'node:zlib';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { startCollector, type RunningCollector } from '../../../src/collector/server';
import { traceRequestType } from '../../../src/collector/protobuf';
import { exportFixtureTrace, expectSameSpan } from './otel-fixture';

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ port: 0, allowOrigins: ['https://app.example'], maxBodyBytes: 64 * 1024 });
});
afterAll(() => running.close());

const post = (body: BodyInit, headers: Record<string, string>) => fetch(`${running.url}/v1/traces`, { method: 'POST', body, headers });

function spansOf(traceId: string): Map<string, SpanData> {
  return new Map(running.collector.window.trace(traceId).map((s) => [s.span.name, s.span]));
}

describe('collector: real OpenTelemetry exporters', () => {
  it('receives OTLP/JSON from exporter-trace-otlp-http with every field intact', async () => {
    const sdkSpans = await exportFixtureTrace(new JsonExporter({ url: `${running.url}/v1/traces` }));
    const received = spansOf(sdkSpans[0].spanContext().traceId);
    expect(received.size).toBe(3);
    for (const sdk of sdkSpans) expectSameSpan(received.get(sdk.name), sdk);
    expect(received.get('chat gpt-4o')!.kind).toBe('llm');
    expect(received.get('ai.toolCall')!.kind).toBe('tool');
    expect(received.get('ai.toolCall')!.events[0].attributes?.['exception.message']).toBe('lookup failed');
    expect(received.get('POST /api/chat')!.attributes['spanlens.source']).toBe('server');
    expect(received.get('POST /api/chat')!.attributes['service.name']).toBe('chat-backend');
  });

  it('receives gzip protobuf from exporter-trace-otlp-proto with every field intact', async () => {
    const exporter = new ProtoExporter({ url: `${running.url}/v1/traces`, compression: CompressionAlgorithm.GZIP });
    const sdkSpans = await exportFixtureTrace(exporter);
    const received = spansOf(sdkSpans[0].spanContext().traceId);
    expect(received.size).toBe(3);
    for (const sdk of sdkSpans) expectSameSpan(received.get(sdk.name), sdk);
    expect(received.get('chat gpt-4o')!.attributes['app.unicode']).toBe('h\u00e9llo \u{1F600}');
  });
});

describe('collector: the stream', () => {
  it('sends a page the spans of its own traces only, those already there and those to come', async () => {
    const exporter = new JsonExporter({ url: `${running.url}/v1/traces` });
    const mine = (await exportFixtureTrace(exporter))[0].spanContext().traceId;
    const response = await fetch(`${running.url}/v1/spans/stream?traceIds=${mine}`, { headers: { origin: 'http://localhost:5173' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const events = readEvents(response.body!);
    const ready = await events.next();
    const stream = JSON.parse(ready.value!.data).stream as string;
    const replayed = JSON.parse((await events.next()).value!.data) as SpanData[];
    expect(replayed.map((s) => s.traceId)).toEqual([mine, mine, mine]);
    // Another trace arrives unasked (another tab), then one the page watches from now on.
    await exportFixtureTrace(new JsonExporter({ url: `${running.url}/v1/traces` }));
    const later = await exportFixtureTrace(new JsonExporter({ url: `${running.url}/v1/traces` }));
    const laterId = later[0].spanContext().traceId;
    const watch = await fetch(`${running.url}/v1/spans/stream/${stream}`, { method: 'POST', body: JSON.stringify({ traceIds: [laterId] }) });
    expect(watch.status).toBe(200);
    const next = JSON.parse((await events.next()).value!.data) as SpanData[];
    expect(new Set(next.map((s) => s.traceId))).toEqual(new Set([laterId]));
    await events.return(undefined);
  });

  it('gives a disallowed origin no stream, no CORS headers and no write', async () => {
    const evil = { origin: 'https://evil.example' };
    const stream = await fetch(`${running.url}/v1/spans/stream?traceIds=${'a'.repeat(32)}`, { headers: evil });
    expect(stream.status).toBe(403);
    expect(stream.headers.get('access-control-allow-origin')).toBeNull();
    const before = running.collector.stats().received;
    const write = await post(JSON.stringify({ resourceSpans: [] }), { ...evil, 'content-type': 'application/json' });
    expect(write.status).toBe(403);
    expect(running.collector.stats().received).toBe(before);
    const allowed = await fetch(`${running.url}/v1/status`, { headers: { origin: 'https://app.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it('answers a watch for an unknown stream with 404', async () => {
    const response = await fetch(`${running.url}/v1/spans/stream/${'0'.repeat(32)}`, { method: 'POST', body: '{"traceIds":[]}' });
    expect(response.status).toBe(404);
  });
});

describe('collector: bad input', () => {
  const reason = async (response: Response) => ((await response.json()) as { message: string }).message;

  it('400 with the reason for malformed JSON, never fatal', async () => {
    const response = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(await reason(response)).toMatch(/^not valid JSON/);
  });

  it('400 naming the bad field for JSON that is not OTLP', async () => {
    const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: '00f067aa0ba902b7', name: 'a', startTimeUnixNano: '1' }] }] }] };
    const response = await post(JSON.stringify(bad), { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(await reason(response)).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex chars');
  });

  it('400 for malformed protobuf and for valid protobuf with a bad id', async () => {
    const garbage = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect(await reason(garbage)).toMatch(/^not a valid ExportTraceServiceRequest/);
    const type = traceRequestType();
    const shortId = type.encode(
      type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(3, 1), spanId: Buffer.alloc(8, 1), name: 'x' }] }] }] }),
    ).finish();
    const badId = await post(new Uint8Array(shortId), { 'content-type': 'application/x-protobuf' });
    expect(badId.status).toBe(400);
    expect(await reason(badId)).toBe('resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex chars');
  });

  it('400 for a body that claims gzip and is not', async () => {
    const response = await post('plain', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    expect(await reason(response)).toMatch(/not valid gzip/);
  });

  it('413 for an oversized body, also when it only grows past the bound after gunzip', async () => {
    const big = JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(100 * 1024) });
    expect((await post(big, { 'content-type': 'application/json' })).status).toBe(413);
    const bomb = gzipSync(big);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('415 for an unknown content type; 405 for an unknown method', async () => {
    expect((await post('x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${running.url}/v1/traces`)).status).toBe(405);
  });

  it('keeps __proto__ attribute keys as data', async () => {
    const traceId = '5b8efff798038103d269b633813fc60c';
    const request = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: 'eee19b7ec3c1b174', name: 'p', startTimeUnixNano: '1000', endTimeUnixNano: '2000', attributes: [{ key: '__proto__', value: { stringValue: 'x' } }] }] }] }],
    };
    expect((await post(JSON.stringify(request), { 'content-type': 'application/json' })).status).toBe(200);
    const [stored] = running.collector.window.trace(traceId);
    expect(Object.getPrototypeOf(stored.span.attributes)).toBe(Object.prototype);
    expect(Object.keys(stored.span.attributes)).toContain('__proto__');
  });

  it('is still up after all of the above', async () => {
    expect((await fetch(`${running.url}/v1/status`)).status).toBe(200);
  });
});

/** The events of an SSE response body, parsed. */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) yield { event, data };
      }
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
}
