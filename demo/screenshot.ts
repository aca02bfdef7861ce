/**
 * Regenerates docs/demo.png: the demo after two turns (the second with the failing tool), the
 * panel docked right with the failing span selected. Run `node demo/screenshot.mjs` after
 * `npm run build`; it uses the system Chromium like the end-to-end tests.
 */
import { createServer } from 'vite';
import { launchBrowser } from '../test/e2e/browser';
import { demoConfig } from './server.ts';

export async function takeScreenshot(out: string, scheme: 'light' | 'dark' = 'light'): Promise<void> {
  const server = await createServer(demoConfig({ port: 0, host: '127.0.0.1', logLevel: 'warn', timing: { firstTokenMs: 250, tokenMs: 12, toolMs: 120 } }));
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, colorScheme: scheme });
    await page.addInitScript(() => {
      localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ open: false, dock: 'right', rightWidth: 600, theme: 'auto', split: 0.5 }));
    });
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForSelector('body[data-ready=true]');
    for (const question of ["What's the weather in Oslo, and what should I pack?", 'Compare the weather in Oslo, Lisbon and Atlantis']) {
      const before = await page.locator('.msg.assistant').count();
      await page.fill('#input', question);
      await page.click('#send');
      await page.locator('.msg.assistant').nth(before).and(page.locator('[data-state]')).waitFor({ timeout: 30_000 });
    }
    await page.keyboard.press('Alt+Shift+K');
    await page.locator('spanlens-overlay [role=treeitem].sl-row-error').first().click();
    await page.getByRole('region', { name: 'Span details' }).waitFor();
    await page.waitForTimeout(300); // let the last frame of the panel paint
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
    await server.close();
  }
}
