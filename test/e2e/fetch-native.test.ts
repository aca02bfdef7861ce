/**
 * The fetch wrapper against Chromium's own fetch, on one page: the same calls through both, and
 * the same outcome (what the server received, or the same rejection). The cases of issue 10:
 * inherited init members, a Request passed as init, a Request with a stream body, members and
 * toString() read once, and the function itself (name, no prototype, not a constructor).
 */
import type { Connect } from 'vite';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer } from './serve';
import { useBrowserWith } from './setup';

/** /v1/chat/completions answers with what it received, as a chat completion. */
const echo: Connect.NextHandleFunction = (req, res, next) => {
  if (!req.url?.startsWith('/v1/chat/completions')) return next();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    const received = { method: req.method, body: Buffer.concat(chunks).toString('utf8'), app: req.headers['x-app'] ?? null };
    res.end(JSON.stringify({ object: 'chat.completion', model: 'gpt-4o', choices: [], received }));
  });
};

const env = useBrowserWith(() => startTestServer(echo));
let page: Page;

async function compare(name: string) {
  if (!page) {
    page = await env.browser.newPage();
    await page.goto(`${env.server.url}/test/e2e/pages/fetch-native.html`);
    await page.waitForSelector('html[data-done]', { state: 'attached' });
  }
  const result = await page.evaluate((which) => (window as unknown as { compare(n: string): Promise<Record<string, unknown>> }).compare(which), name);
  expect(result.differs).toBe(true); // the page did install the wrapper
  return result as { native: Record<string, unknown>; wrapped: Record<string, unknown> };
}

describe('the wrapper behaves as Chromium\'s fetch', () => {
  it.each(['inherited', 'getters'])('init with %s members: the same method and body reach the server', async (name) => {
    const { native, wrapped } = await compare(name);
    expect((native.echo as { received: unknown }).received).toEqual({ method: 'POST', body: expect.stringContaining('gpt-4o'), app: null });
    expect(wrapped).toEqual(native);
  });

  it('a Request passed as init: the same outcome (Chromium rejects its stream body over HTTP/1.1)', async () => {
    const { native, wrapped } = await compare('requestAsInit');
    expect(native.error).toMatch(/^TypeError/);
    expect(wrapped).toEqual(native);
  });

  it('a Request with a stream body is pulled no further than the native fetch pulls it', async () => {
    const { native, wrapped } = await compare('streamRequest');
    expect(wrapped.error ?? null).toEqual(native.error ?? null);
    expect(native.pulls).toBeLessThanOrEqual(2);
    expect(wrapped.pulls).toBeLessThanOrEqual(2);
  });

  it('init members and the URL\'s toString() are read once', async () => {
    const { native, wrapped } = await compare('readsOnce');
    expect(native.reads).toEqual({ method: 1, body: 1, headers: 1, toString: 1 });
    expect(wrapped).toEqual(native);
  });

  it('is shaped like the native fetch: name, length, no prototype, not a constructor', async () => {
    const { native, wrapped } = await compare('shape');
    expect(native).toEqual({ name: 'fetch', length: 1, hasPrototype: false, constructed: 'TypeError' });
    expect(wrapped).toEqual(native);
  });
});
