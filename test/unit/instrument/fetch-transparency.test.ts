/**
 * The wrapper is invisible to the app: same arguments to the native fetch, same Response object
 * for JSON answers, same error objects, bodies never consumed, install/uninstall idempotent, and
 * any failure inside spanlens leaves the app's fetch untouched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { getOriginalFetch, instrumentFetch, isFetchInstrumented, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { ANSWER, startMockLlmServer, USAGE, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer } from './helpers';

const realFetch = globalThis.fetch;
let server: MockLlmServer;
const handles: FetchInstrumentation[] = [];

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  while (handles.length) handles.pop()!.uninstall();
  globalThis.fetch = realFetch;
});

function install(options: Parameters<typeof instrumentFetch>[0] = {}) {
  const handle = instrumentFetch(options);
  handles.push(handle);
  return handle;
}

const CHAT_URL = 'https://api.openai.com/v1/chat/completions';
const chatBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const chatJson = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
};

/** A stand-in for the browser's fetch under the wrapper, recording what it was given. */
function stubNativeFetch(respond: (...args: unknown[]) => Promise<Response>) {
  const stub = vi.fn(respond);
  globalThis.fetch = stub as unknown as typeof fetch;
  return stub;
}

describe('identity', () => {
  it('returns the very same Response object for a JSON answer, body unread', async () => {
    const response = new Response(JSON.stringify(chatJson), { headers: { 'content-type': 'application/json' } });
    stubNativeFetch(async () => response);
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const got = await fetch(CHAT_URL, { method: 'POST', body: chatBody });
    expect(got).toBe(response);
    expect(got.bodyUsed).toBe(false);
    expect(await got.json()).toEqual(chatJson);
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-2024-08-06');
    expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(2);
    // gpt-4o: $2.50 in, $10 out per 1M.
    expect(span.attributes[sem.SPANLENS_COST_USD]).toBeCloseTo((10 * 2.5 + 2 * 10) / 1e6, 12);
  });

  it('rejects with the very same error object (network TypeError), and records it', async () => {
    const failure = new TypeError('Failed to fetch');
    stubNativeFetch(async () => {
      throw failure;
    });
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    await expect(fetch(CHAT_URL, { method: 'POST', body: chatBody })).rejects.toBe(failure);
    const [span] = await rec.waitForEnded();
    expect(span.status).toEqual({ code: 'error', message: 'Failed to fetch' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('TypeError');
    expect(span.events.find((e) => e.name === sem.EXCEPTION_EVENT)?.attributes?.[sem.EXCEPTION_TYPE]).toBe('TypeError');
  });

  it('rejects with the same AbortError as native fetch when the app aborts before the answer', async () => {
    const rec = recordingTracer();
    const controller = new AbortController();
    controller.abort();
    const nativeError = await realFetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: chatBody, signal: controller.signal }).catch((e: unknown) => e);
    install({ tracer: rec.tracer });
    const wrappedError = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: chatBody, signal: controller.signal }).catch((e: unknown) => e);
    expect(wrappedError).toBe(nativeError); // undici rejects with signal.reason, the same object both times
    expect((wrappedError as Error).name).toBe('AbortError');
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(span.status.code).toBe('error');
  });

  it('passes `this` and every argument through: the same values, init as a plain copy', async () => {
    const stub = stubNativeFetch(async () => new Response('{}'));
    install({ tracer: recordingTracer().tracer });
    const init = { method: 'POST', body: chatBody };
    const receiver = { fetch: globalThis.fetch };
    await receiver.fetch(CHAT_URL, init);
    expect(stub.mock.contexts[0]).toBe(receiver);
    expect(stub.mock.calls[0][0]).toBe(CHAT_URL);
    expect(stub.mock.calls[0][1]).toEqual(init);
    expect((stub.mock.calls[0][1] as RequestInit).body).toBe(init.body);
    await fetch('https://example.com/x');
    expect(stub.mock.calls[1]).toEqual(['https://example.com/x']);
    expect(globalThis.fetch.length).toBe(stub.length);
  });
});

