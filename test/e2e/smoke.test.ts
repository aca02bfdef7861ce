import { describe, expect, it } from 'vitest';
import { useBrowserAndServer } from './setup';

const env = useBrowserAndServer();

describe('the script-tag bundle in Chromium', () => {
  it('exposes window.spanlens and records spans with the manual API', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/test/e2e/pages/blank.html`);
    await page.addScriptTag({ url: '/dist/spanlens.iife.js' });
    const result = await page.evaluate(async () => {
      const api = (window as unknown as { spanlens: typeof import('../../src/index') }).spanlens;
      const ended: Array<{ name: string; parent?: string; id: string }> = [];
      api.getTracer().subscribe((type, span) => {
        if (type === 'end') ended.push({ name: span.name, parent: span.parentSpanId, id: span.spanId });
      });
      await api.trace('turn', async () => {
        await new Promise((r) => setTimeout(r, 5));
        await api.tool('get_weather', { city: 'Oslo' }, async () => 'sunny');
      });
      return ended;
    });
    expect(result.map((s) => s.name)).toEqual(['execute_tool get_weather', 'turn']);
    expect(result[0].parent).toBe(result[1].id);
    await page.close();
  });
});
