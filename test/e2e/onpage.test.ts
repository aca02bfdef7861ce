/**
 * The surfaces that do not go through the page's fetch, in Chromium with the script-tag bundle:
 *   - the browser's built-in AI, against the spec-shaped stand-in (headless Chromium has no
 *     on-device model), installed before spanlens as the browser's classes would be;
 *   - an in-page engine (a WebLLM-shaped stand-in) through window.spanlens.wrapChatClient;
 *   - workers: the real `openai` client in a module worker, a classic worker with importScripts of
 *     dist/spanlens.worker.js, and a shared worker, all against the local mock LLM; their spans
 *     land in the page's session, and neither side's app code sees a message of spanlens.
 * One server: the mock LLM answers /v1/*, everything else is Vite (middleware mode) compiling the
 * worker modules and serving the pages, so the workers' requests are same-origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer as createVite } from 'vite';
import type { Page } from 'playwright-core';
import { useBrowserWith } from './setup';
import { exportedSpans } from './journey-helpers';
import { ANSWER, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server.js';
import * as sem from '../../src/core/semconv';
import type { SpanData } from '../../src/core/span';

interface OnPageServer {
  url: string;
  mock: MockLlmServer;
  close(): Promise<void>;
}

async function startOnPageServer(): Promise<OnPageServer> {
  const vite = await createVite({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const mock = await startMockLlmServer({
    serve(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/v1/')) return false;
      // Pages, plain scripts and bundles byte for byte; worker modules compiled by Vite.
      const file = join(process.cwd(), path);
      if (/\.(html|js)$/.test(path) && !path.includes('..') && !path.startsWith('/node_modules/') && existsSync(file)) {
        res.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
        res.end(readFileSync(file));
        return true;
      }
      vite.middlewares(req, res, () => {
        res.statusCode = 404;
        res.end();
      });
      return true;
    },
  });
  return { url: mock.url, mock, close: async () => (await mock.close(), await vite.close()) };
}

const env = useBrowserWith(startOnPageServer);

async function openPage(): Promise<Page> {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/test/e2e/pages/onpage/page.html`);
  await page.waitForFunction(() => (window as unknown as { spanlens?: unknown }).spanlens !== undefined);
  // Spans from workers arrive by message: count them as they end, to wait for them.
  await page.evaluate(() => {
    const w = window as any;
    w.workerSpansEnded = 0;
    w.spanlens.tracer.subscribe((type: string, span: SpanData) => {
      if (type === 'end' && span.attributes['spanlens.worker.type']) w.workerSpansEnded++;
    });
  });
  return page;
}

const attrs = (span: SpanData) => span.attributes;
const outputText = (span: SpanData) => (JSON.parse(String(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])) as Array<{ parts: Array<{ content: string }> }>)[0].parts.map((p) => p.content).join('');

describe('the browser built-in AI in Chromium (stand-in with the spec shape)', () => {
  it('records prompts and streams, with the native objects and errors handed to the app', async () => {
    const page = await openPage();
    const seen = await page.evaluate(async () => {
      const LanguageModel = (globalThis as any).LanguageModel;
      const session = await LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Be brief.' }], temperature: 0.5, topK: 4 });
      const answer = await session.prompt('Capital of France?');
      let streamed = '';
      for await (const chunk of session.promptStreaming('And again?')) streamed += chunk;
      const controller = new AbortController();
      const pending = session.prompt('Slow one', { signal: controller.signal });
      controller.abort();
      const aborted = await pending.catch((e: unknown) => e);
      session.destroy();
      const destroyed = await session.prompt('Hi').catch((e: DOMException) => e.name);
      const translator = await (globalThis as any).Translator.create({ sourceLanguage: 'en', targetLanguage: 'fr' });
      return {
        answer,
        streamed,
        sameAbortError: aborted === controller.signal.reason,
        destroyed,
        prototypeKept: Object.getPrototypeOf(session) === LanguageModel.prototype,
        translated: await translator.translate('Hello'),
      };
    });
    expect(seen).toEqual({
      answer: 'Paris is the capital of France.',
      streamed: 'Paris is the capital of France.',
      sameAbortError: true,
      destroyed: 'InvalidStateError',
      prototypeKept: true,
      translated: 'Bonjour',
    });
    const spans = await exportedSpans(page);
    const llm = spans.filter((s) => s.kind === 'llm').sort((a, b) => a.startTime - b.startTime);
    expect(llm.map((s) => s.name)).toEqual(['chat on-device', 'chat on-device', 'chat on-device', 'chat on-device', 'translate on-device']);
    const [prompt, stream, aborted, destroyed, translation] = llm;
    // Chromium's client hints name it: the provider is honest, the model is not guessed.
    expect(attrs(prompt)).toMatchObject({ [sem.GEN_AI_PROVIDER_NAME]: 'chrome.built_in_ai', [sem.GEN_AI_REQUEST_MODEL]: 'on-device', [sem.GEN_AI_REQUEST_TOP_K]: 4 });
    expect(outputText(prompt)).toBe('Paris is the capital of France.');
    expect(stream.events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
    expect(outputText(stream)).toBe('Paris is the capital of France.');
    expect(attrs(stream)[sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE]).toBeGreaterThan(attrs(stream)[sem.SPANLENS_BROWSER_AI_CONTEXT_USAGE_BEFORE] as number);
    expect(aborted.status).toEqual({ code: 'error', message: 'aborted by the app' });
    expect(attrs(destroyed)[sem.ERROR_TYPE]).toBe('InvalidStateError');
    expect(outputText(translation)).toBe('Bonjour');
    expect(spans.some((s) => s.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS] !== undefined)).toBe(false);
    await page.close();
  });
});

describe('an in-page engine in Chromium', () => {
  it('window.spanlens.wrapChatClient records a WebLLM-shaped engine, streamed and not', async () => {
    const page = await openPage();
    const result = await page.evaluate(async () => {
      const w = window as any;
      const engine = w.createWebLlmStandIn();
      const same = w.spanlens.wrapChatClient(engine) === engine;
      const messages = [{ role: 'user', content: 'Weather?' }];
      const reply = await engine.chat.completions.create({ messages });
      const chunks = await engine.chat.completions.create({ messages, stream: true, stream_options: { include_usage: true } });
      let text = '';
      for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
      engine.failAfter = 1;
      const failing = await engine.chat.completions.create({ messages, stream: true });
      const error = await (async () => {
        for await (const _ of failing) void _;
      })().catch((e: Error) => e.message);
      return { same, json: reply.choices[0].message.content, text, error };
    });
    expect(result).toEqual({ same: true, json: 'The weather in Paris is sunny.', text: 'The weather in Paris is sunny.', error: 'GPUDevice was lost' });
    const llm = (await exportedSpans(page)).filter((s) => s.kind === 'llm').sort((a, b) => a.startTime - b.startTime);
    expect(llm).toHaveLength(3);
    expect(llm.map((s) => s.attributes[sem.GEN_AI_PROVIDER_NAME])).toEqual(['webllm', 'webllm', 'webllm']);
    expect(llm[1].attributes).toMatchObject({ [sem.GEN_AI_USAGE_INPUT_TOKENS]: 31, [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 7, [sem.GEN_AI_REQUEST_STREAM]: true });
    expect(llm[2].status).toEqual({ code: 'error', message: 'GPUDevice was lost' });
    expect(llm[2].endTime).toBeDefined();
    await page.close();
  });
});

describe('workers in Chromium', () => {
  it("a module worker's openai calls land in the page's session, marked as from the worker, and no app message changes", async () => {
    const page = await openPage();
    const answer = await page.evaluate(async () => {
      const worker = new Worker('/test/e2e/pages/onpage/openai-worker.ts', { type: 'module', name: 'llm-worker' });
      const pageSeen: unknown[] = [];
      const reply = await new Promise<any>((resolve, reject) => {
        worker.onerror = (e) => reject(new Error(e.message));
        worker.onmessage = (event) => {
          pageSeen.push(event.data);
          resolve(event.data);
        };
        worker.postMessage({ type: 'ask', question: 'Weather in Paris?' });
      });
      return { ...reply, pageSeen, isWorker: worker instanceof Worker };
    });
    expect(answer.text).toBe(ANSWER);
    expect(answer.streamed).toBe(ANSWER);
    // The app's listeners on both sides saw exactly the app's messages.
    expect(answer.seen).toEqual([{ type: 'ask', question: 'Weather in Paris?' }]);
    expect(answer.pageSeen).toHaveLength(1);
    expect(answer.isWorker).toBe(true);
    const spans = await waitForSpans(page, (s) => s.attributes[sem.SPANLENS_WORKER_TYPE] === 'dedicated', 2);
    const [json, stream] = spans.sort((a, b) => a.startTime - b.startTime);
    expect(json.attributes).toMatchObject({
      [sem.SPANLENS_WORKER_NAME]: 'llm-worker',
      [sem.GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: 57,
      [sem.GEN_AI_PROVIDER_NAME]: 'openai',
    });
    expect(String(json.attributes[sem.SPANLENS_WORKER_URL])).toMatch(/\/onpage\/openai-worker\.ts$/);
    expect(outputText(json)).toBe(ANSWER);
    expect(outputText(stream)).toBe(ANSWER);
    expect(stream.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    // The page's session, and no secret anywhere in it.
    const sessionId = await page.evaluate(() => (window as any).spanlens.tracer.sessionId);
    expect(spans.every((s) => s.sessionId === sessionId)).toBe(true);
    const exported = JSON.stringify(await page.evaluate(() => (window as any).spanlens.export()));
    expect(exported).not.toContain('sk-worker-secret');
    await page.close();
  });

  it('a classic worker with importScripts of the worker bundle, and a shared worker', async () => {
    const page = await openPage();
    const replies = await page.evaluate(async () => {
      const ask = (target: { postMessage(m: unknown): void }, source: { onmessage: unknown }, question: string) =>
        new Promise<any>((resolve) => {
          source.onmessage = (event: MessageEvent) => resolve(event.data);
          target.postMessage({ question });
        });
      const classic = new Worker('/test/e2e/pages/onpage/classic-worker.js');
      const shared = new SharedWorker('/test/e2e/pages/onpage/shared-worker.ts', { type: 'module', name: 'shared-llm' });
      return { classic: await ask(classic, classic, 'classic?'), shared: await ask(shared.port, shared.port, 'shared?') };
    });
    expect(replies.classic).toEqual({ text: ANSWER, viaXhr: ANSWER, onDevice: 'Paris is the capital of France.', seen: [{ question: 'classic?' }] });
    expect(replies.shared).toEqual({ text: ANSWER, seen: [{ question: 'shared?' }] });
    const classic = await waitForSpans(page, (s) => String(s.attributes[sem.SPANLENS_WORKER_URL]).endsWith('classic-worker.js'), 4);
    expect(classic.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat on-device']);
    expect(classic.every((s) => s.attributes[sem.SPANLENS_WORKER_TYPE] === 'dedicated')).toBe(true);
    const shared = await waitForSpans(page, (s) => s.attributes[sem.SPANLENS_WORKER_TYPE] === 'shared', 4);
    expect(shared[0].attributes).toMatchObject({ [sem.SPANLENS_WORKER_NAME]: 'shared-llm', [sem.GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini' });
    expect(JSON.stringify(await exportedSpans(page))).not.toMatch(/sk-(classic|shared)-secret/);
    await page.close();
  });
});

describe('uninstall in Chromium', () => {
  it('the wrapped constructors and methods behave as the native ones, and uninstall puts the natives back', async () => {
    const page = await openPage();
    const checks = await page.evaluate(() => {
      const w = window as any;
      const url = '/test/e2e/pages/onpage/classic-worker.js';
      class MyWorker extends Worker {}
      const sub = new MyWorker(url);
      const plain = new Worker(url);
      const installed = {
        workerWrapped: w.Worker !== w.natives.Worker,
        promptWrapped: w.LanguageModel.prototype.prompt !== w.natives.prompt,
        sameName: w.Worker.name === 'Worker' && w.LanguageModel.prototype.prompt.name === 'prompt',
        nativeObjects: Object.getPrototypeOf(plain) === w.natives.Worker.prototype && sub instanceof MyWorker && sub instanceof w.natives.Worker,
        badUrl: (() => {
          try {
            new Worker('http://[bad');
            return 'no error';
          } catch (error) {
            return (error as Error).name;
          }
        })(),
      };
      sub.terminate();
      plain.terminate();
      w.spanlens.uninstall();
      return {
        ...installed,
        restored: w.Worker === w.natives.Worker && w.SharedWorker === w.natives.SharedWorker && w.LanguageModel.prototype.prompt === w.natives.prompt && w.LanguageModel.create === w.natives.create,
      };
    });
    expect(checks).toEqual({ workerWrapped: true, promptWrapped: true, sameName: true, nativeObjects: true, badUrl: 'SyntaxError', restored: true });
    await page.close();
  });
});

/** The page's exported spans matching `test`, once `ended` spans from workers have ended on the page. */
async function waitForSpans(page: Page, test: (span: SpanData) => boolean, ended: number): Promise<SpanData[]> {
  await page.waitForFunction((n) => (window as any).workerSpansEnded >= n, ended);
  return (await exportedSpans(page)).filter(test);
}
