/**
 * The whole promise, in headless Chromium: the demo chat app loads spanlens through a plain
 * <script src> tag, a chat turn runs (retrieval, rerank, a streamed completion asking for three
 * tools, one of which fails, and a second completion), and spanlens recorded it, shows it behind
 * the hotkey, exports it, and still has it after a reload.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_API_KEY } from '../../demo/src/conversation';
import { decodeOtlp } from '../../src/export/otlp';
import type { SpanData } from '../../src/core/span';
import { ask, attr, exportedSpans, openDemo, pressHotkey, readTree, startDemo, type Answer } from './journey-helpers';
import { useBrowserWith } from './setup';

const env = useBrowserWith(startDemo);

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** The usage the mock put in the last SSE chunk of each completion, as the network carried it. */
function collectWireUsage(page: Page): Usage[] {
  const usages: Usage[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/v1/chat/completions') || response.status() !== 200) return;
    const body = await response.text().catch(() => '');
    for (const line of body.split('\n')) {
      if (!line.startsWith('data: {')) continue;
      const chunk = JSON.parse(line.slice(6)) as { usage?: Usage };
      if (chunk.usage) usages.push(chunk.usage);
    }
  });
  return usages;
}

describe('the demo chat app with spanlens', () => {
  let context: BrowserContext;
  let page: Page;
  let spans: SpanData[];
  let wireUsage: Usage[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    wireUsage = collectWireUsage(page);
    await openDemo(page, env.server.url);
    const answer = await ask(page, 'Compare the weather in Oslo, Lisbon and Atlantis');
    expect(answer.state).toBe('done');
    expect(answer.text).toBe(
      "In Oslo it's 4 °C with light rain, wind 18 km/h. In Lisbon it's 19 °C with sunny, wind 9 km/h. " +
        `I couldn't get the weather for Atlantis (unknown city "Atlantis"). From your notes, "Oslo in autumn": ` +
        'Oslo autumns are short and wet: daylight fades by five, and the fjord wind makes it feel colder.',
    );
    spans = await exportedSpans(page);
  });
  afterAll(() => context?.close());

  it('records one turn as the tree turn → retrieve → rerank → chat → 3 × execute_tool → chat', () => {
    const turn = spans.find((s) => s.name === 'turn')!;
    expect(turn).toBeDefined();
    expect(turn.parentSpanId).toBeUndefined();
    const children = spans.filter((s) => s.parentSpanId === turn.spanId).sort((a, b) => a.startTime - b.startTime);
    expect(children.map((s) => [s.name, s.kind])).toEqual([
      ['retrieve', 'retriever'],
      ['rerank', 'reranker'],
      ['chat gpt-4o-mini', 'llm'],
      ['execute_tool get_weather', 'tool'],
      ['execute_tool get_weather', 'tool'],
      ['execute_tool get_weather', 'tool'],
      ['chat gpt-4o-mini', 'llm'],
    ]);
    // Nothing else was recorded, and every span belongs to the turn's trace and has ended.
    expect(spans).toHaveLength(8);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([turn.traceId]));
    expect(spans.every((s) => s.endTime !== undefined)).toBe(true);
    expect(attr(children[0], 'retrieval.top_k')).toBe(5);
    expect(JSON.parse(String(attr(children[0], 'retrieval.documents')))).toHaveLength(5);
    expect(JSON.parse(String(attr(children[1], 'retrieval.documents')))).toHaveLength(3);
  });

  it('records tokens equal to the usage the model sent, and the finish reasons', () => {
    const llms = spans.filter((s) => s.kind === 'llm').sort((a, b) => a.startTime - b.startTime);
    expect(wireUsage).toHaveLength(2);
    expect(llms.map((s) => [attr(s, 'gen_ai.usage.input_tokens'), attr(s, 'gen_ai.usage.output_tokens')])).toEqual(
      wireUsage.map((u) => [u.prompt_tokens, u.completion_tokens]),
    );
    expect(llms.map((s) => attr(s, 'gen_ai.response.finish_reasons'))).toEqual([['tool_calls'], ['stop']]);
    expect(llms.map((s) => attr(s, 'gen_ai.response.model'))).toEqual(['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18']);
    expect(llms.every((s) => typeof attr(s, 'spanlens.cost.usd') === 'number')).toBe(true);
  });

  it('links each tool run to the call the model made, and marks the failing one as an error', () => {
    const firstChat = spans.filter((s) => s.kind === 'llm').sort((a, b) => a.startTime - b.startTime)[0];
    const output = JSON.parse(String(attr(firstChat, 'gen_ai.output.messages'))) as Array<{ parts: Array<{ type: string; id?: string; arguments?: unknown }> }>;
    const calls = output.flatMap((m) => m.parts.filter((p) => p.type === 'tool_call'));
    expect(calls).toHaveLength(3);
    const tools = spans.filter((s) => s.kind === 'tool');
    expect(new Set(tools.map((s) => attr(s, 'gen_ai.tool.call.id')))).toEqual(new Set(calls.map((c) => c.id)));
    const failed = tools.filter((s) => s.status.code === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0].status.message).toBe('unknown city "Atlantis"');
    expect(JSON.parse(String(attr(failed[0], 'gen_ai.tool.call.arguments')))).toEqual({ city: 'Atlantis' });
    expect(failed[0].events.some((e) => e.name === 'exception')).toBe(true);
    expect(tools.filter((s) => s.status.code !== 'error').map((s) => JSON.parse(String(attr(s, 'gen_ai.tool.call.result'))).city).sort()).toEqual(['Lisbon', 'Oslo']);
  });

  it('never records the API key the app sent', async () => {
    const everything = JSON.stringify(spans);
    expect(everything).not.toContain(DEMO_API_KEY);
    expect(everything).not.toContain('not-a-real-key');
    // Nor in what IndexedDB holds.
    const stored = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name!);
      const dump: unknown[] = [];
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const store of db.objectStoreNames) {
          const all = await new Promise<unknown[]>((resolve) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
          });
          dump.push(...all);
        }
        db.close();
      }
      return JSON.stringify(dump);
    });
    expect(stored).toContain('execute_tool get_weather');
    expect(stored).not.toContain('not-a-real-key');
  });

  it('shows the same tree in the panel behind the hotkey, with the failing tool in red', async () => {
    const panel = page.getByRole('dialog', { name: 'spanlens' });
    await expect(panel.isVisible()).resolves.toBe(false);
    await pressHotkey(page);
    await panel.waitFor();
    await page.locator('spanlens-overlay [role="treeitem"]').nth(spans.length - 1).waitFor();
    const rows = await readTree(page);
    expect(rows.map((r) => [r.level, r.name, r.kind])).toEqual([
      [1, 'turn', 'chain'],
      [2, 'retrieve', 'retriever'],
      [2, 'rerank', 'reranker'],
      [2, 'chat gpt-4o-mini', 'llm'],
      [2, 'execute_tool get_weather', 'tool'],
      [2, 'execute_tool get_weather', 'tool'],
      [2, 'execute_tool get_weather', 'tool'],
      [2, 'chat gpt-4o-mini', 'llm'],
    ]);
    expect(rows.filter((r) => r.error).map((r) => r.name)).toEqual(['execute_tool get_weather']);
    const llmRows = rows.filter((r) => r.kind === 'llm');
    expect(llmRows.map((r) => r.tokens)).toEqual(wireUsage.map((u) => `${u.prompt_tokens} in · ${u.completion_tokens} out`));
  });

  it('opens the failing span\'s details', async () => {
    const failedRow = page.locator('spanlens-overlay [role="treeitem"].sl-row-error');
    await failedRow.click();
    const details = page.getByRole('region', { name: 'Span details' });
    await details.waitFor();
    await expect(details.innerText()).resolves.toContain('unknown city "Atlantis"');
    await expect(details.innerText()).resolves.toContain('Atlantis');
    expect(await failedRow.getAttribute('aria-selected')).toBe('true');
  });

  it('exports the session as a file that decodes back to the recorded spans', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('dialog', { name: 'spanlens' }).getByRole('button', { name: 'Export session' }).first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).not.toContain('not-a-real-key');
    const decoded = decodeOtlp(text);
    expect(decoded).toHaveLength(1);
    const byId = (list: SpanData[]) => new Map(list.map((s) => [s.spanId, s]));
    const fromFile = byId(decoded[0].spans);
    expect([...fromFile.keys()].sort()).toEqual(spans.map((s) => s.spanId).sort());
    for (const span of spans) {
      const back = fromFile.get(span.spanId)!;
      expect([back.name, back.kind, back.parentSpanId, back.status, back.startTime, back.endTime]).toEqual([
        span.name,
        span.kind,
        span.parentSpanId,
        span.status,
        span.startTime,
        span.endTime,
      ]);
      expect(back.attributes).toEqual(span.attributes);
    }
  });

  it('finds the previous session in the switcher after a reload', async () => {
    const previousSession = spans[0].sessionId;
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const panel = page.getByRole('dialog', { name: 'spanlens' });
    // The panel remembers it was open; open it if this build does not.
    if (!(await panel.isVisible())) await pressHotkey(page);
    await panel.getByRole('tab', { name: /Sessions/ }).click();
    const stored = panel.locator('tr', { hasText: 'stored' });
    await stored.first().waitFor();
    // Columns: kind, started, page, spans, errors, tokens, cost.
    const cells = await stored.first().locator('td').allInnerTexts();
    expect(cells[3]).toBe(String(spans.length));
    expect(cells[4]).toBe('1');
    await stored.first().getByRole('button', { name: 'Open' }).click();
    await panel.getByRole('tab', { name: /Traces/ }).click().catch(() => undefined);
    await page.locator('spanlens-overlay [role="treeitem"]').first().waitFor();
    await page.locator('spanlens-overlay [role="treeitem"]').nth(spans.length - 1).waitFor();
    const rows = await readTree(page);
    expect(rows.map((r) => r.name)).toEqual(['turn', 'retrieve', 'rerank', 'chat gpt-4o-mini', ...Array(3).fill('execute_tool get_weather'), 'chat gpt-4o-mini']);
    const current = await page.evaluate(() => (window as unknown as { spanlens: { tracer: { sessionId: string } } }).spanlens.tracer.sessionId);
    expect(current).not.toBe(previousSession);
    expect(pageErrors).toEqual([]);
  });
});

