/**
 * For the overlay's benchmark and screenshot scripts (plain node): a Vite dev server over the
 * repository root and headless Chromium, as in test/e2e/serve.ts and browser.ts.
 */
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

export async function startOverlayServer() {
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    clearScreen: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
