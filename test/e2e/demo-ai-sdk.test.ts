/**
 * The demo's AI SDK mode (demo/ai-sdk.html) in Chromium: the AI SDK `Chat` posts to the demo
 * server's /api/chat (real streamText, a server-side tool), and spanlens, with no configuration,
 * shows the turn as agent -> llm step -> tools -> llm step, the failing tool red.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import * as sem from '../../src/core/semconv';
import type { SpanData } from '../../src/core/span';
import { ask, exportedSpans, pressHotkey, readTree, startDemo } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startDemo);

describe('the demo in AI SDK mode', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    await page.goto(`${env.server.url}ai-sdk.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  });
  afterAll(() => context?.close());

  it('a turn with a failing tool is a tree of agent, steps and tools, in the panel too', async () => {
    const answer = await ask(page, 'Compare the weather in Oslo, Lisbon and Atlantis');
    expect(answer.state).toBe('done');
    expect(answer.text).toContain("In Oslo it's 4 °C with light rain");
    expect(answer.text).toContain('(unknown city "Atlantis")');
    let spans: SpanData[] = [];
    for (let i = 0; i < 40 && !(spans.length > 0 && spans.every((s) => s.endTime !== undefined)); i++) {
      spans = await exportedSpans(page);
      await page.waitForTimeout(50);
    }
    const turn = spans.find((s) => s.attributes[sem.SPANLENS_API_FORMAT] === 'ai_sdk.ui_message_stream')!;
    expect(turn.kind).toBe('agent');
    // What the page itself recorded (the server's own spans join under the turn too: next test).
    const children = spans.filter((s) => s.parentSpanId === turn.spanId && s.attributes[sem.SPANLENS_SOURCE] !== 'server').sort((a, b) => a.startTime - b.startTime);
    expect(children.map((c) => c.kind)).toEqual(['llm', 'tool', 'tool', 'tool', 'llm']);
    expect(children.filter((c) => c.status.code === 'error').map((c) => c.status.message)).toEqual(['unknown city "Atlantis"']);
    expect(turn.attributes[sem.GEN_AI_RESPONSE_MODEL]).toBe('wayfarer-mock');
    expect(turn.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBeGreaterThan(0);

    await pressHotkey(page);
    await page.locator('spanlens-overlay [role="treeitem"]').first().waitFor();
    const rows = await readTree(page);
    const agent = rows.findIndex((r) => r.kind === 'agent');
    const under = rows.slice(agent + 1).filter((r) => r.level === rows[agent]!.level + 1 && !r.name.startsWith('POST /api/chat'));
    expect(under.map((r) => r.kind)).toEqual(['llm', 'tool', 'tool', 'tool', 'llm']);
    expect(under.filter((r) => r.error)).toHaveLength(1);
    if (process.env.SPANLENS_SCREENSHOT) await page.screenshot({ path: process.env.SPANLENS_SCREENSHOT });
  });

  it("one tree across browser and server: the route's OpenTelemetry spans, through the collector, under the page's turn", async () => {
    let spans: SpanData[] = [];
    const server = () => spans.filter((s) => s.attributes[sem.SPANLENS_SOURCE] === 'server');
    for (let i = 0; i < 100 && !server().some((s) => s.name === 'POST /api/chat'); i++) {
      await page.waitForTimeout(100);
      spans = await exportedSpans(page);
    }
    const turn = spans.find((s) => s.attributes[sem.SPANLENS_API_FORMAT] === 'ai_sdk.ui_message_stream')!;
    const route = server().find((s) => s.name === 'POST /api/chat' && s.traceId === turn.traceId)!;
    expect(route).toBeDefined();
    // The server continued the traceparent the page sent with the turn's request: under the turn.
    expect(route.parentSpanId).toBe(turn.spanId);
    const under = (parent: SpanData) => server().filter((s) => s.parentSpanId === parent.spanId);
    const names = under(route).map((s) => s.name);
    expect(names).toContain('retrieve notes');
    expect(under(route).find((s) => s.name === 'retrieve notes')!.kind).toBe('retriever');
    const streamText = under(route).find((s) => s.name.startsWith('ai.streamText'))!;
    expect(streamText).toBeDefined();
    const deep = under(streamText).map((s) => s.name);
    expect(deep.some((name) => name.startsWith('ai.streamText.doStream'))).toBe(true);
    // The tools ran in the first step: under its doStream span.
    const steps = under(streamText);
    const tools = server().filter((s) => s.name.startsWith('ai.toolCall'));
    expect(tools).toHaveLength(3);
    for (const tool of tools) expect(steps.map((s) => s.spanId)).toContain(tool.parentSpanId);
    // In the panel, marked as the server's.
    await expect(page.locator('spanlens-overlay .sl-tag-server').count()).resolves.toBeGreaterThan(3);
  });
});