/** The spans of the newest turn: its trace, oldest first. */
function newestTurn(all: SpanData[]): { turn: SpanData; spans: SpanData[] } {
  const turn = all.filter((s) => s.name === 'turn').sort((a, b) => b.startTime - a.startTime)[0];
  const spans = all.filter((s) => s.traceId === turn.traceId);
  // Chromium's clock is coarse (100 µs): a span and its first child can start at the same instant,
  // so ties go to the ancestor.
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depth = (s: SpanData): number => (s.parentSpanId && byId.has(s.parentSpanId) ? 1 + depth(byId.get(s.parentSpanId)!) : 0);
  return { turn, spans: spans.sort((a, b) => a.startTime - b.startTime || depth(a) - depth(b)) };
}

describe('the demo scenarios', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await env.browser.newContext();
    page = await context.newPage();
    await openDemo(page, env.server.url);
  });
  afterAll(() => context?.close());

  it('Stop aborts the stream: the span is an aborted error that keeps the words that arrived', async () => {
    // Press Stop from inside the page as soon as the first words are on screen.
    await page.evaluate(() => {
      const list = document.getElementById('messages')!;
      const observer = new MutationObserver(() => {
        const text = list.querySelector('.msg.assistant:last-of-type .text');
        if (text && text.textContent!.length > 20) {
          observer.disconnect();
          (document.getElementById('stop') as HTMLButtonElement).click();
        }
      });
      observer.observe(list, { childList: true, subtree: true, characterData: true });
    });
    const answer = await ask(page, 'Tell me a long story about debugging');
    expect(answer.state).toBe('stopped');
    const shown = answer.text.replace(/ — stopped$/, '');
    expect(shown.length).toBeGreaterThan(20);
    const { spans } = newestTurn(await exportedSpans(page));
    const chat = spans.find((s) => s.kind === 'llm')!;
    expect(chat.status.code).toBe('error');
    expect(attr(chat, 'error.type')).toBe('aborted');
    const output = JSON.parse(String(attr(chat, 'gen_ai.output.messages'))) as Array<{ parts: Array<{ content?: string }> }>;
    const recorded = output[0].parts.map((p) => p.content ?? '').join('');
    // The span sees each chunk just before the SDK hands it to the app, so at the moment of the
    // abort one of the two may be a chunk ahead: either is a prefix of the other.
    expect(recorded.startsWith(shown) || shown.startsWith(recorded)).toBe(true);
    expect(recorded.length).toBeGreaterThan(20);
    expect(recorded.endsWith('while it streams.')).toBe(false);
  });

  it('a 429 from the model: the app shows the error, the span has status 429 and the provider message', async () => {
    const answer = await ask(page, 'Plan my weekend (trigger a rate limit)');
    expect(answer.state).toBe('error');
    expect(answer.text).toContain('429');
    const { turn, spans } = newestTurn(await exportedSpans(page));
    const chat = spans.find((s) => s.kind === 'llm')!;
    expect(chat.status.code).toBe('error');
    expect(chat.status.message).toContain('Rate limit reached');
    expect(attr(chat, 'http.response.status_code')).toBe(429);
    expect(turn.status.code).toBe('error');
  });

  it('a slow first token is measured as such', async () => {
    const answer = await ask(page, 'Be slow: what should I pack for a cold trip?');
    expect(answer.state).toBe('done');
    const { spans } = newestTurn(await exportedSpans(page));
    const chat = spans.find((s) => s.kind === 'llm')!;
    // The mock waits FAST_TIMING.slowFirstTokenMs (300 ms) before its first byte: a lower bound by construction.
    expect(Number(attr(chat, 'gen_ai.response.time_to_first_chunk'))).toBeGreaterThanOrEqual(0.3);
    const first = chat.events.find((e) => e.name === 'gen_ai.first_token')!;
    expect(first.time - chat.startTime).toBeGreaterThanOrEqual(300);
  });

  it('the Anthropic SDK in the browser is traced the same way', async () => {
    await page.selectOption('#model', 'anthropic:claude-haiku-4-5');
    const answer = await ask(page, 'What is the weather in Paris?');
    expect(answer.text).toMatch(/^In Paris it's 12 °C with cloudy/);
    const { spans } = newestTurn(await exportedSpans(page));
    expect(spans.map((s) => s.name)).toEqual(['turn', 'retrieve', 'rerank', 'chat claude-haiku-4-5', 'execute_tool get_weather', 'chat claude-haiku-4-5']);
    const chats = spans.filter((s) => s.kind === 'llm');
    expect(chats.map((s) => attr(s, 'gen_ai.provider.name'))).toEqual(['anthropic', 'anthropic']);
    expect(chats.map((s) => attr(s, 'gen_ai.response.finish_reasons'))).toEqual([['tool_use'], ['end_turn']]);
    expect(chats.every((s) => Number(attr(s, 'gen_ai.usage.output_tokens')) > 0)).toBe(true);
    const tool = spans.find((s) => s.kind === 'tool')!;
    const asked = JSON.parse(String(attr(chats[0], 'gen_ai.output.messages'))) as Array<{ parts: Array<{ type: string; id?: string }> }>;
    expect(attr(tool, 'gen_ai.tool.call.id')).toBe(asked[0].parts.find((p) => p.type === 'tool_call')!.id);
  });
});

