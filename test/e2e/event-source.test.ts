/**
 * EventSource in Chromium: streams from the app's own routes, named in llmUrls or recognised by
 * their payloads, recorded as llm spans; reconnections and close() handled; the app gets native
 * EventSource objects and exactly the events it gets without spanlens.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SpanData } from '../../src/core/span';
import * as sem from '../../src/core/semconv';
import { EVENT_SOURCE_RECONNECTS } from '../../src/instrument/event-source/event-source-call';
import { useBrowserWith } from './setup';
import { startSurfacesServer } from './surfaces-server';
import { CHAT_ANSWER, CHAT_WORDS } from './surfaces-mock';

const env = useBrowserWith(startSurfacesServer);

interface Run {
  url: string;
  /** Close after this many messages (default: on `[DONE]` or a `done` event). */
  closeAfter?: number;
  llmUrls?: string[];
  /** How many spans to wait for (0: none should come). */
  spans?: number;
}

let shared: Page | undefined;
async function page(): Promise<Page> {
  if (shared) return shared;
  shared = await env.browser.newPage();
  await shared.goto(`${env.server.url}/test/e2e/pages/surfaces.html`);
  await shared.waitForSelector('html[data-ready="true"]');
  return shared;
}

/** The stream read by an app without spanlens, then with it. */
async function compare(run: Run): Promise<{ seen: string[]; spans: SpanData[] }> {
  const p = await page();
  const { plain, traced, spans } = await p.evaluate(async (r) => {
    const s = (window as any).surfaces;
    const read = () =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const source = new EventSource(r.url);
        const done = () => {
          source.close();
          seen.push(`closed:${source.readyState}`);
          resolve(seen);
        };
        source.onopen = () => seen.push('open');
        source.onmessage = (e) => {
          seen.push(e.data === '[DONE]' ? 'DONE' : 'message');
          if (e.data === '[DONE]' || seen.filter((x) => x === 'message').length === r.closeAfter) done();
        };
        source.addEventListener('done', done);
        source.onerror = () => {
          seen.push(`error:${source.readyState}`);
          if (source.readyState === EventSource.CLOSED) resolve(seen);
        };
        seen.push(`native:${source instanceof EventSource && Object.getPrototypeOf(source) === EventSource.prototype}`);
      });
    const plain = await read();
    const rec = s.recorder();
    const handle = s.instrumentEventSource({ tracer: rec.tracer, llmUrls: r.llmUrls });
    try {
      const traced = await read();
      // When none should come: spans end after the current task, so a short wait shows none is coming.
      if (r.spans === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const spans = r.spans === 0 ? rec.spans : await rec.ended(r.spans ?? 1);
      return { plain, traced, spans };
    } finally {
      handle.uninstall();
    }
  }, run);
  expect(traced).toEqual(plain);
  return { seen: traced, spans };
}

const output = (span: SpanData) => JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts;

describe('EventSource', () => {
  it('a route named in llmUrls streaming OpenAI chunks: one complete llm span', async () => {
    const { seen, spans } = await compare({ url: '/api/events?kind=openai&delay=5', llmUrls: ['/api/events'] });
    expect(seen[0]).toBe('native:true');
    const [span] = spans;
    expect(span.kind).toBe('llm');
    expect(span.attributes[sem.URL_FULL]).toContain('/api/events?kind=openai');
    expect(span.attributes[sem.SPANLENS_API_FORMAT]).toBe('openai.chat_completions');
    expect(output(span)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
    expect(span.status.code).not.toBe('error');
    expect(span.events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
  });

  it('an AI SDK UI stream not named anywhere: recognised by its first payload, read as a turn', async () => {
    const { spans } = await compare({ url: '/api/events?kind=ai-sdk', spans: 2 });
    const turn = spans.find((s) => s.attributes[sem.SPANLENS_API_FORMAT] === 'ai_sdk.ui_message_stream')!;
    const step = spans.find((s) => s.kind === 'llm')!;
    expect(turn.kind).toBe('agent');
    expect(turn.attributes[sem.URL_FULL]).toContain('/api/events?kind=ai-sdk');
    expect(step.parentSpanId).toBe(turn.spanId);
    expect(output(step)).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    expect(turn.status.code).not.toBe('error');
  });

  it('a stream of the app’s own events: no span, the app’s events untouched', async () => {
    const { seen, spans } = await compare({ url: '/api/events?kind=unknown', spans: 0 });
    expect(seen.filter((e) => e === 'message')).toHaveLength(2);
    expect(spans).toEqual([]);
  });

  it('a dropped connection the browser resumes (Last-Event-ID): one span, the whole answer, one reconnect', async () => {
    const { seen, spans } = await compare({ url: '/api/flaky-events', llmUrls: ['/api/flaky-events'] });
    expect(seen).toContain('error:0');
    expect(spans).toHaveLength(1);
    expect(output(spans[0])).toEqual([{ type: 'text', content: CHAT_ANSWER }]);
    expect(spans[0].attributes[EVENT_SOURCE_RECONNECTS]).toBe(1);
    expect(spans[0].attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
  });

  it('close() mid-stream: the span ends there, incomplete, with the text so far', async () => {
    const { spans } = await compare({ url: '/api/events?kind=openai&delay=20', llmUrls: ['/api/events'], closeAfter: 2 });
    expect(spans[0].attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(spans[0].status.message).toBe('stream ended before its final event');
    expect(output(spans[0])).toEqual([{ type: 'text', content: CHAT_WORDS.slice(0, 2).join('') }]);
  });

  it('a named route that fails (404): the app gets its error; the span is an error', async () => {
    const { seen, spans } = await compare({ url: '/api/nowhere', llmUrls: ['/api/nowhere'] });
    expect(seen.at(-1)).toBe('error:2');
    expect(spans[0].status).toEqual({ code: 'error', message: 'EventSource connection failed; the browser will not reconnect' });
  });

  it('the constructor: native instances, statics, subclasses, the native error without new; uninstall restores', async () => {
    const p = await page();
    const result = await p.evaluate(() => {
      const s = (window as any).surfaces;
      const Native = EventSource;
      const nativeClose = EventSource.prototype.close;
      const callError = (ES: any) => {
        try {
          ES('/api/events');
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      const plainError = callError(Native);
      const handle = s.instrumentEventSource({ tracer: s.recorder().tracer });
      const Wrapped = EventSource;
      class Sub extends EventSource {}
      const sub = new Sub('/api/events?kind=unknown');
      const es = new EventSource('/api/events?kind=unknown');
      const facts = {
        wrapped: Wrapped !== Native,
        instance: es instanceof EventSource && es instanceof Native && Object.getPrototypeOf(es) === Native.prototype,
        sub: sub instanceof Sub && sub instanceof EventSource,
        statics: [Wrapped.CONNECTING, Wrapped.OPEN, Wrapped.CLOSED],
        shape: `${Wrapped.name}/${Wrapped.length}`,
        sameError: callError(Wrapped) === plainError,
      };
      es.close();
      sub.close();
      handle.uninstall();
      return { ...facts, restored: EventSource === Native && EventSource.prototype.close === nativeClose };
    });
    expect(result).toEqual({ wrapped: true, instance: true, sub: true, statics: [0, 1, 2], shape: 'EventSource/1', sameError: true, restored: true });
  });
});
