/**
 * Shared by the journey tests: the demo server (the very config `npm run demo` uses, with fast
 * mock timings), driving the chat app, and reading what spanlens recorded and shows.
 */
import { createServer } from 'vite';
import type { Page } from 'playwright-core';
import { demoConfig } from '../../demo/server';
import { FAST_TIMING } from '../../demo/mock';
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
