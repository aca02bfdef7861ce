/**
 * XMLHttpRequest in Chromium: raw XHR and the real axios (its XHR adapter) against the mock on
 * the page's origin. Each scenario runs without spanlens and then with it: the app must see the
 * same events, readyStates, responses and errors, and the span must hold the call.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SpanData } from '../../src/core/span';
import * as sem from '../../src/core/semconv';
import { useBrowserWith } from './setup';
import { startSurfacesServer } from './surfaces-server';
import { CHAT_ANSWER, CHAT_WORDS } from './surfaces-mock';

const env = useBrowserWith(startSurfacesServer);
const KEY = 'sk-proj-XHRKEYsecret0123456789';

interface XhrOptions {
  url?: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  responseType?: XMLHttpRequestResponseType;
  async?: boolean;
  timeout?: number;
  abortOnText?: boolean;
  upload?: boolean;
}

interface XhrOutcome {
  log: string[];
  upload: string[];
  status: number;
  readyState: number;
  seenText: string;
  kind: string;
  text: string;
  isXhr: boolean;
}

let shared: Page | undefined;
async function page(): Promise<Page> {
  if (shared) return shared;
  shared = await env.browser.newPage();
  await shared.goto(`${env.server.url}/test/e2e/pages/surfaces.html`);
  await shared.waitForSelector('html[data-ready="true"]');
  return shared;
}

const chatBody = (stream: boolean) => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Weather in Paris?' }] });

/** The scenario without spanlens, then with it; the spans of the traced run. */
async function compare(options: XhrOptions): Promise<{ plain: XhrOutcome; traced: XhrOutcome; span: SpanData; all: string }> {
  const p = await page();
  const full = { url: '/v1/chat/completions', body: chatBody(false), ...options, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...options.headers } };
  const { plain, traced, spans } = await p.evaluate(async (o) => {
    const s = (window as any).surfaces;
    const plain = await s.runXhr(o);
    const rec = s.recorder();
    const handle = s.instrumentXhr({ tracer: rec.tracer });
    try {
      const traced = await s.runXhr(o);
      return { plain, traced, spans: await rec.ended(1) };
    } finally {
      handle.uninstall();
    }
  }, full);
  expect(traced).toEqual(plain);
  const all = JSON.stringify(spans);
  expect(all).not.toContain('XHRKEYsecret');
  expect(spans).toHaveLength(1);
  return { plain, traced, span: spans[0], all };
}

const output = (span: SpanData) => JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts;

