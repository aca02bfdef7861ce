// @vitest-environment happy-dom
/**
 * The forwarder against a local OTLP receiver that decodes both encodings with the official
 * definitions: every field arrives, retries on 429/5xx, bounded queue with counted drops, a
 * keepalive flush on pagehide, the unwrapped fetch, and a down endpoint leaving the local trace whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { decodeOtlp } from '../../../src/export/otlp-decode';
import { startForwarder, type ForwarderOptions } from '../../../src/export/forwarder';
import { getOriginalFetch, instrumentFetch } from '../../../src/instrument/fetch/instrument-fetch';
import { llm, tool, trace } from '../../../src/instrument/api/manual';
// install() as npm users get it: the forwarder's code arrives by a dynamic import() when configured.
import { install } from '../../../src/index';
import { startReceiver, type Receiver } from './otlp-receiver';

// The page's own fetch (happy-dom's, which does CORS preflights as a browser does).
const nodeFetch = globalThis.fetch;
let receiver: Receiver;
let tracer: Tracer;
let ended: SpanData[];

beforeEach(async () => {
  receiver = await startReceiver();
  tracer = new Tracer({ sessionId: 'sess-fwd' });
  ended = [];
  tracer.subscribe((type, span) => type === 'end' && ended.push(snapshotSpan(span)));
});
afterEach(() => receiver.close());

function options(overrides: Partial<ForwarderOptions> = {}): ForwarderOptions {
  return { endpoint: receiver.url, tracer, fetch: () => nodeFetch, delayMs: 5, backoffMs: 1, maxBackoffMs: 5, pageUrl: 'http://localhost/chat', ...overrides };
}

/** A turn with an LLM call (events, usage), a failing tool and an open span. */
async function recordTurn(): Promise<void> {
  await trace(
    'turn',
    async (turn) => {
      await llm(
        { model: 'gpt-4o', provider: 'openai', temperature: 0.5, messages: [{ role: 'user', content: 'h\u00e9llo \u{1F600}' }] },
        async (span) => {
          span.addEvent('gen_ai.first_token', { 'gen_ai.response.time_to_first_chunk': 0.25 });
          return { text: 'hello', usage: { inputTokens: 10, outputTokens: 3 }, finishReason: 'stop' };
        },
        { tracer, parent: turn },
      );
      await tool('lookup', { q: 'x' }, async () => { throw new Error('lookup failed'); }, { tracer, parent: turn }).catch(() => {});
      turn.setAttributes({ 'app.flags': [true, false], 'app.scores': [1, 2.5], 'app.count': 7 });
    },
    { tracer },
  );
}

/** Spans the receiver got, decoded back into ours. */
function receivedSpans(): SpanData[] {
  return receiver.requests.flatMap((r) => decodeOtlp(r.body).flatMap((s) => s.spans));
}

