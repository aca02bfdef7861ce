/**
 * The same working panel on a hostile page: host CSS that resets and restyles every element
 * (`* { all: unset }`, giant fonts, even rules aimed at spanlens' own host element), layers at huge
 * z-indexes over the page, and a Content-Security-Policy header that allows no inline script, no
 * inline style and no HTML sink (Trusted Types enforced with no policy). Compared against a plain
 * page running the same app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pressHotkey, readTree, startPagesServer, STRICT_CSP } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startPagesServer);

interface Loaded {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
}

async function load(path: string): Promise<Loaded> {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    // The browser's own favicon probe is not the page's doing.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) consoleErrors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const response = await page.goto(env.server.url + path);
  if (path.includes('hostile')) expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await page.waitForSelector('html[data-done]', { state: 'attached' });
  return { page, consoleErrors, pageErrors };
}

/** What the panel looks like, measured: geometry and the computed style of its parts. */
function measurePanel(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
    const box = (selector: string) => {
      const el = root.querySelector(selector);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return { x: r.x, y: r.y, w: r.width, h: r.height, font: s.font, color: s.color, background: s.backgroundColor, display: s.display };
    };
    return {
      panel: box('[role="dialog"]'),
      tree: box('[role="tree"]'),
      row: box('[role="treeitem"]'),
      name: box('[role="treeitem"] .sl-name'),
      tab: box('[role="tab"]'),
    };
  });
}

describe('spanlens on a hostile page with a strict CSP', () => {
  let hostile: Loaded;
  let plain: Loaded;

  beforeAll(async () => {
    [hostile, plain] = await Promise.all([load('/test/e2e/pages/hostile.html'), load('/test/e2e/pages/plain.html')]);
  });

  it('loads and records without a single CSP violation or page error, and the app works', async () => {
    const { page } = hostile;
    expect(await page.getAttribute('html', 'data-done')).toBe('true');
    expect(await page.locator('#answer').textContent()).toContain('You asked: "hello from the page"');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(hostile.consoleErrors).toEqual([]);
    expect(hostile.pageErrors).toEqual([]);
  });

  it('the launcher sits above the page\'s own top layers and opens the panel', async () => {
    const launcher = hostile.page.getByRole('button', { name: /^Open spanlens/ });
    // click() checks that the launcher itself receives the click, not a layer above it.
    await launcher.click();
    await hostile.page.getByRole('dialog', { name: 'spanlens' }).waitFor();
    await hostile.page.evaluate(() => (window as unknown as { spanlens: { close(): void } }).spanlens.close());
  });

  it('the hotkey opens the same panel as on a plain page: same tree, same geometry, same styles', async () => {
    for (const { page } of [hostile, plain]) {
      await pressHotkey(page);
      await page.getByRole('dialog', { name: 'spanlens' }).waitFor();
      await page.locator('spanlens-overlay [role="treeitem"]').nth(1).waitFor();
    }
    const [hostileTree, plainTree] = await Promise.all([readTree(hostile.page), readTree(plain.page)]);
    expect(hostileTree.map((r) => [r.level, r.name, r.kind])).toEqual([
      [1, 'turn', 'chain'],
      [2, 'chat gpt-4o-mini', 'llm'],
    ]);
    expect(hostileTree).toEqual(plainTree);
    const [hostileLook, plainLook] = await Promise.all([measurePanel(hostile.page), measurePanel(plain.page)]);
    expect(hostileLook.panel).not.toBeNull();
    expect(hostileLook.row).not.toBeNull();
    expect(hostileLook).toEqual(plainLook);
    expect(hostileLook.name!.font).not.toContain('Comic Sans');
  });

  it('rows take clicks through the page\'s layers and open details', async () => {
    const row = hostile.page.locator('spanlens-overlay [role="treeitem"]', { hasText: 'chat gpt-4o-mini' });
    await row.click();
    const details = hostile.page.getByRole('region', { name: 'Span details' });
    await details.waitFor();
    expect(await details.innerText()).toContain('hello from the page');
    expect(await hostile.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(hostile.consoleErrors).toEqual([]);
  });

  it('works under enforced Trusted Types: the page forbids HTML sinks, and export still downloads', async () => {
    const { page } = hostile;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('spanlens-overlay [aria-label="Export session"]')]);
    expect(download.suggestedFilename()).toMatch(/\.otlp\.json$/);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    // Last, since it is a violation itself: the policy really is enforced on this page.
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(sink).toBe('TypeError');
  });
});
