import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeOtlp } from '../../src/export/otlp';
import type { SpanData } from '../../src/core/span';
import { useBrowserAndServer } from './setup';

const env = useBrowserAndServer();

async function openPage(query = 'demo', page?: Page): Promise<Page> {
  page ??= await env.browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${env.server.url}/test/e2e/pages/overlay.html?${query}`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready);
  return page;
}

const panel = (page: Page) => page.locator('spanlens-overlay .sl-panel');

describe('the overlay in Chromium', () => {
  it('toggles with the hotkey, from the page and from inside the panel, and closes with Escape', async () => {
    const page = await openPage();
    await page.click('#app-input');
    await expect(panel(page).count()).resolves.toBe(0);
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    // The tree has the keyboard: arrows move the cursor right away.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('spanlens-overlay [role=tree]').getAttribute('aria-activedescendant')).resolves.toMatch(/^sl-row-/);
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor({ state: 'detached' });
    // Focus went back where it was.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('app-input');
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
    await page.close();
  });

  it('looks the same whatever CSS the host page has', async () => {
    const measure = async (query: string) => {
      const page = await openPage(query);
      await page.evaluate(() => (window as unknown as { overlay: { open(): void } }).overlay.open());
      await page.locator('spanlens-overlay .sl-row').first().waitFor();
      const styles = await page.evaluate(() => {
        const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
        const pick = (selector: string) => {
          const el = root.querySelector(selector)!;
          const cs = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return [selector, cs.fontFamily, cs.color, cs.backgroundColor, cs.padding, cs.borderTopWidth, cs.letterSpacing, cs.display, box.x, box.y, box.width, box.height];
        };
        return ['.sl-panel', '.sl-bar', '.sl-row', '.sl-row .sl-name', '.sl-search input', '.sl-tab'].map(pick);
      });
      await page.close();
      return styles;
    };
    const clean = await measure('demo');
    const hostile = await measure('demo&hostile');
    expect(hostile).toEqual(clean);
  });

  it('resizes the docked panel and moves the floating one with the mouse', async () => {
    const page = await openPage();
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    const before = (await panel(page).boundingBox())!;
    const edge = (await page.locator('spanlens-overlay .sl-resize').boundingBox())!;
    await page.mouse.move(edge.x + 200, edge.y + 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + 200, edge.y - 60, { steps: 4 });
    await page.mouse.move(edge.x + 200, edge.y - 98, { steps: 4 });
    await page.mouse.up();
    const taller = (await panel(page).boundingBox())!;
    expect(Math.round(taller.height - before.height)).toBe(100);

    await page.click('spanlens-overlay [aria-label="Float"]');
    const start = (await panel(page).boundingBox())!;
    const bar = (await page.locator('spanlens-overlay .sl-brand').boundingBox())!;
    await page.mouse.move(bar.x + 5, bar.y + 5);
    await page.mouse.down();
    await page.mouse.move(bar.x + 45, bar.y + 35, { steps: 5 });
    await page.mouse.up();
    const moved = (await panel(page).boundingBox())!;
    expect([Math.round(moved.x - start.x), Math.round(moved.y - start.y)]).toEqual([40, 30]);
    await page.close();
  });

  it('keeps open state, dock and tab across a reload', async () => {
    const page = await openPage();
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    await page.click('spanlens-overlay [aria-label="Dock to right"]');
    await page.click('spanlens-overlay [role=tab]:has-text("Sessions")');
    await page.waitForFunction(() => localStorage.getItem('spanlens:overlay:v1')?.includes('"dock":"right"'));
    await openPage('demo', page); // reload
    await panel(page).waitFor();
    await expect(panel(page).getAttribute('class')).resolves.toContain('sl-dock-right');
    await expect(page.locator('spanlens-overlay [role=tab][aria-selected=true]').textContent()).resolves.toContain('Sessions');
    const box = await panel(page).boundingBox();
    expect(box!.x + box!.width).toBe(1200);
    expect(box!.height).toBe(800);
    await page.close();
  });

  it('exports a file that decodes back to the same spans, and imports it as a read-only session', async () => {
    const page = await openPage();
    // End what the demo leaves running, so the export holds finished spans only.
    await page.evaluate(() => {
      const { fixture } = window as unknown as { fixture: { open: { end(): void }; turns: Array<{ end(): void }> } };
      fixture.open.end();
      fixture.turns[2].end();
    });
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('spanlens-overlay [aria-label="Export session"]')]);
    expect(download.suggestedFilename()).toMatch(/^spanlens-session-.*\.otlp\.json$/);
    const text = await readFile((await download.path())!, 'utf8');
    const [session] = decodeOtlp(text);
    const recorded = await page.evaluate(() => [...(window as unknown as { recorded: Map<string, unknown> }).recorded.values()]);
    const byId = (a: SpanData, b: SpanData) => (a.spanId < b.spanId ? -1 : 1);
    expect(session.spans.length).toBe(14);
    expect([...session.spans].sort(byId)).toEqual((recorded as SpanData[]).sort(byId));

    // Round trip through the file picker: a read-only session with the same tree.
    const liveRows = await page.locator('spanlens-overlay [role=treeitem]').count();
    await page.setInputFiles('spanlens-overlay input[type=file]', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.locator('spanlens-overlay .sl-viewing').waitFor();
    await expect(page.locator('spanlens-overlay [role=treeitem]').count()).resolves.toBe(liveRows);

    // Drag and drop onto the panel works the same way.
    await page.click('spanlens-overlay .sl-viewing .sl-link'); // back to live
    await page.evaluate((json) => {
      const panel = document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector('.sl-panel')!;
      const data = new DataTransfer();
      data.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, text);
    await page.locator('spanlens-overlay .sl-viewing').waitFor();
    await expect(page.locator('spanlens-overlay .sl-viewing').textContent()).resolves.toContain('dropped.json');

    // One trace: select a span, export from the details header.
    await page.click('spanlens-overlay .sl-row:has-text("search_flights")');
    const [traceDownload] = await Promise.all([page.waitForEvent('download'), page.click('spanlens-overlay [aria-label="Export trace"]')]);
    const [traceSession] = decodeOtlp(await readFile((await traceDownload.path())!, 'utf8'));
    const traceId = session.spans.find((s) => s.name === 'execute_tool search_flights')!.traceId;
    expect(traceSession.spans.length).toBe(session.spans.filter((s) => s.traceId === traceId).length);
    expect(traceSession.spans.every((s) => s.traceId === traceId)).toBe(true);

    // A bad file: a clear message, and the view stays as it was.
    await page.setInputFiles('spanlens-overlay input[type=file]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}') });
    const notice = page.locator('spanlens-overlay .sl-notice-error');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/bad\.json.*resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]/);
    await page.close();
  });

  it('lists the previous page session from IndexedDB and opens it read-only', async () => {
    const page = await openPage('demo&store');
    const firstSession = await page.evaluate(async () => {
      const w = window as unknown as { tracer: { sessionId: string }; overlay: unknown };
      // Let the batching writer store the demo's spans.
      await new Promise((r) => setTimeout(r, 300));
      return w.tracer.sessionId;
    });
    await openPage('store', page); // reload: a new, empty session
    await page.keyboard.press('Alt+Shift+KeyK');
    await page.click('spanlens-overlay [role=tab]:has-text("Sessions")');
    const earlier = page.locator('spanlens-overlay .sl-table tbody tr').nth(1);
    await earlier.waitFor();
    await expect(earlier.textContent()).resolves.toContain('14'); // its span count
    await earlier.locator('.sl-btn').click();
    await page.locator('spanlens-overlay .sl-viewing').waitFor();
    await expect(page.locator('spanlens-overlay [role=treeitem]').count()).resolves.toBe(14);
    const viewed = await page.evaluate(() => document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector('.sl-viewing')!.textContent);
    expect(viewed).toContain('read-only');
    expect(firstSession).toMatch(/\w/);
    await page.close();
  });

  it('keeps every header button and session action inside the narrowest right-docked panel', async () => {
    const page = await openPage('demo&store');
    await page.waitForTimeout(300); // the batching writer stores the demo's spans
    await page.evaluate(() => localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ open: true, dock: 'right', rightWidth: 360, tab: 'sessions' })));
    await openPage('store', page); // reload: the demo session is now an earlier one
    await page.locator('spanlens-overlay .sl-table tbody tr').nth(1).waitFor();
    const outside = await page.evaluate(() => {
      const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
      const box = root.querySelector('.sl-panel')!.getBoundingClientRect();
      const controls = [...root.querySelectorAll<HTMLElement>('.sl-bar button, .sl-table button')].filter((b) => b.offsetParent !== null);
      return {
        count: controls.length,
        outside: controls.filter((b) => {
          const r = b.getBoundingClientRect();
          return r.left < box.left || r.right > box.right || r.top < box.top;
        }).map((b) => b.getAttribute('aria-label') ?? b.textContent),
      };
    });
    // Close, Export, Theme, three docks, two tabs; per row Open/Viewing and Export, Delete for the stored one.
    expect(outside.count).toBeGreaterThanOrEqual(8 + 5);
    expect(outside.outside).toEqual([]);

    // The floating panel's details bar: long trace totals give way, its buttons stay in the pane.
    await page.evaluate(() => localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ open: true, dock: 'floating', tab: 'traces' })));
    await openPage('demo', page);
    // A long name whose model is not in it: the row shows a model tag if there is room.
    await page.evaluate(() => {
      const { tracer } = window as unknown as { tracer: { startSpan(name: string, o: object): { end(): void } } };
      tracer.startSpan('summarize the whole conversation so far', { kind: 'llm', attributes: { 'gen_ai.request.model': 'gpt-4o-mini-2024-07-18' } }).end();
    });
    await page.locator('spanlens-overlay .sl-row:has-text("summarize the whole")').waitFor();
    await page.click('spanlens-overlay .sl-row:has-text("search_flights")');
    const clipped = await page.evaluate(() => {
      const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
      const pane = root.querySelector('.sl-pane-detail')!.getBoundingClientRect();
      const name = root.querySelector<HTMLElement>('.sl-detail-bar .sl-strong')!;
      const buttons = [...root.querySelectorAll('.sl-detail-bar button')].map((b) => b.getBoundingClientRect());
      // A model tag is shown readable or not at all.
      const slivers = [...root.querySelectorAll<HTMLElement>('.sl-row .sl-model')].filter((m) => m.offsetParent !== null && m.getBoundingClientRect().width < 40).length;
      return { buttons: buttons.length, outside: buttons.filter((r) => r.right > pane.right || r.left < pane.left).length, nameCut: name.scrollWidth > name.clientWidth, slivers };
    });
    // Copy as Markdown, Export trace, Close: all of them inside the pane.
    expect(clipped).toEqual({ buttons: 3, outside: 0, nameCut: false, slivers: 0 });

    // The divider dragged far left: the tree pane drops columns, but a failure's mark stays in view.
    await page.evaluate(() => localStorage.setItem('spanlens:overlay:v1', JSON.stringify({ open: true, dock: 'right', rightWidth: 1000, split: 0.2 })));
    await openPage('demo', page);
    await page.click('spanlens-overlay .sl-row:has-text("search_flights")');
    const status = await page.evaluate(() => {
      const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
      const pane = root.querySelector('.sl-pane-tree')!.getBoundingClientRect();
      const mark = root.querySelector('.sl-row-error .sl-c-st')!.getBoundingClientRect();
      return { paneWidth: Math.round(pane.width), inside: mark.width > 0 && mark.left >= pane.left && mark.right <= pane.right };
    });
    expect(status.paneWidth).toBeLessThan(250);
    expect(status.inside).toBe(true);
    await page.close();
  });

  it('shows markup from model output as text: no element, no script runs', async () => {
    const page = await openPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.keyboard.press('Alt+Shift+KeyK');
    await page.locator('spanlens-overlay .sl-row', { has: page.locator('.sl-name', { hasText: /^chat gpt-4o$/ }) }).last().click();
    await page.locator('spanlens-overlay .sl-detail').getByText('onerror', { exact: false }).first().waitFor();
    const found = await page.evaluate(() => {
      const root = document.querySelector('spanlens-overlay')!.shadowRoot!;
      return {
        elements: root.querySelectorAll('img, script, iframe, object').length,
        jsLinks: [...root.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href')!)).length,
        text: root.querySelector('.sl-detail')!.textContent!.includes('<img src=x onerror="alert(1)">'),
      };
    });
    expect(found).toEqual({ elements: 0, jsLinks: 0, text: true });
    await page.waitForTimeout(50);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('follows the system color scheme until the user picks a theme', async () => {
    const page = await env.browser.newPage({ colorScheme: 'dark' });
    await openPage('demo', page);
    await page.keyboard.press('Alt+Shift+KeyK');
    await panel(page).waitFor();
    const theme = () => page.locator('spanlens-overlay .sl').getAttribute('data-theme');
    await expect(theme()).resolves.toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector('.sl')!.getAttribute('data-theme') === 'light');
    await page.click('spanlens-overlay [aria-label^="Theme"]'); // auto → light
    await page.click('spanlens-overlay [aria-label^="Theme"]'); // light → dark
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(theme()).resolves.toBe('dark');
    await page.close();
  });

  it('is styled under a strict style-src CSP', async () => {
    const page = await env.browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    await page.goto(`${env.server.url}/test/e2e/pages/overlay-csp.html`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready);
    await page.locator('spanlens-overlay .sl-row').waitFor();
    const style = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector('.sl-panel')!);
      return { position: cs.position, display: cs.display };
    });
    expect(style).toEqual({ position: 'fixed', display: 'flex' });
    expect(violations.filter((v) => v.includes('style'))).toEqual([]);
    await page.close();
  });
});
