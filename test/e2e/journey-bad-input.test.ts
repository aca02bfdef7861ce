/**
 * Bad input to the script tag, in Chromium: a malformed data attribute, a config object of the
 * wrong shape, a document with no <head>, a page inside an iframe, fetch patched by the app before
 * spanlens loaded, and the script loaded twice. Each gets one clear `spanlens:` line (once), the
 * panel shows it, and the page's app still gets its answer.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { collectSpanlensWarnings, panelNotices, readTree, startPagesServer } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startPagesServer);

const APP_ANSWER = 'You asked: "hello from the page"';

interface Opened {
  page: Page;
  warnings: string[];
  pageErrors: string[];
}

async function open(path: string): Promise<Opened> {
  const page = await env.browser.newPage();
  const warnings = collectSpanlensWarnings(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url + path);
  return { page, warnings, pageErrors };
}

/** The app in the page (or frame) finished its call and shows the model's answer. */
async function expectAppWorked(target: Page | Frame): Promise<void> {
  await target.waitForSelector('html[data-done]', { state: 'attached' });
  expect(await target.getAttribute('html', 'data-done')).toBe('true');
  expect(await target.locator('#answer').textContent()).toContain(APP_ANSWER);
}

type SpanlensWindow = { spanlens: { open(): void; ready: Promise<void>; problems: readonly string[] } };

async function openPanel(target: Page | Frame): Promise<void> {
  await target.evaluate(async () => {
    const spanlens = (window as unknown as SpanlensWindow).spanlens;
    await spanlens.ready;
    spanlens.open();
  });
}

describe('bad input to the script tag', () => {
  it('a malformed data attribute and an unknown one: one line each, defaults used, the rest applied', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/bad-attribute.html');
    await expectAppWorked(page);
    const expected = [
      'spanlens: data-max-sessions="lots" should be a whole number ≥ 1; using the default (50)',
      'spanlens: data-hotkee is not an option (did you mean data-hotkey?); ignored',
    ];
    expect(warnings).toEqual(expected.map((line) => `warning: ${line}`));
    await openPanel(page);
    expect(await panelNotices(page)).toEqual(expect.arrayContaining(expected));
    // data-dock="right", the valid attribute, still took effect.
    expect(await page.locator('spanlens-overlay .sl-dock-right').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('window.spanlensConfig of the wrong shape: one line, and everything works on defaults', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/bad-config.html');
    await expectAppWorked(page);
    const line = "spanlens: window.spanlensConfig should be an object like { hotkey: 'Alt+Shift+K' }, got an array; using the defaults";
    expect(warnings).toEqual([`warning: ${line}`]);
    await openPanel(page);
    expect(await panelNotices(page)).toContain(line);
    await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
    expect((await readTree(page)).map((r) => r.name)).toEqual(['turn', 'chat gpt-4o-mini']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a document with no <head> (XHTML, no <body> either): one line, the panel mounts on the root element', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/no-head.xhtml');
    await expectAppWorked(page);
    expect(await page.evaluate(() => [document.head === null, document.body === null])).toEqual([true, true]);
    expect(warnings).toEqual([
      "warning: spanlens: this document has no <head>; spanlens runs, but load it before the app's own scripts so SDK clients created at startup are traced",
    ]);
    await openPanel(page);
    expect(await page.evaluate(() => document.querySelector('spanlens-overlay')?.parentElement === document.documentElement)).toBe(true);
    await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
    expect((await readTree(page)).map((r) => r.name)).toEqual(['turn', 'chat gpt-4o-mini']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('inside an iframe: one line, the frame gets its own working panel, the top page is untouched', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/frame-host.html');
    const frame = page.frame({ url: /framed\.html$/ })!;
    await expectAppWorked(frame);
    expect(warnings).toEqual([
      "warning: spanlens: running inside a frame; this panel shows only the frame's calls, and its hotkey works while the frame has focus",
    ]);
    await openPanel(frame);
    expect(await panelNotices(frame as unknown as Page)).toContain(
      "spanlens: running inside a frame; this panel shows only the frame's calls, and its hotkey works while the frame has focus",
    );
    expect(await page.evaluate(() => ['spanlens' in window, document.querySelector('spanlens-overlay') === null])).toEqual([false, true]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('fetch patched by the app before spanlens: one line, the app\'s wrapper still runs, calls through it are recorded', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/fetch-patched.html');
    await expectAppWorked(page);
    expect(warnings).toEqual([
      'warning: spanlens: window.fetch was already replaced by other code when spanlens loaded; calls made through a fetch captured before are not recorded (load spanlens first in <head>)',
    ]);
    expect(await page.evaluate(() => (window as unknown as { appFetchCalls: number }).appFetchCalls)).toBe(1);
    await openPanel(page);
    await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
    expect((await readTree(page)).map((r) => r.name)).toEqual(['turn', 'chat gpt-4o-mini']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('loaded twice: installs once (one panel, fetch wrapped once, the same window.spanlens), says so once', async () => {
    const { page, warnings, pageErrors } = await open('/test/e2e/pages/twice.html');
    await expectAppWorked(page);
    expect(warnings).toEqual([
      'warning: spanlens: already installed on this page; this second copy of the script and its configuration were ignored',
    ]);
    expect(await page.evaluate(() => (window as unknown as { firstCopy: unknown }).firstCopy === (window as unknown as SpanlensWindow).spanlens)).toBe(true);
    await openPanel(page);
    expect(await panelNotices(page)).toContain('spanlens: already installed on this page; this second copy of the script and its configuration were ignored');
    expect(await page.locator('spanlens-overlay').count()).toBe(1);
    // The first copy's configuration (dock right) is the one in effect.
    expect(await page.locator('spanlens-overlay .sl-dock-right').count()).toBe(1);
    await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
    // One llm span for the one call: fetch was not wrapped twice.
    expect((await readTree(page)).map((r) => r.name)).toEqual(['turn', 'chat gpt-4o-mini']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
