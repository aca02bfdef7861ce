/**
 * The panel as a second file (src/launcher/lazy-overlay.ts, src/lazy/sibling-module.ts): a page
 * that never opens the panel never fetches it; the hotkey, the launcher and `spanlens.open()` fetch
 * it once and show what was recorded before; `data-open` fetches it at load; a missing or
 * CSP-blocked file gets one line saying what to do while recording goes on; a nonce-based CSP lets
 * it in through the script tag's nonce; the single-file build fetches nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pressHotkey, readTree, startPagesServer } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startPagesServer);

const PANEL_FILE = '/dist/spanlens.panel.js';
const RECORDED_BEFORE = [
  [1, 'turn', 'chain'],
  [2, 'chat gpt-4o-mini', 'llm'],
];

interface Loaded {
  page: Page;
  /** Requests for the panel file so far. */
  panelRequests: string[];
  /** `spanlens: ...` lines on the console. */
  warnings: string[];
  pageErrors: string[];
}

/** A fresh context (nothing cached, no saved panel state), the page loaded and its app done. */
async function load(path: string, setup?: (page: Page) => Promise<unknown>): Promise<Loaded> {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  // Closing the page closes its context: one page per context in this file.
  const closePage = page.close.bind(page);
  page.close = async () => {
    await closePage();
    await context.close();
  };
  const loaded: Loaded = { page, panelRequests: [], warnings: [], pageErrors: [] };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === PANEL_FILE) loaded.panelRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.text().startsWith('spanlens:')) loaded.warnings.push(message.text());
  });
  page.on('pageerror', (error) => loaded.pageErrors.push(error.message));
  await setup?.(page);
  await page.goto(env.server.url + path);
  await page.waitForSelector('html[data-done="true"]', { state: 'attached' });
  await page.evaluate(() => (window as unknown as { spanlens: { ready: Promise<void> } }).spanlens.ready);
  return loaded;
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'spanlens' });
const launcher = (page: Page) => page.locator('spanlens-overlay .sl-launcher');

async function expectPanelWithRecordedSpans(page: Page): Promise<void> {
  await dialog(page).waitFor();
  await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
  expect((await readTree(page)).map((row) => [row.level, row.name, row.kind])).toEqual(RECORDED_BEFORE);
}

/** Record one more turn through the manual API and return the names in the session's export. */
function recordAndExport(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { spanlens: typeof import('../../src/index') & { export(): Promise<{ resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> }> } }).spanlens;
    await api.trace('after the failure', async () => 'ok');
    const request = await api.export();
    return request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
  });
}

describe('the panel loaded on demand', () => {
  it('a page that never opens the panel fetches no panel file and shows only the launcher', async () => {
    const { page, panelRequests, pageErrors } = await load('/test/e2e/pages/plain.html');
    await launcher(page).waitFor();
    expect(await page.getByRole('button', { name: 'Open spanlens' }).count()).toBe(1);
    expect(await page.locator('spanlens-overlay').count()).toBe(1);
    expect(await dialog(page).count()).toBe(0);
    expect(panelRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('the hotkey fetches the panel once and it shows the spans recorded before it loaded', async () => {
    const { page, panelRequests } = await load('/test/e2e/pages/plain.html');
    await pressHotkey(page);
    await expectPanelWithRecordedSpans(page);
    await pressHotkey(page);
    await dialog(page).waitFor({ state: 'detached' });
    await pressHotkey(page);
    await dialog(page).waitFor();
    expect(panelRequests).toHaveLength(1);
    expect(await page.locator('spanlens-overlay').count()).toBe(1);
    await page.close();
  });

  it('the launcher and open(), asked at once, share one fetch; the launcher shows it is loading', async () => {
    // The panel file is held back until the test has seen the launcher's loading state.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { page, panelRequests } = await load('/test/e2e/pages/plain.html', (page) =>
      page.route(`**${PANEL_FILE}`, async (route) => {
        await held;
        await route.continue();
      }),
    );
    await launcher(page).waitFor();
    await page.evaluate(() => {
      const api = (window as unknown as { spanlens: { open(): void } }).spanlens;
      api.open();
      api.open();
      document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector<HTMLElement>('.sl-launcher')!.click();
    });
    await page.locator('spanlens-overlay .sl-launcher[aria-busy="true"]').waitFor();
    expect(await launcher(page).textContent()).toBe('spanlens…');
    release();
    await expectPanelWithRecordedSpans(page);
    expect(panelRequests).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { spanlens: { isOpen(): boolean } }).spanlens.isOpen())).toBe(true);
    await page.close();
  });

  it('data-open fetches the panel at load, without a click', async () => {
    const { page, panelRequests } = await load('/test/e2e/pages/lazy-open.html');
    await expectPanelWithRecordedSpans(page);
    expect(panelRequests).toHaveLength(1);
    await page.close();
  });

  it('a panel file that is not served: one line saying what to serve, the launcher says it too, recording goes on', async () => {
    const loaded = await load('/test/e2e/pages/plain.html', (page) =>
      page.route(`**${PANEL_FILE}`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })),
    );
    const { page, warnings, pageErrors } = loaded;
    await launcher(page).click();
    const line = `spanlens: could not load ${env.server.url}${PANEL_FILE}; serve dist/spanlens.panel.js beside the script tag's file (or use spanlens.single.iife.js); recording goes on`;
    await page.getByRole('button', { name: line }).waitFor();
    expect(warnings).toEqual([line]);
    expect(pageErrors).toEqual([]);
    expect(await recordAndExport(page)).toEqual(expect.arrayContaining(['turn', 'chat gpt-4o-mini', 'after the failure']));
    await page.close();
  });

  it('a CSP that does not allow the panel file: one line naming the policy and what to add', async () => {
    const { page, warnings } = await load('/test/e2e/pages/lazy-csp-blocked.html');
    await pressHotkey(page);
    const line = `spanlens: the page's Content-Security-Policy blocked ${env.server.url}${PANEL_FILE}; allow it in script-src (add ${env.server.url}, or a nonce on spanlens' script tag); recording goes on`;
    await page.getByRole('button', { name: line }).waitFor();
    expect(warnings).toEqual([line]);
    expect(await recordAndExport(page)).toEqual(expect.arrayContaining(['turn', 'after the failure']));
    await page.close();
  });

  it('under a nonce-only CSP, the panel file comes in through the script tag\'s nonce', async () => {
    const { page, panelRequests, pageErrors } = await load('/test/e2e/pages/lazy-nonce.html');
    await pressHotkey(page);
    await expectPanelWithRecordedSpans(page);
    expect(panelRequests).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('the single-file build opens the panel without fetching anything', async () => {
    const { page, panelRequests } = await load('/test/e2e/pages/single.html');
    await pressHotkey(page);
    await expectPanelWithRecordedSpans(page);
    expect(panelRequests).toEqual([]);
    await page.close();
  });
});
