/**
 * What only a tool inside the page can do, in headless Chromium on the demo: the turn's input and
 * paint marks, picking a chat bubble to its span and showing a span's answer in the page, the
 * failure badge and toast while the panel is closed, the shortcuts list, the context gauge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { SpanData } from '../../src/core/span';
import { ask, attr, exportedSpans, openDemo, pressHotkey, startDemo } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startDemo);

describe('the page as the user felt it', () => {
  let context: BrowserContext;
  let page: Page;
  let spans: SpanData[];

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    await openDemo(page, env.server.url);
    // A turn with a failing tool (Atlantis) while the panel is closed.
    await ask(page, 'Compare the weather in Oslo, Lisbon and Atlantis');
    // The last words are looked for once the stream ended: give the watch its frames.
    await page.waitForFunction(async () => {
      const request = (await (window as unknown as { spanlens: { export(): Promise<unknown> } }).spanlens.export()) as { resourceSpans: { scopeSpans: { spans: { events?: { name: string }[] }[] }[] }[] };
      const events = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.flatMap((span) => span.events ?? [])));
      return events.filter((e) => e.name === 'spanlens.page.last_paint').length >= 2;
    }, undefined, { timeout: 20_000 });
    spans = await exportedSpans(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('records the click that started the turn and when each answer was first and last painted', () => {
    const root = spans.find((s) => s.parentSpanId === undefined && attr(s, 'spanlens.turn.input.type') !== undefined)!;
    expect(root).toBeDefined();
    expect(attr(root, 'spanlens.turn.input.type')).toBe('click');
    expect(attr(root, 'spanlens.turn.input.target')).toMatch(/^button#send/);
    const inputTime = attr(root, 'spanlens.turn.input.time') as number;
    expect(inputTime).toBeLessThanOrEqual(root.startTime);
    const llms = spans.filter((s) => s.kind === 'llm' && s.traceId === root.traceId);
    const painted = llms.filter((s) => s.events.some((e) => e.name === 'spanlens.page.last_paint'));
    expect(painted.length).toBeGreaterThanOrEqual(1);
    for (const span of painted) {
      const first = span.events.find((e) => e.name === 'spanlens.page.first_paint')!.time;
      const last = span.events.find((e) => e.name === 'spanlens.page.last_paint')!.time;
      const token = span.events.find((e) => e.name === 'gen_ai.first_token')?.time ?? span.startTime;
      // Painted after the first token came in, last words no earlier than the first.
      expect(first).toBeGreaterThanOrEqual(token);
      expect(last).toBeGreaterThanOrEqual(first);
    }
  });

  it('shows the failure as a badge and a toast while the panel is closed', async () => {
    const badge = page.locator('spanlens-overlay .sl-launcher .sl-badge-err');
    await expect(badge.innerText()).resolves.toMatch(/^[1-9]\d*$/);
    await expect(page.locator('spanlens-overlay .sl-toast').first().innerText()).resolves.toContain('Atlantis');
  });

  it('picks the assistant bubble and selects the span that wrote it; the badge is cleared on open', async () => {
    await pressHotkey(page);
    await page.locator('spanlens-overlay .sl-panel').waitFor();
    await page.click('spanlens-overlay [aria-label="Pick an element of the page"]');
    await page.locator('.msg.assistant .text').last().click();
    const name = page.locator('spanlens-overlay .sl-d-name');
    await name.waitFor();
    const selectedKind = await page.locator('spanlens-overlay .sl-d-kind').textContent();
    expect(selectedKind).toBe('llm');
    // The bubble's text comes from this span's output.
    const bubble = await page.locator('.msg.assistant .text').last().innerText();
    const output = await page.evaluate(() => document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector('.sl-d')!.textContent ?? '');
    expect(output).toContain(bubble.split('\n')[0].slice(0, 40));
    // Show in page outlines the bubble.
    await page.click('spanlens-overlay [aria-label="Show in page"]');
    const box = await page.evaluate(() => {
      const found = document.querySelector('spanlens-overlay')!.shadowRoot!.querySelector<HTMLElement>('.sl-pick-found');
      return found ? found.getBoundingClientRect().toJSON() : undefined;
    });
    const target = await page.locator('.msg.assistant').last().boundingBox();
    expect(box).toBeDefined();
    expect(Math.abs(box!.top - target!.y)).toBeLessThan(target!.height);
    await pressHotkey(page);
    await expect(page.locator('spanlens-overlay .sl-launcher .sl-badge-err').count()).resolves.toBe(0);
  });

  it('says so when the picked text was written by no span', async () => {
    await pressHotkey(page);
    await page.locator('spanlens-overlay .sl-panel').waitFor();
    await page.keyboard.press('p');
    await page.locator('h1, header').first().click();
    await expect(page.locator('spanlens-overlay .sl-notice-text', { hasText: 'No recorded answer' }).first().innerText()).resolves.toContain('wrote that text');
  });

  it('lists the keyboard shortcuts on ?, and shows the context gauge and speed of a completion', async () => {
    await page.locator('spanlens-overlay .sl-tbody').focus();
    await page.keyboard.press('?');
    await expect(page.locator('spanlens-overlay .sl-help').innerText()).resolves.toContain('pick an element');
    await page.keyboard.press('Escape');
    await expect(page.locator('spanlens-overlay .sl-help').count()).resolves.toBe(0);
    await page.click('spanlens-overlay .sl-row:has-text("chat gpt-4o-mini") >> nth=-1'); // the answer after the tools: it has text
    const overview = await page.locator('spanlens-overlay .sl-d-grid').first().innerText();
    expect(overview).toMatch(/Context\s+[\d.]+% of 128,000/);
    expect(overview).toMatch(/Speed\s+[\d.]+ tokens\/s/);
    expect(overview).toMatch(/Painted\s+first \+/);
  });

  it('shows the turn as the user felt it in the first span of the trace', async () => {
    const root = spans.find((s) => s.parentSpanId === undefined && attr(s, 'spanlens.turn.input.type') !== undefined)!;
    await page.click(`spanlens-overlay .sl-row:has-text(${JSON.stringify(root.name)}) >> nth=0`);
    const felt = await page.locator('spanlens-overlay .sl-d-felt').innerText();
    expect(felt).toContain('input → first paint');
    expect(felt).not.toMatch(/input → first paint\s+not seen/);
  });
});