describe('forwarder: every field arrives', () => {
  for (const protocol of ['json', 'protobuf'] as const) {
    it(`in ${protocol}, with headers, resource and every span field`, async () => {
      const forwarder = await startForwarder(options({ protocol, headers: { 'x-langfuse-ingestion-version': '4', authorization: 'Basic abc' } }));
      await recordTurn();
      await forwarder.flush();
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request.encoding).toBe(protocol);
      expect(request.headers['content-type']).toBe(protocol === 'json' ? 'application/json' : 'application/x-protobuf');
      expect(request.headers['x-langfuse-ingestion-version']).toBe('4');
      expect(request.headers.authorization).toBe('Basic abc');
      expect(request.headers.traceparent).toBeUndefined();
      const [session] = decodeOtlp(request.body);
      expect(session.sessionId).toBe('sess-fwd');
      expect(session.resource['spanlens.page.url']).toBe('http://localhost/chat');
      expect(session.resource['service.name']).toBe('spanlens');
      const byId = (spans: SpanData[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
      expect(byId(session.spans)).toEqual(byId(ended));
      expect(forwarder.state).toMatchObject({ status: 'idle', sent: 3, queued: 0, dropped: 0, failed: 0 });
      forwarder.stop();
    });
  }

  it('leaves server spans (from the collector) to the server', async () => {
    const forwarder = await startForwarder(options());
    tracer.startSpan('page step').end();
    tracer.startSpan('server step', { attributes: { 'spanlens.source': 'server' } }).end();
    await forwarder.flush();
    expect(receivedSpans().map((s) => s.name)).toEqual(['page step']);
    forwarder.stop();
  });

  it('splits into batches by count', async () => {
    const forwarder = await startForwarder(options({ maxBatchSpans: 2 }));
    await recordTurn();
    await forwarder.flush();
    expect(receiver.requests.map((r) => decodeOtlp(r.body)[0].spans.length)).toEqual([2, 1]);
    forwarder.stop();
  });
});

describe('forwarder: failures', () => {
  it('retries a 429 (Retry-After honoured) and a 503, then delivers', async () => {
    receiver.script.push({ status: 429, headers: { 'retry-after': '0' } }, 503);
    const forwarder = await startForwarder(options());
    await recordTurn();
    await forwarder.flush();
    expect(receiver.requests).toHaveLength(3);
    expect(receivedSpans().slice(-3).map((s) => s.spanId).sort()).toEqual(ended.map((s) => s.spanId).sort());
    expect(forwarder.state).toMatchObject({ retries: 2, sent: 3, failed: 0, status: 'idle' });
    forwarder.stop();
  });

  it('gives up after maxAttempts and says so once', async () => {
    receiver.script.push(500, 500, 500, 500);
    const problems: string[] = [];
    const forwarder = await startForwarder(options({ maxAttempts: 3, onProblem: (m) => problems.push(m) }));
    await recordTurn();
    await forwarder.flush();
    expect(receiver.requests).toHaveLength(3);
    expect(forwarder.state).toMatchObject({ status: 'failing', failed: 3, sent: 0, lastError: '500 Internal Server Error' });
    expect(problems).toEqual([`forwarding to ${receiver.url} failed: 500 Internal Server Error (gave up after 3 attempts)`]);
    forwarder.stop();
  });

  it('does not retry a 415, and hints at protobuf', async () => {
    receiver.script.push(415);
    const problems: string[] = [];
    const forwarder = await startForwarder(options({ onProblem: (m) => problems.push(m) }));
    await recordTurn();
    await forwarder.flush();
    expect(receiver.requests).toHaveLength(1);
    expect(problems[0]).toMatch(/415 Unsupported Media Type \(this endpoint may want protobuf/);
    forwarder.stop();
  });

  it('splits a batch the endpoint finds too large (413)', async () => {
    receiver.script.push(413);
    const forwarder = await startForwarder(options());
    await recordTurn();
    await forwarder.flush();
    expect(receiver.requests.map((r) => decodeOtlp(r.body)[0].spans.length)).toEqual([3, 2, 1]);
    expect(forwarder.state).toMatchObject({ sent: 3, failed: 0 });
    forwarder.stop();
  });

  it('bounds its queue and counts the drops', async () => {
    const forwarder = await startForwarder(options({ maxQueue: 2, delayMs: 60_000 }));
    await recordTurn();
    expect(forwarder.state).toMatchObject({ queued: 2, dropped: 1 });
    await forwarder.flush();
    expect(receivedSpans()).toHaveLength(2);
    forwarder.stop();
  });

  it('sends what is queued on pagehide with keepalive', async () => {
    const calls: RequestInit[] = [];
    const recordingFetch: typeof fetch = (input, init) => (calls.push(init!), nodeFetch(input, init));
    const forwarder = await startForwarder(options({ delayMs: 60_000, fetch: () => recordingFetch }));
    await recordTurn();
    window.dispatchEvent(new Event('pagehide'));
    await expect.poll(() => forwarder.state.sent).toBe(3);
    expect(calls.map((c) => c.keepalive)).toEqual([true]);
    expect(forwarder.state.queued).toBe(0);
    forwarder.stop();
  });
});

describe('forwarder: on the page', () => {
  it('uses the unwrapped fetch: no span for its requests, no traceparent', async () => {
    const origin = new URL(receiver.url).origin;
    const instrumentation = instrumentFetch({ tracer, traceparentOrigins: [origin], recordHttp: true });
    try {
      // The control: a request of the app's own to that origin is traced and gets a traceparent.
      await globalThis.fetch(receiver.url, { method: 'POST', body: '{"resourceSpans":[]}', headers: { 'content-type': 'application/json' } });
      expect(receiver.requests[0].headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(ended.filter((s) => s.kind === 'http')).toHaveLength(1);
      const forwarder = await startForwarder(options({ fetch: getOriginalFetch }));
      await recordTurn();
      await forwarder.flush();
      expect(receiver.requests).toHaveLength(2);
      expect(receiver.requests[1].headers.traceparent).toBeUndefined();
      expect(ended.filter((s) => s.kind === 'http')).toHaveLength(1);
      forwarder.stop();
    } finally {
      instrumentation.uninstall();
    }
  });

  it('a down endpoint leaves the local trace complete and shows as failing', async () => {
    await receiver.close();
    const handle = install({ overlay: false, otlpEndpoint: receiver.url, otlpProtocol: 'protobuf' });
    try {
      await handle.ready;
      await expect.poll(() => handle.forwarder()).toBeDefined();
      const local = handle.tracer;
      await trace('offline turn', async () => {}, { tracer: local });
      const store = handle.store()!;
      await store.flush();
      expect((await store.loadSession(local.sessionId)).map((s) => s.name)).toEqual(['offline turn']);
      expect(handle.forwarder()).toMatchObject({ endpoint: receiver.url, protocol: 'protobuf', sent: 0 });
      await expect.poll(() => handle.forwarder()!.lastError, { timeout: 10_000 }).toMatch(/^network error or blocked by CORS/);
    } finally {
      handle.uninstall();
    }
  });
});
