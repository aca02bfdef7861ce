// `node bench/overlay-screenshots.js`: docs/panel-light.png and docs/panel-dark.png from the demo session.
import { mkdirSync } from 'node:fs';
import { startOverlayServer } from './overlay-server.js';

const env = await startOverlayServer();
mkdirSync('docs', { recursive: true });
try {
  for (const theme of ['light', 'dark']) {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 2, colorScheme: theme });
    await page.addInitScript(() => localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ bottomHeight: 470 })));
    await page.goto(`${env.url}/test/e2e/pages/overlay.html?demo&theme=${theme}`);
    await page.waitForFunction(() => window.ready);
    await page.evaluate(() => {
      window.overlay.open();
    });
    await page.waitForSelector('spanlens-overlay >> .sl-row');
    // The agent's last llm call: its conversation (with markup in the model's output) in the details.
    await page.locator('spanlens-overlay .sl-row', { has: page.locator('.sl-name', { hasText: /^chat gpt-4o$/ }) }).last().click();
    await page.waitForTimeout(200);
    await page.locator('spanlens-overlay .sl-panel').screenshot({ path: `docs/panel-${theme}.png` });
    await page.close();
  }
} finally {
  await env.close();
}
console.log('wrote docs/panel-light.png docs/panel-dark.png');