describe('request bodies are never consumed', () => {
  const bodies: Array<[string, () => BodyInit]> = [
    ['string', () => chatBody],
    ['Blob', () => new Blob([chatBody], { type: 'application/json' })],
    ['ArrayBuffer', () => new TextEncoder().encode(chatBody).buffer as ArrayBuffer],
    ['Uint8Array', () => new TextEncoder().encode(chatBody)],
    ['URLSearchParams', () => new URLSearchParams({ q: 'x' })],
    ['FormData', () => {
      const form = new FormData();
      form.set('q', 'x');
      return form;
    }],
    ['ReadableStream', () => new Blob([chatBody]).stream()],
  ];

  it.each(bodies)('%s body: the same body object reaches the native fetch, unread', async (_name, make) => {
    const body = make();
    const stub = stubNativeFetch(async () => new Response(JSON.stringify(chatJson), { headers: { 'content-type': 'application/json' } }));
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const init: RequestInit = { method: 'POST', body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit;
    await fetch(CHAT_URL, init);
    expect(stub.mock.calls[0][1]).toEqual(init);
    expect((stub.mock.calls[0][1] as RequestInit).body).toBe(body);
    if (body instanceof ReadableStream) expect(body.locked).toBe(false);
    const [span] = await rec.waitForEnded();
    const parsedRequest = span.attributes[sem.GEN_AI_REQUEST_MODEL] === 'gpt-4o';
    // JSON bodies that can be read without consuming anything are parsed; the others are noted.
    if (['string', 'Blob', 'ArrayBuffer', 'Uint8Array'].includes(_name)) expect(parsedRequest).toBe(true);
    else expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toMatch(/request body/);
  });

  it('a Request input is read through a clone: the native fetch gets it unused', async () => {
    const stub = stubNativeFetch(async (input) => {
      const request = input as Request;
      expect(request.bodyUsed).toBe(false);
      expect(await request.text()).toBe(chatBody);
      return new Response(JSON.stringify(chatJson), { headers: { 'content-type': 'application/json' } });
    });
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const request = new Request(CHAT_URL, { method: 'POST', body: chatBody });
    await fetch(request);
    expect(stub.mock.calls[0][0]).toBe(request);
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o');
  });

  it('sends every body type to a real server byte for byte', async () => {
    install({ tracer: recordingTracer().tracer, llmUrls: ['/echo'] });
    for (const [, make] of bodies) {
      const body = make();
      const response = await fetch(`${server.url}/echo`, { method: 'POST', body, duplex: 'half' } as RequestInit);
      await response.json();
      const received = server.requests.at(-1)!.body;
      const expected = body instanceof FormData ? undefined : body instanceof URLSearchParams ? 'q=x' : chatBody;
      if (expected !== undefined) expect(received).toBe(expected);
      else expect(received).toContain('name="q"');
    }
  });
});

describe('JSON answers and errors', () => {
  it('records the provider error message of an HTTP 4xx, the app gets the body unchanged', async () => {
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: chatBody, headers: { 'x-mock-scenario': 'http_error' } });
    expect(response.status).toBe(429);
    expect((await response.json()).error.code).toBe('rate_limit_exceeded');
    const [span] = await rec.waitForEnded();
    expect(span.status).toEqual({ code: 'error', message: 'HTTP 429: Rate limit reached for gpt-4o-mini in organization org-123 on tokens per min (TPM).' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('tokens');
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(429);
  });

  it('records an Anthropic 529 overloaded error', async () => {
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'anthropic-version': '2023-06-01', 'x-mock-scenario': 'http_error' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [] }),
    });
    const [span] = await rec.waitForEnded();
    expect(span.status).toEqual({ code: 'error', message: 'HTTP 529: Overloaded' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('overloaded_error');
  });

  it('a malformed body still gives a span: status, url, timings, excerpt, parse error', async () => {
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: chatBody, headers: { 'x-mock-scenario': 'malformed' } });
    expect(await response.text()).toBe('{"id": "chatcmpl-broken", "choices": [');
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toMatch(/^response body is not JSON/);
    expect(span.attributes[sem.SPANLENS_RESPONSE_BODY_EXCERPT]).toBe('{"id": "chatcmpl-broken", "choices": [');
    expect(span.attributes[sem.URL_FULL]).toBe(`${server.url}/v1/chat/completions`);
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(span.endTime).toBeGreaterThanOrEqual(span.startTime);
  });

  it('an unexpected JSON shape is noted, with an excerpt', async () => {
    stubNativeFetch(async () => new Response('{"result":"ok"}', { headers: { 'content-type': 'application/json' } }));
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    await fetch(CHAT_URL, { method: 'POST', body: chatBody });
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('response has no choices array');
    expect(span.attributes[sem.SPANLENS_RESPONSE_BODY_EXCERPT]).toBe('{"result":"ok"}');
  });

  it('records a non-streamed Anthropic answer with cache tokens in the input total', async () => {
    const rec = recordingTracer();
    install({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect((await response.json()).content[0].text).toBe(ANSWER);
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(USAGE.input);
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn']);
  });
});

