/**
 * Regenerates the README's screenshots of replay/compare, pinned answers and trace diff:
 * docs/replay-compare.png, docs/pin-answer.png, docs/trace-diff.png. Run
 * `node demo/screenshot-act.mjs` after `npm run build` (system Chromium, like the e2e tests).
 */
import { createServer } from 'vite';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/e2e/browser';
import { demoConfig } from './server.ts';

async function ask(page: Page, question: string): Promise<void> {
  const before = await page.locator('.msg.assistant').count();
  await page.fill('#input', question);
  await page.click('#send');
  await page.locator('.msg.assistant').nth(before).and(page.locator('[data-state]')).waitFor({ timeout: 30_000 });
}

export async function takeScreenshots(dir: string): Promise<void> {
  const server = await createServer(demoConfig({ port: 0, host: '127.0.0.1', logLevel: 'warn', timing: { firstTokenMs: 150, tokenMs: 8, toolMs: 80 } }));
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript(() => {
      localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ open: false, dock: 'right', rightWidth: 760, theme: 'light', split: 0.42 }));
    });
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForSelector('body[data-ready=true]');
    await ask(page, "What's the weather in Oslo?");
    await ask(page, 'And in Lisbon?');
    const overlay = page.locator('spanlens-overlay');
    const shot = async (name: string) => {
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${dir}/${name}` });
    };

    // Replay the last answer with another model, then compare.
    await page.keyboard.press('Alt+Shift+K');
    await overlay.locator('[role=treeitem]', { hasText: 'chat gpt-4o-mini' }).first().click();
    const tools = overlay.locator('.sl-t');
    await tools.locator('[role=tab]', { hasText: 'Replay' }).click();
    await tools.locator('input[name=model]').fill('gpt-4.1-mini');
    await tools.locator('button[type=submit]').click();
    await tools.locator('.sl-t-col').nth(1).waitFor();
    await tools.locator('[role=tab]', { hasText: 'Replay' }).click();
    await tools.locator('input[name=model]').fill('gpt-4o');
    await tools.locator('button[type=submit]').click();
    await tools.locator('.sl-t-col').nth(2).waitFor();
    await page.waitForFunction(() => !document.querySelector('spanlens-overlay')?.shadowRoot?.querySelector('.sl-t-col .sl-d-live'), undefined, { timeout: 20_000 });
    await tools.locator('.sl-t').scrollIntoViewIfNeeded().catch(() => undefined);
    await tools.scrollIntoViewIfNeeded();
    await shot('replay-compare.png');

    // The pin editor, and a pinned answer listed.
    await tools.locator('[role=tab]', { hasText: 'Pin answer' }).click();
    await tools.locator('textarea[name=pin-text]').fill('Pinned by spanlens: it is snowing in Lisbon.');
    await tools.getByRole('button', { name: 'Pin', exact: true }).click();
    await tools.scrollIntoViewIfNeeded();
    await shot('pin-answer.png');

    // Trace diff of the two turns.
    await overlay.locator('[role=treeitem]', { hasText: 'turn' }).first().click();
    await tools.locator('[role=tab]', { hasText: 'Diff trace' }).click();
    await tools.scrollIntoViewIfNeeded();
    await shot('trace-diff.png');
  } finally {
    await browser.close();
    await server.close();
  }
}