describe('XMLHttpRequest recorded like fetch, invisible to the app', () => {
  it('a JSON answer: same events and response; the span has request, answer, usage; traceparent sent', async () => {
    const before = env.server.requests.length;
    const { traced, span } = await compare({});
    expect(traced.log).toEqual(['loadstart:1', 'readystatechange:2', 'loading:3', 'readystatechange:4', 'load:4', 'loadend:4']);
    expect(JSON.parse(traced.text).choices[0].message.content).toBe(CHAT_ANSWER);
    expect(traced.isXhr).toBe(true);
    expect(span.kind).toBe('llm');
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes).toMatchObject({ [sem.HTTP_RESPONSE_STATUS_CODE]: 200, [sem.GEN_AI_RESPONSE_ID]: 'chatcmpl-surf0', [sem.GEN_AI_USAGE_INPUT_TOKENS]: 11, [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 7 });
    expect(output(span)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    const [untraced, withSpan] = env.server.requests.slice(before);
    expect(untraced.headers.traceparent).toBeUndefined();
    expect(withSpan.headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
  });

  it('a stream read through onprogress: same events, the app sees every byte; the span fills in', async () => {
    const { traced, span } = await compare({ body: chatBody(true), headers: { 'x-delay': '15' } });
    expect(traced.seenText).toContain('data: [DONE]');
    expect(traced.log.at(-1)).toBe('loadend:4');
    expect(output(span)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    expect(span.attributes[sem.SPANLENS_STREAM_EVENTS]).toBe(CHAT_WORDS.length + 3);
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
    expect(span.events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
  });

  it('abort() mid-stream: the app gets abort as before; the span is complete, incomplete, aborted', async () => {
    const { traced, span } = await compare({ body: chatBody(true), headers: { 'x-hang': '1' }, abortOnText: true });
    expect(traced.log).toContain('abort:4');
    expect(traced.readyState).toBe(0);
    expect(span.status).toEqual({ code: 'error', message: 'aborted by the app' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(output(span)).toEqual([{ type: 'text', content: CHAT_WORDS[0] }]);
  });

  it('a timeout: the app gets timeout as before; the span says it timed out', async () => {
    const { traced, span } = await compare({ body: chatBody(true), headers: { 'x-hang': '1' }, timeout: 300 });
    expect(traced.log).toContain('timeout:4');
    expect(span.attributes[sem.ERROR_TYPE]).toBe('TimeoutError');
    expect(span.status.message).toBe('The request timed out after 300 ms');
  });

  it('a synchronous request: same result, recorded once send() returns', async () => {
    const { traced, span } = await compare({ async: false });
    expect(traced.status).toBe(200);
    expect(output(span)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
  });

  for (const responseType of ['json', 'blob', 'arraybuffer'] as const) {
    it(`responseType '${responseType}': the app's response is untouched; the span reads the same body`, async () => {
      const { traced, span } = await compare({ responseType });
      expect(traced.kind).toBe({ json: 'object', blob: 'Blob', arraybuffer: 'ArrayBuffer' }[responseType]);
      expect(output(span)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    });
  }

  it('upload events fire as before (spanlens never listens on upload)', async () => {
    const messages = [{ role: 'user', content: 'x'.repeat(300_000) }];
    const { traced, span } = await compare({ body: JSON.stringify({ model: 'gpt-4o-mini', messages }), upload: true });
    expect(traced.upload).toEqual(expect.arrayContaining(['loadstart', 'progress', 'load', 'loadend']));
    expect(span.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
  });

  it('recordHttp: another request is an http span with its status, and the app sees the same 404', async () => {
    const p = await page();
    const { plain, traced, spans } = await p.evaluate(async () => {
      const s = (window as any).surfaces;
      const options = { method: 'GET', url: '/api/nothing-here' };
      const plain = await s.runXhr(options);
      const rec = s.recorder();
      const handle = s.instrumentXhr({ tracer: rec.tracer, recordHttp: true });
      try {
        const traced = await s.runXhr(options);
        return { plain, traced, spans: await rec.ended(1) };
      } finally {
        handle.uninstall();
      }
    });
    expect(traced).toEqual(plain);
    expect(traced.status).toBe(404);
    expect(spans[0]).toMatchObject({ kind: 'http', name: 'GET /api/nothing-here', status: { code: 'error', message: 'HTTP 404' } });
  });

  it('the prototype keeps its shape; uninstall puts the native methods back', async () => {
    const p = await page();
    const result = await p.evaluate(() => {
      const s = (window as any).surfaces;
      const proto = XMLHttpRequest.prototype;
      const natives = [proto.open, proto.send, proto.setRequestHeader];
      const handle = s.instrumentXhr({ tracer: s.recorder().tracer });
      const patched = [proto.open, proto.send, proto.setRequestHeader];
      const shape = patched.map((m) => `${m.name}/${m.length}`);
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'send');
      handle.uninstall();
      const restored = [proto.open, proto.send, proto.setRequestHeader].every((m, i) => m === natives[i]);
      return { shape, nativeShape: natives.map((m) => `${m.name}/${m.length}`), changed: patched.some((m, i) => m !== natives[i]), restored, descriptor: { ...descriptor, value: undefined } };
    });
    expect(result.changed).toBe(true);
    expect(result.shape).toEqual(result.nativeShape);
    expect(result.descriptor).toEqual({ value: undefined, writable: true, enumerable: true, configurable: true });
    expect(result.restored).toBe(true);
  });
});

describe('axios (XHR adapter)', () => {
  it('post JSON and a streamed answer through onDownloadProgress: same data, spans recorded', async () => {
    const p = await page();
    const { plain, traced, spans } = await p.evaluate(async ({ key, json, stream }) => {
      const s = (window as any).surfaces;
      const client = s.axios.create({ adapter: 'xhr', headers: { authorization: `Bearer ${key}` } });
      const run = async () => {
        const a = await client.post('/v1/chat/completions', JSON.parse(json));
        const progress: number[] = [];
        const b = await client.post('/v1/chat/completions', JSON.parse(stream), {
          responseType: 'text',
          onDownloadProgress: (e: { loaded: number }) => progress.push(e.loaded),
        });
        return { json: a.data, stream: b.data, status: [a.status, b.status], sawProgress: progress.length > 0 };
      };
      const plain = await run();
      const rec = s.recorder();
      const handle = s.instrumentXhr({ tracer: rec.tracer });
      try {
        const traced = await run();
        return { plain, traced, spans: await rec.ended(2) };
      } finally {
        handle.uninstall();
      }
    }, { key: KEY, json: chatBody(false), stream: chatBody(true) });
    expect(traced).toEqual(plain);
    expect(traced.json.choices[0].message.content).toBe(CHAT_ANSWER);
    expect(traced.sawProgress).toBe(true);
    expect(spans.map((s: SpanData) => output(s))).toEqual([[{ type: 'text', content: CHAT_ANSWER }], [{ type: 'text', content: CHAT_ANSWER }]]);
    expect(spans[1].attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(JSON.stringify(spans)).not.toContain('XHRKEYsecret');
  });
});