describe('install', () => {
  it('is idempotent and uninstall restores the original fetch', () => {
    const original = globalThis.fetch;
    const first = install();
    const wrapped = globalThis.fetch;
    expect(wrapped).not.toBe(original);
    expect(isFetchInstrumented()).toBe(true);
    expect(getOriginalFetch()).toBe(original);
    install().uninstall(); // a second install does nothing, and its handle neither
    expect(globalThis.fetch).toBe(wrapped);
    expect(isFetchInstrumented()).toBe(true);
    first.uninstall();
    expect(globalThis.fetch).toBe(original);
    expect(isFetchInstrumented()).toBe(false);
  });

  it('turns into a pass-through when someone wrapped it meanwhile', async () => {
    const stub = stubNativeFetch(async () => new Response(JSON.stringify(chatJson), { headers: { 'content-type': 'application/json' } }));
    const rec = recordingTracer();
    const handle = install({ tracer: rec.tracer });
    const ours = globalThis.fetch;
    const theirs = (...args: Parameters<typeof fetch>) => ours(...args);
    globalThis.fetch = theirs;
    handle.uninstall();
    expect(globalThis.fetch).toBe(theirs);
    await fetch(CHAT_URL, { method: 'POST', body: chatBody });
    expect(stub).toHaveBeenCalledTimes(1);
    expect(rec.events).toHaveLength(0);
  });
});

describe('never breaks the app', () => {
  it('a failure inside spanlens is reported and the fetch goes on untraced', async () => {
    const response = new Response('{}');
    const stub = stubNativeFetch(async () => response);
    const rec = recordingTracer();
    rec.tracer.startSpan = () => {
      throw new Error('recorder broken');
    };
    install({ tracer: rec.tracer });
    const init = { method: 'POST', body: chatBody };
    expect(await fetch(CHAT_URL, init)).toBe(response);
    expect(stub.mock.calls[0][1]).toEqual(init);
    expect(rec.tracer.errors.map((e) => e.message)).toContain('recorder broken');
  });

  it('a throwing span listener does not reach the app', async () => {
    const rec = recordingTracer();
    rec.tracer.subscribe(() => {
      throw new Error('bad sink');
    });
    install({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [] }) });
    expect(await response.text()).toContain('[DONE]');
    await rec.waitForEnded();
  });
});

describe('content capture and redaction', () => {
  it('with content capture off, records metadata and tokens but no messages', async () => {
    const rec = recordingTracer({ captureContent: false });
    install({ tracer: rec.tracer });
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'secret plan' }] }),
    });
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
    expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
    expect(JSON.stringify(rec.events)).not.toContain('secret plan');
    expect(JSON.stringify(rec.events)).not.toContain('sunny');
  });

  it('the redact hook sees the span before any sink', async () => {
    const rec = recordingTracer({
      redact: (span) => {
        const output = span.attributes[sem.GEN_AI_OUTPUT_MESSAGES];
        if (typeof output === 'string') span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] = output.replace('Paris', '[city]');
      },
    });
    install({ tracer: rec.tracer });
    await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }) })).text();
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES]).toContain('[city]');
    expect(JSON.stringify(rec.events)).not.toMatch(/weather in Paris/i);
  });
});