describe('the app with spanlens behaves as without it', () => {
  const questions = [
    "What's the weather in Oslo, and what should I pack?",
    'Compare the weather in Oslo, Lisbon and Atlantis',
    'Plan my weekend (trigger a rate limit)',
    'hello there',
  ];

  async function session(withSpanlens: boolean) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (!withSpanlens) {
      await page.route('**/dist/spanlens.iife.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    }
    const requests: string[] = [];
    page.on('request', (r) => {
      // The mock's tool-call ids are random per run; everything else must match exactly.
      const body = (r.postData() ?? '').replace(/call_[a-z0-9]+/g, 'call_…');
      if (r.resourceType() === 'fetch') requests.push(`${r.method()} ${new URL(r.url()).pathname} ${body}`);
    });
    await openDemo(page, env.server.url);
    const answers: Answer[] = [];
    for (const question of questions) answers.push(await ask(page, question));
    const result = {
      answers,
      messagesText: await page.locator('#messages').innerText(),
      bodyText: await page.evaluate(() => document.body.innerText),
      requests,
      errors,
      hasSpanlens: await page.evaluate(() => 'spanlens' in window),
    };
    await context.close();
    return result;
  }

  it('same answers, same DOM text, same requests', async () => {
    const [traced, plain] = await Promise.all([session(true), session(false)]);
    expect(traced.hasSpanlens).toBe(true);
    expect(plain.hasSpanlens).toBe(false);
    expect(traced.answers.map((a) => a.state)).toEqual(['done', 'done', 'error', 'done']);
    expect(traced.answers).toEqual(plain.answers);
    expect(traced.messagesText).toBe(plain.messagesText);
    expect(traced.bodyText).toBe(plain.bodyText);
    // The app sent the same requests in the same order with the same bodies (the openai SDK's
    // retry bookkeeping headers aside, nothing of the request is ours to change).
    expect(traced.requests).toEqual(plain.requests);
    expect(traced.errors).toEqual([]);
    expect(plain.errors).toEqual([]);
  });
});
