/**
 * Shared by the journey tests: the demo server (the very config `npm run demo` uses, with fast
 * mock timings), driving the chat app, and reading what spanlens recorded and shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Connect } from 'vite';
import type { Page } from 'playwright-core';
import { demoConfig } from '../../demo/server';
import { createMockLlm, FAST_TIMING } from '../../demo/mock';
import { startTestServer, type TestServer } from './serve';
import { decodeOtlp } from '../../src/export/otlp';
import type { SpanData } from '../../src/core/span';

export interface RunningDemo {
  url: string;
  close(): Promise<void>;
}

export async function startDemo(): Promise<RunningDemo> {
  const server = await createServer({
    ...demoConfig({ port: 0, host: '127.0.0.1', timing: FAST_TIMING, logLevel: 'error' }),
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('demo server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** Open the demo and wait until its module code ran. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

export interface Answer {
  state: string;
  text: string;
}

/** Send a message and wait for the assistant's answer to finish (done, stopped or error). */
export async function ask(page: Page, question: string): Promise<Answer> {
  const before = await page.locator('.msg.assistant').count();
  await page.fill('#input', question);
  await page.click('#send');
  const answer = page.locator('.msg.assistant').nth(before);
  await answer.and(page.locator('[data-state]')).waitFor();
  return { state: (await answer.getAttribute('data-state')) ?? '', text: await answer.locator('.text').innerText() };
}

/** This page session's spans, through window.spanlens.export() and back through decodeOtlp. */
export async function exportedSpans(page: Page): Promise<SpanData[]> {
  const request = await page.evaluate(() => (window as unknown as { spanlens: { export(): Promise<unknown> } }).spanlens.export());
  const sessions = decodeOtlp(request);
  return sessions.flatMap((s) => s.spans);
}

export interface TreeRow {
  level: number;
  name: string;
  kind: string;
  error: boolean;
  /** The tokens cell's title: "<in> in · <out> out". */
  tokens: string;
}

/** The rows of the panel's span tree, as shown (inside the overlay's shadow root). */
export function readTree(page: Page): Promise<TreeRow[]> {
  return page.locator('spanlens-overlay [role="treeitem"]').evaluateAll((rows) =>
    rows
      .map((row) => ({
        top: (row as HTMLElement).offsetTop,
        level: Number(row.getAttribute('aria-level')),
        name: row.querySelector('.sl-name')?.textContent ?? '',
        kind: row.querySelector('.sl-kind')?.getAttribute('title') ?? '',
        error: row.classList.contains('sl-row-error'),
        tokens: row.querySelector('[title$=" out"]')?.getAttribute('title') ?? '',
      }))
      .sort((a, b) => a.top - b.top)
      .map(({ top: _top, ...rest }) => rest),
  );
}

export function pressHotkey(page: Page): Promise<void> {
  return page.keyboard.press('Alt+Shift+K');
}

export function attr(span: SpanData, key: string): unknown {
  return span.attributes[key];
}

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};
/** What the hostile pages are served with: no inline script or style of any kind is allowed. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

/**
 * Test pages and dist/ served byte for byte (no Vite HTML transform, no injected client), pages
 * named hostile* with the strict CSP header, plus the demo's mock LLM for the pages' own calls.
 */
export function pagesMiddleware(): Connect.NextHandleFunction {
  const mock = createMockLlm({ timing: FAST_TIMING });
  return (req, res, next) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const servable = path.startsWith('/test/e2e/pages/') || path.startsWith('/dist/');
    if (!servable || path.includes('..')) return mock(req, res, next);
    const file = join(REPO, path);
    if (!existsSync(file)) return next();
    const headers: Record<string, string> = { 'content-type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (/\/hostile[^/]*\.html$/.test(path)) headers['content-security-policy'] = STRICT_CSP;
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  };
}

export function startPagesServer(): Promise<TestServer> {
  return startTestServer(pagesMiddleware());
}

/** Console lines spanlens printed (`spanlens: ...` warnings), from the page and its frames. */
export function collectSpanlensWarnings(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('spanlens:')) lines.push(`${message.type()}: ${message.text()}`);
  });
  return lines;
}

/** Every notice the panel shows (the list unfolded). */
export async function panelNotices(page: Page): Promise<string[]> {
  const notices = page.locator('spanlens-overlay [role="status"]');
  await notices.waitFor();
  const more = notices.getByRole('button', { name: /earlier/ });
  if (await more.count()) await more.click();
  return notices.locator('.sl-notice-text').allInnerTexts();
}
