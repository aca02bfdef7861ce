/**
 * The store in a real browser: spans recorded on one page load are read back from Chromium's
 * IndexedDB on the next, including a span that was still open when the page went away.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './setup';
import type { SpanData } from '../../src/core/span';
import type { SessionSummary, StoreState } from '../../src/store/types';

type StoreTest = {
  Tracer: typeof import('../../src/core/tracer').Tracer;
  openStore: typeof import('../../src/store/index').openStore;
};
declare global {
  interface Window {
    storeTest: StoreTest;
    live?: unknown;
  }
}

const env = useBrowserAndServer();

async function openTestPage(page: Page): Promise<void> {
  await page.goto(`${env.server.url}/test/e2e/pages/store.html`);
  await page.waitForFunction(() => window.storeTest !== undefined);
}

describe('the IndexedDB store in Chromium', () => {
  it('keeps a session across a reload, with the span left open stored as unfinished', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await openTestPage(page);

    const sessionId = await page.evaluate(async () => {
      const { Tracer, openStore } = window.storeTest;
      const tracer = new Tracer();
      // A long timer: only the pagehide write can store what happens last.
      const store = await openStore({ tracer, flushIntervalMs: 60_000 });
      if (store.state().mode !== 'persistent') throw new Error(`not persistent: ${store.state().reason}`);
      const turn = tracer.startSpan('turn', { kind: 'chain' });
      const llm = tracer.startSpan('chat gpt-4o', { kind: 'llm', parent: turn });
      llm.setAttributes({
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 3,
      });
      llm.end();
      await store.flush();
      const streaming = tracer.startSpan('chat gpt-4o', { kind: 'llm', parent: turn });
      streaming.setAttribute('gen_ai.output.messages', 'half an ans');
      await Promise.resolve();
      window.live = { store, streaming }; // the page goes away with these open
      return tracer.sessionId;
    });

    await page.reload();
    await page.waitForFunction(() => window.storeTest !== undefined);

    const result = await page.evaluate(async (previous) => {
      const { Tracer, openStore } = window.storeTest;
      const store = await openStore({ tracer: new Tracer() });
      const sessions = await store.listSessions();
      const spans = await store.loadSession(previous);
      const databases = await indexedDB.databases();
      return { state: store.state(), sessions, spans, databases };
    }, sessionId);

    const { state, sessions, spans, databases } = result as {
      state: StoreState;
      sessions: SessionSummary[];
      spans: SpanData[];
      databases: IDBDatabaseInfo[];
    };
    expect(state).toEqual({ mode: 'persistent', skippedRecords: 0 });
    expect(databases.map((d) => d.name)).toContain('spanlens');
    const summary = sessions.find((s) => s.id === sessionId);
    expect(summary).toMatchObject({
      spanCount: 3,
      openSpans: 2,
      inputTokens: 12,
      outputTokens: 3,
      title: 'store test page',
      url: `${env.server.url}/test/e2e/pages/store.html`,
    });
    expect(spans.map((s) => [s.name, s.endTime === undefined])).toEqual([
      ['turn', true],
      ['chat gpt-4o', false],
      ['chat gpt-4o', true],
    ]);
    expect(spans[2].attributes['gen_ai.output.messages']).toBe('half an ans');
    await context.close();
  });

  it('closes its connection when another tab upgrades the database, and records on in memory', async () => {
    const context = await env.browser.newContext();
    const [tab, newerTab] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([openTestPage(tab), openTestPage(newerTab)]);
    await tab.evaluate(async () => {
      const { Tracer, openStore } = window.storeTest;
      const tracer = new Tracer();
      const store = await openStore({ tracer });
      tracer.startSpan('stored').end();
      await store.flush();
      window.live = { store, tracer };
    });
    // A newer spanlens in the other tab: version 2. It must not be blocked by the first tab.
    const upgrade = await newerTab.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.open('spanlens', 2);
          request.onblocked = () => resolve('blocked');
          request.onsuccess = () => {
            request.result.close();
            resolve(`opened version ${request.result.version}`);
          };
          request.onerror = () => resolve(`error ${request.error?.name}`);
        }),
    );
    expect(upgrade).toBe('opened version 2');
    const after = await tab.evaluate(async () => {
      const { store, tracer } = window.live as {
        store: Awaited<ReturnType<StoreTest['openStore']>>;
        tracer: InstanceType<StoreTest['Tracer']>;
      };
      tracer.startSpan('in memory').end();
      const spans = await store.loadSession(tracer.sessionId);
      return { state: store.state(), names: spans.map((s) => s.name), errors: tracer.errors.map((e) => e.where) };
    });
    expect(after.state).toMatchObject({ mode: 'memory', reason: expect.stringMatching(/another tab is upgrading/) });
    expect(after.names).toEqual(['in memory']);
    expect(after.errors).toContain('store');
    await context.close();
  });

  it('two tabs writing at the same time each keep every span', async () => {
    const context = await env.browser.newContext();
    const [tabA, tabB] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([openTestPage(tabA), openTestPage(tabB)]);
    const record = (tab: Page) =>
      tab.evaluate(async () => {
        const { Tracer, openStore } = window.storeTest;
        const tracer = new Tracer();
        const store = await openStore({ tracer, flushIntervalMs: 1, maxBatch: 20 });
        for (let i = 0; i < 300; i++) {
          tracer.startSpan(`span ${i}`, { attributes: { 'gen_ai.usage.input_tokens': 1 } }).end();
          if (i % 25 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
        }
        await store.flush();
        return tracer.sessionId;
      });
    const ids = await Promise.all([record(tabA), record(tabB)]);
    const reader = await context.newPage();
    await openTestPage(reader);
    const counts = await reader.evaluate(async (sessionIds) => {
      const { Tracer, openStore } = window.storeTest;
      const store = await openStore({ tracer: new Tracer() });
      const sessions = await store.listSessions();
      return Promise.all(
        sessionIds.map(async (id) => ({
          loaded: (await store.loadSession(id)).length,
          summary: sessions.find((s) => s.id === id)?.spanCount,
          tokens: sessions.find((s) => s.id === id)?.inputTokens,
        })),
      );
    }, ids);
    expect(counts).toEqual([
      { loaded: 300, summary: 300, tokens: 300 },
      { loaded: 300, summary: 300, tokens: 300 },
    ]);
    await context.close();
  });
});
