/**
 * Secrets never reach a span; traceparent goes only where it is allowed; other fetches become
 * `http` spans only when asked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { trace } from '../../../src/instrument/api/manual';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { startMockLlmServer, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer } from './helpers';

let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  handle?.uninstall();
  handle = undefined;
  vi.unstubAllGlobals();
});

const SECRETS = {
  authorization: 'Bearer sk-proj-AUTHORIZATIONsecret0001',
  'x-api-key': 'sk-ant-api03-XAPIKEYsecret0002',
  'api-key': 'azure-APIKEYsecret0003',
  'x-goog-api-key': 'AIzaSyGOOGsecret0004abcdefghijklmnopqrs',
  cookie: 'session=COOKIEsecret0005; theme=dark',
};
const QUERY_SECRET = 'QUERYKEYsecret0006';
const PASSWORD = 'URLPASSWORDsecret0007';
const ALL = [...Object.values(SECRETS), 'AUTHORIZATIONsecret0001', 'COOKIEsecret0005', QUERY_SECRET, PASSWORD];

describe('secrets', () => {
  it('no header value, key= parameter or URL password reaches any span event', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer, recordHttp: true });
    const url = `${server.url}/v1/chat/completions?key=${QUERY_SECRET}&api-version=2024-10-21`;
    const response = await fetch(url, {
      method: 'POST',
      headers: SECRETS,
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    // The server got them all, untouched.
    const received = server.requests.at(-1)!;
    expect(received.headers['x-goog-api-key']).toBe(SECRETS['x-goog-api-key']);
    expect(received.path).toContain(QUERY_SECRET);
    // A failing request whose error text holds the URL (undici puts it in the message).
    await fetch(`http://user:${PASSWORD}@127.0.0.1:1/v1/chat/completions?key=${QUERY_SECRET}`, { headers: SECRETS }).catch(() => {});
    // An HTTP error on a non-LLM URL, recorded as an http span.
    await fetch(`${server.url}/other?api_key=${QUERY_SECRET}`, { headers: SECRETS });
    const spans = await rec.waitForEnded(3);
    const everything = JSON.stringify(rec.events) + JSON.stringify(rec.tracer.errors);
    for (const secret of ALL) expect(everything).not.toContain(secret);
    expect(spans.map((s) => s.attributes[sem.URL_FULL]).sort()).toEqual(
      [
        `${server.url}/v1/chat/completions?key=REDACTED&api-version=2024-10-21`,
        'http://127.0.0.1:1/v1/chat/completions?key=REDACTED',
        `${server.url}/other?api_key=REDACTED`,
      ].sort(),
    );
  });

  it('scrubs the request\'s secrets from an error message the server echoes', async () => {
    const rec = recordingTracer();
    const key = 'my-proxy-key-ABCDEF123456';
    // A server that echoes the key in its error message.
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ error: { message: `Invalid key ${key} for project`, type: 'invalid_request_error' } }), { status: 401 }),
    );
    handle = instrumentFetch({ tracer: rec.tracer });
    await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{"model":"gpt-4o"}' });
    const [span] = await rec.waitForEnded();
    expect(span.status.message).toBe('HTTP 401: Invalid key REDACTED for project');
    expect(JSON.stringify(rec.events)).not.toContain(key);
  });
});

describe('traceparent', () => {
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [] });

  it('goes to the page\'s own origin with the llm span\'s ids, never to other origins', async () => {
    vi.stubGlobal('location', { origin: server.url, href: `${server.url}/app/` });
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body });
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(server.requests.at(-1)!.headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);

    // The same request from a page on another origin (another port is another origin): no header.
    vi.stubGlobal('location', { origin: 'http://127.0.0.1:1', href: 'http://127.0.0.1:1/app/' });
    await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body })).text();
    await rec.waitForEnded(2);
    expect(server.requests.at(-1)!.headers.traceparent).toBeUndefined();
  });

  it('goes to an allowed origin, keeps an existing header, and leaves the app\'s headers object alone', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer, traceparentOrigins: [server.url] });
    const headers = new Headers({ 'content-type': 'application/json' });
    await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body, headers })).text();
    expect(server.requests.at(-1)!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
    expect(headers.has('traceparent')).toBe(false);

    const mine = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body, headers: { traceparent: mine } })).text();
    expect(server.requests.at(-1)!.headers.traceparent).toBe(mine);
  });

  it('a non-LLM request inside trace() carries the current span; a Request input keeps its body', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer, traceparentOrigins: [server.url] });
    const request = new Request(`${server.url}/items`, { method: 'POST', body: 'payload', headers: { 'x-app': '1' } });
    await trace('load items', async () => (await fetch(request)).json(), { tracer: rec.tracer });
    const [turn] = await rec.waitForEnded();
    const received = server.requests.at(-1)!;
    expect(received.headers.traceparent).toBe(`00-${turn.traceId}-${turn.spanId}-01`);
    expect(received.headers['x-app']).toBe('1');
    expect(received.body).toBe('payload');
    expect(request.headers.has('traceparent')).toBe(false);
  });

  it('no current span and no span of ours: no header', async () => {
    handle = instrumentFetch({ tracer: recordingTracer().tracer, traceparentOrigins: [server.url] });
    await (await fetch(`${server.url}/items`)).json();
    expect(server.requests.at(-1)!.headers.traceparent).toBeUndefined();
  });
});

describe('http spans', () => {
  it('are off by default and on when asked', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    await (await fetch(`${server.url}/items?page=2`)).json();
    expect(rec.events).toHaveLength(0);
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, recordHttp: true });
    await (await fetch(`${server.url}/items?page=2`)).json();
    const [span] = await rec.waitForEnded();
    expect(span.kind).toBe('http');
    expect(span.name).toBe('GET /items');
    expect(span.attributes[sem.HTTP_REQUEST_METHOD]).toBe('GET');
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(span.attributes[sem.URL_FULL]).toBe(`${server.url}/items?page=2`);
    expect(span.attributes[sem.SERVER_ADDRESS]).toBe('127.0.0.1');
  });
});
