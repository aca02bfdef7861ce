/**
 * The wrapper reads the app's fetch arguments as the native fetch does: init members through the
 * prototype chain, a Request passed as init, each member and `toString()` read once, a Request's
 * stream body left alone; and it looks like the native fetch (a method: no `prototype`, not a
 * constructor, named `fetch`). The server-side tests compare with what the native fetch sends.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { startMockLlmServer, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer } from './helpers';

const realFetch = globalThis.fetch;
let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  handle?.uninstall();
  handle = undefined;
  globalThis.fetch = realFetch;
});

const chatBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

/** The page's own origin is the mock server's, so its LLM calls get a traceparent (a new init). */
function installSameOrigin() {
  const rec = recordingTracer();
  (globalThis as { location?: unknown }).location = { href: `${server.url}/app/`, origin: server.url };
  handle = instrumentFetch({ tracer: rec.tracer });
  return rec;
}
afterEach(() => {
  delete (globalThis as { location?: unknown }).location;
});

/** What the server received for `send()`, natively and through the wrapper. */
async function nativeAndWrapped(send: () => Promise<Response>) {
  await (await send()).text();
  const native = server.requests.at(-1)!;
  const rec = installSameOrigin();
  await (await send()).text();
  const wrapped = server.requests.at(-1)!;
  return { native, wrapped, rec };
}

describe('init members are read through the prototype chain', () => {
  it('an init made with Object.create(defaults) sends the inherited method and body', async () => {
    const { native, wrapped, rec } = await nativeAndWrapped(() => fetch(`${server.url}/v1/chat/completions`, Object.create({ method: 'POST', body: chatBody })));
    expect(native.method).toBe('POST');
    expect(wrapped.method).toBe('POST');
    expect(wrapped.body).toBe(native.body);
    expect(wrapped.headers.traceparent).toMatch(/^00-/);
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o');
  });

  it('an init of a class with getters sends its method, headers and body', async () => {
    class Options {
      get method() {
        return 'POST';
      }
      get body() {
        return chatBody;
      }
      get headers() {
        return { 'x-app': 'yes' };
      }
    }
    const { native, wrapped } = await nativeAndWrapped(() => fetch(`${server.url}/v1/chat/completions`, new Options() as RequestInit));
    expect(native.method).toBe('POST');
    expect([wrapped.method, wrapped.body, wrapped.headers['x-app']]).toEqual([native.method, native.body, 'yes']);
  });

  it('a Request passed as init is read as the native fetch reads it (method, headers, body)', async () => {
    const send = () => {
      const request = new Request(`${server.url}/other`, { method: 'POST', body: chatBody, headers: { 'x-app': 'req' } });
      return fetch(`${server.url}/v1/chat/completions`, request as unknown as RequestInit);
    };
    const { native, wrapped, rec } = await nativeAndWrapped(send);
    expect(native.method).toBe('POST');
    expect(native.body).toBe(chatBody);
    expect([wrapped.method, wrapped.body, wrapped.headers['x-app']]).toEqual(['POST', chatBody, 'req']);
    const [span] = await rec.waitForEnded();
    // Its body is a stream, which is never read.
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toMatch(/stream/);
  });
});

describe('each argument is read once', () => {
  /** An init whose every member counts its reads. */
  function countingInit(members: Record<string, unknown>) {
    const reads: Record<string, number> = {};
    const init = {};
    for (const [name, value] of Object.entries(members)) {
      reads[name] = 0;
      Object.defineProperty(init, name, {
        enumerable: true,
        get() {
          reads[name]++;
          return value;
        },
      });
    }
    return { init: init as RequestInit, reads };
  }

  /** A URL whose toString() counts its calls (how fetch turns a URL object into a string). */
  function countingUrl(href: string) {
    const url = { calls: 0, toString: () => href };
    url.toString = () => {
      url.calls++;
      return href;
    };
    return url;
  }

  it.each([
    ['an LLM call that gets a traceparent', '/v1/chat/completions'],
    ['a request that is not recorded', '/echo'],
  ])('%s: init members and the URL once', async (_name, path) => {
    const rec = installSameOrigin();
    const { init, reads } = countingInit({ method: 'POST', body: chatBody, headers: { 'x-a': '1' }, signal: new AbortController().signal });
    const url = countingUrl(`${server.url}${path}`);
    await (await fetch(url as unknown as string, init)).text();
    expect(reads).toEqual({ method: 1, body: 1, headers: 1, signal: 1 });
    expect(url.calls).toBe(1);
    expect(server.requests.at(-1)!.body).toBe(chatBody);
    if (path !== '/echo') await rec.waitForEnded();
  });

  it('a getter that throws rejects the fetch with that very error, read once', async () => {
    installSameOrigin();
    const failure = new Error('app getter');
    let reads = 0;
    const init = {
      get method(): string {
        reads++;
        throw failure;
      },
    };
    await expect(fetch(`${server.url}/v1/chat/completions`, init)).rejects.toBe(failure);
    expect(reads).toBe(1);
  });
});

describe('looks like the native fetch', () => {
  it('is a method named fetch: no prototype, not a constructor, same length', () => {
    handle = instrumentFetch({ tracer: recordingTracer().tracer });
    const wrapped = globalThis.fetch as unknown as new (url: string) => unknown;
    expect(globalThis.fetch).not.toBe(realFetch);
    expect(globalThis.fetch.name).toBe('fetch');
    expect(Object.hasOwn(globalThis.fetch, 'prototype')).toBe(false);
    expect(() => new wrapped('https://api.openai.com/v1/chat/completions')).toThrow(TypeError);
    expect(globalThis.fetch.length).toBe(realFetch.length);
  });
});

describe('a Request whose body is a stream', () => {
  it('is not cloned: the stream is pulled only as the native fetch pulls it', async () => {
    let pulls = 0;
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 65) controller.close();
        else controller.enqueue(chunk);
      },
    });
    // The network below the wrapper: holds the request without reading its body.
    let received: Request | undefined;
    globalThis.fetch = (async (input: Request) => {
      received = input;
      return new Response(JSON.stringify({ object: 'chat.completion', model: 'gpt-4o', choices: [] }), { headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const request = new Request('https://api.openai.com/v1/chat/completions', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await fetch(request);
    const [span] = await rec.waitForEnded();
    expect(received).toBe(request);
    expect(request.bodyUsed).toBe(false);
    // A stream pulls once on its own to fill its queue; a tee read to the end pulls all 65.
    expect(pulls).toBeLessThanOrEqual(2);
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toMatch(/request body is a stream/);
  });
});
