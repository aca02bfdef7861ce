/**
 * Replay, compare, what-if, trace diff and feedback in headless Chromium, against the demo chat
 * app and its mock LLM: the API (window.spanlens) and the panel's controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { SpanData } from '../../src/core/span';
import { ask, attr, exportedSpans, openDemo, pressHotkey, startDemo } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startDemo);

type Api = {
  score(id: string, score: unknown): Promise<void>;
  replay(id: string, edits?: unknown): Promise<string>;
  override(match: unknown, response: unknown, options?: unknown): { id: string; remove(): void };
  dataset(format: string, options?: unknown): Promise<string>;
  markdown(traceId: string): Promise<string>;
};
const api = (page: Page) => page.evaluate.bind(page);
const panel = (page: Page) => page.locator('spanlens-overlay');
/** The tree row of a span (rows are `#sl-row-<span id>`). */
const row = (page: Page, spanId: string) => panel(page).locator(`[id="sl-row-${spanId}"]`);
/** The demo's send button is under the panel: close it to chat, open it to look. */
const setPanel = (page: Page, open: boolean) => page.evaluate((o) => (window as unknown as { spanlens: { open(): void; close(): void } }).spanlens[o ? 'open' : 'close'](), open);

describe('replay, compare, what-if, diff and feedback', () => {
  let context: BrowserContext;
  let page: Page;
  let spans: SpanData[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openDemo(page, env.server.url);
    expect((await ask(page, 'Weather in Oslo?')).state).toBe('done');
    expect((await ask(page, 'And in Lisbon?')).state).toBe('done');
    spans = await exportedSpans(page);
  });
  afterAll(() => context?.close());

  const llmSpans = () => spans.filter((s) => s.kind === 'llm').sort((a, b) => a.startTime - b.startTime);

  it('spanlens.replay() re-issues an edited call, streamed, as a linked span; the mock saw the edits', async () => {
    const original = llmSpans().at(-1)!;
    const bodies: string[] = [];
    page.on('request', (r) => r.url().endsWith('/v1/chat/completions') && bodies.push(r.postData() ?? ''));
    const id = await api(page)(
      ([spanId]) =>
        (window as unknown as { spanlens: Api }).spanlens.replay(spanId, {
          model: 'gpt-4o',
          messages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Rome?' }] }],
        }),
      [original.spanId],
    );
    // Replays go through the native fetch: the page's own request log still sees them.
    const sent = JSON.parse(bodies.at(-1)!) as { model: string; stream: boolean; messages: unknown[]; tools: unknown[] };
    expect(sent).toMatchObject({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Weather in Rome?' }] });
    expect(sent.tools).toHaveLength(1);
    spans = await exportedSpans(page);
    const replay = spans.find((s) => s.spanId === id)!;
    expect(attr(replay, 'spanlens.replay_of')).toBe(original.spanId);
    expect(replay.links?.[0]).toMatchObject({ spanId: original.spanId, traceId: original.traceId });
    expect(attr(replay, 'gen_ai.request.model')).toBe('gpt-4o');
    expect(String(attr(replay, 'gen_ai.output.messages'))).toContain('Rome');
    // The demo's key went over the wire for the replay, and is nowhere in what spanlens exports.
    expect(JSON.stringify(spans)).not.toContain('sk-demo');
  });

  it('the panel replays with an edited model and compares the columns live', async () => {
    await pressHotkey(page);
    const original = llmSpans()[0];
    await row(page, original.spanId).click();
    const tools = panel(page).locator('.sl-t');
    await tools.locator('[role="tab"]', { hasText: 'Replay' }).click();
    const tabs = tools.locator('[role="tabpanel"]');
    // Invalid JSON gets an inline error and blocks Send.
    await tabs.locator('textarea[name="tools"]').fill('[{"name": ');
    await expect.poll(() => tabs.locator('[role="alert"]').first().textContent()).toMatch(/not valid JSON/);
    expect(await tabs.locator('button[type="submit"]').isDisabled()).toBe(true);
    await tabs.locator('textarea[name="tools"]').fill('[]');
    await tabs.locator('input[name="model"]').fill('gpt-4.1-mini');
    await tabs.locator('button[type="submit"]').click();
    // Send switches to Compare: the original and the replay side by side, the replay live.
    const columns = tools.locator('.sl-t-col');
    const replay = columns.filter({ hasText: 'gpt-4.1-mini' });
    await replay.waitFor();
    expect(await columns.count()).toBe(2);
    expect(await columns.first().textContent()).toContain('original');
    await expect.poll(() => replay.locator('.sl-d-live').count(), { timeout: 20_000 }).toBe(0);
    expect(await replay.locator('.sl-t-diff').count()).toBe(1);
    expect(await replay.textContent()).toMatch(/latency.*first token.*tokens.*cost/);
  });

  it('spanlens.override() pins an answer that the demo UI shows, marks the span and leaves other calls alone', async () => {
    const url = new URL('/v1/chat/completions', env.server.url).href;
    await api(page)(
      ([endpoint]) => (window as unknown as { spanlens: Api }).spanlens.override({ url: endpoint }, { type: 'answer', text: 'Pinned: it is snowing in Lisbon.' }, { chunkMs: 5, firstByteMs: 5 }),
      [url],
    );
    await setPanel(page, false);
    const answer = await ask(page, 'Weather in Lisbon?');
    expect(answer.text).toBe('Pinned: it is snowing in Lisbon.');
    spans = await exportedSpans(page);
    const pinned = llmSpans().filter((s) => attr(s, 'spanlens.overridden') === true);
    expect(pinned).toHaveLength(1);
    // Once: the next turn is answered by the mock again.
    expect((await ask(page, 'Weather in Oslo?')).text).not.toContain('Pinned');
    // A malformed pin is refused with a message saying why.
    const refused = await api(page)(() => {
      try {
        (window as unknown as { spanlens: Api }).spanlens.override({ url: '/relative' }, { type: 'answer', text: 'x' });
        return 'accepted';
      } catch (error) {
        return String((error as Error).message);
      }
    });
    expect(refused).toMatch(/match.url must be an absolute URL/);
  });

  it('the panel pins an HTTP 429 for the next call and the demo shows the error; the pin is listed until used', async () => {
    const original = llmSpans()[0];
    await setPanel(page, true);
    await row(page, original.spanId).click();
    const tools = panel(page).locator('.sl-t');
    await tools.locator('[role="tab"]', { hasText: 'Pin answer' }).click();
    await tools.locator('select[aria-label="Pinned response"]').selectOption('429');
    await tools.getByRole('button', { name: 'Pin', exact: true }).click();
    await panel(page).locator('.sl-t-pins li').waitFor();
    expect(await panel(page).locator('.sl-t-pins').textContent()).toContain('HTTP 429');
    await setPanel(page, false);
    const answer = await ask(page, 'Weather in Paris?');
    expect(answer.state).toBe('error');
    await setPanel(page, true);
    await expect.poll(() => panel(page).locator('.sl-t-pins').count()).toBe(0);
  });

  it('the trace diff of two turns aligns their spans and shows what changed', async () => {
    spans = await exportedSpans(page);
    const turns = spans.filter((s) => s.name === 'turn').sort((a, b) => a.startTime - b.startTime);
    const second = turns[1];
    await row(page, second.spanId).click();
    const tools = panel(page).locator('.sl-t');
    await tools.locator('[role="tab"]', { hasText: 'Diff trace' }).click();
    const summary = await tools.locator('[aria-label="Diff summary"]').textContent();
    expect(summary).toMatch(/\d+ changed · \d+ added · \d+ removed/);
    const rows = tools.locator('.sl-t-drow');
    expect(await rows.count()).toBeGreaterThanOrEqual(spans.filter((s) => s.traceId === second.traceId).length);
    expect(await tools.locator('.sl-t-drow[data-status="changed"]').count()).toBeGreaterThan(0);
    expect(await tools.locator('.sl-t-add').count()).toBeGreaterThan(0);
  });

  it('the trace diff compares a turn with one from an imported file', async () => {
    spans = await exportedSpans(page);
    const turns = spans.filter((s) => s.name === 'turn').sort((a, b) => a.startTime - b.startTime);
    const second = turns[1];
    // This session, exported and imported back: an imported session holding the very same turns.
    const file = JSON.stringify(await page.evaluate(() => (window as unknown as { spanlens: { export(): Promise<unknown> } }).spanlens.export()));
    await page.setInputFiles('spanlens-overlay input[type=file]', { name: 'colleague.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await panel(page).locator('.sl-pill', { hasText: 'read-only' }).waitFor();
    await panel(page).getByRole('button', { name: 'Back to live' }).click();
    await row(page, second.spanId).click();
    const tools = panel(page).locator('.sl-t');
    const diffTab = tools.locator('[role="tab"]', { hasText: 'Diff trace' });
    if ((await diffTab.getAttribute('aria-selected')) !== 'true') await diffTab.click();
    const from = tools.locator('select[aria-label="Session to compare with"]');
    const imported = await from.locator('option', { hasText: 'imported' }).first().getAttribute('value');
    await from.selectOption(imported!);
    await tools.locator('select[aria-label="Trace to compare with"]').selectOption(second.traceId);
    // The same turn on both sides: nothing changed, added or removed.
    await expect(tools.locator('[aria-label="Diff summary"]').textContent()).resolves.toMatch(/^0 changed · 0 added · 0 removed/);
    expect(await tools.locator('.sl-t-drow').count()).toBe(spans.filter((s) => s.traceId === second.traceId).length);
  });

  it('feedback from the panel and the API ends up in the export and the datasets; the scored filter finds it', async () => {
    const [first, second] = llmSpans();
    await row(page, first.spanId).click();
    const tools = panel(page).locator('.sl-t');
    await tools.locator('[role="tab"]', { hasText: 'Feedback' }).click();
    await tools.locator('button', { hasText: 'Good' }).click();
    await api(page)(([id]) => (window as unknown as { spanlens: Api }).spanlens.score(id, { name: 'correct', label: 'no', explanation: 'wrong city' }), [second.spanId]);
    await expect.poll(async () => (await exportedSpans(page)).filter((s) => s.events.some((e) => e.name === 'gen_ai.evaluation.result')).length).toBe(2);
    spans = await exportedSpans(page);
    const scored = spans.find((s) => s.spanId === second.spanId)!;
    expect(scored.events.find((e) => e.name === 'gen_ai.evaluation.result')?.attributes).toEqual({
      'gen_ai.evaluation.name': 'correct',
      'gen_ai.evaluation.score.label': 'no',
      'gen_ai.evaluation.explanation': 'wrong city',
    });
    const jsonl = await api(page)(() => (window as unknown as { spanlens: Api }).spanlens.dataset('spanlens', { scoredOnly: true }));
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { span_id: string; scores: Array<{ name: string }> });
    expect(lines.map((l) => l.span_id).sort()).toEqual([first.spanId, second.spanId].sort());
    await panel(page).locator('label', { hasText: 'Scored' }).locator('input').check();
    await expect.poll(() => panel(page).locator('[role="treeitem"]').count()).toBeLessThan(spans.length);
    await panel(page).locator('label', { hasText: 'Scored' }).locator('input').uncheck();
    const markdown = await api(page)(([traceId]) => (window as unknown as { spanlens: Api }).spanlens.markdown(traceId), [first.traceId]);
    expect(markdown).toMatch(/^# Trace: turn/);
    expect(markdown).toContain('execute\\_tool get\\_weather');
    expect(markdown).not.toContain('sk-demo');
    expect(pageErrors).toEqual([]);
  });
});
