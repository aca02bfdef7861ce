/**
 * App protocols recorded with no configuration, in Chromium with the real client libraries: the
 * page has only the script tag; its AI SDK `Chat` talks to a real streamText route (over the SDK's
 * mock model), its MCP client to a real MCP server. See protocols/ for both sides.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Connect } from 'vite';
import type { BrowserContext, Page } from 'playwright-core';
import * as sem from '../../src/core/semconv';
import type { SpanData } from '../../src/core/span';
import { exportedSpans, pagesMiddleware, pressHotkey, readTree } from './journey-helpers';
import { ANSWER_WORDS, protocolsMiddleware } from './protocols/servers';
import { startTestServer } from './serve';
import { useBrowserWith } from './setup';

const bundleDir = mkdtempSync(join(tmpdir(), 'spanlens-protocols-'));

/** The page's app bundled by Vite, as an app would ship it. */
async function bundleApp(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'error',
    build: { outDir: bundleDir, emptyOutDir: true, minify: false, lib: { entry: 'test/e2e/protocols/app.ts', formats: ['es'], fileName: () => 'protocols-app.js' } },
  });
  return readFileSync(join(bundleDir, 'protocols-app.js'), 'utf8');
}

async function startServer() {
  const bundle = await bundleApp();
  const pages = pagesMiddleware();
  const protocols = protocolsMiddleware();
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (req.url === '/protocols-app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(bundle);
    }
    protocols(req, res, () => pages(req, res, next));
  };
  return startTestServer(middleware);
}

const env = useBrowserWith(startServer);
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

type App = {
  chat(question: string, scenario: string, text?: boolean): Promise<{ status: string; error?: string; text: string; parts: string[] }>;
  chatAndStop(question: string): Promise<{ status: string; text: string }>;
  mcp(path: string): Promise<{ tools: string[]; sum: unknown; failed: unknown }>;
};

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  context = await env.browser.newContext();
  page = await context.newPage();
});
afterAll(() => context?.close());

async function openPage(): Promise<void> {
  await page.goto(`${env.server.url}/test/e2e/pages/protocols.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
}

/**
 * The page session's spans once none is open: a turn's last span ends a task after the app read
 * the last byte (streams/tap.ts), which an export right after the app's await can beat.
 */
async function settledSpans(): Promise<SpanData[]> {
  for (let i = 0; ; i++) {
    const spans = await exportedSpans(page);
    if (spans.length > 0 && spans.every((s) => s.endTime !== undefined)) return spans;
    if (i === 40) throw new Error(`spans still open: ${spans.filter((s) => s.endTime === undefined).map((s) => s.name).join(', ')}`);
    await page.waitForTimeout(50);
  }
}

function run<R>(fn: (app: App) => Promise<R>): Promise<R> {
  return page.evaluate(`(${fn.toString()})(window.protocols)`) as Promise<R>;
}

/** The spans of the one turn in this page session of the given format, root first. */
function turnOf(spans: SpanData[], format: string): { root: SpanData; children: SpanData[] } {
  const roots = spans.filter((s) => s.attributes[sem.SPANLENS_API_FORMAT] === format);
  expect(roots).toHaveLength(1);
  const root = roots[0]!;
  const children = spans.filter((s) => s.parentSpanId === root.spanId).sort((a, b) => a.startTime - b.startTime);
  return { root, children };
}

function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : undefined;
}

const ANSWER = ANSWER_WORDS.join('');

describe('Vercel AI SDK 6: Chat + DefaultChatTransport against streamText', () => {
  it('a two-step turn with tools is agent -> llm, tool, tool, llm, with arguments, results, the error and usage', async () => {
    await openPage();
    const result = await run((app) => app.chat('Weather in Paris and Atlantis?', 'tools'));
    expect(result.status).toBe('ready');
    expect(result.text).toBe(ANSWER);
    const spans = await settledSpans();
    const { root, children } = turnOf(spans, 'ai_sdk.ui_message_stream');
    expect(root.kind).toBe('agent');
    expect(root.status.code).toBe('unset');
    expect(children.map((c) => c.kind)).toEqual(['llm', 'tool', 'tool', 'llm']);
    const [step1, paris, atlantis, step2] = children as [SpanData, SpanData, SpanData, SpanData];
    expect(paris.name).toBe('execute_tool get_weather');
    expect(paris.attributes[sem.GEN_AI_TOOL_CALL_ID]).toBe('call-paris');
    expect(json(paris.attributes[sem.GEN_AI_TOOL_CALL_ARGUMENTS])).toEqual({ city: 'Paris' });
    expect(json(paris.attributes[sem.GEN_AI_TOOL_CALL_RESULT])).toEqual({ city: 'Paris', temperature: 22, sky: 'sunny' });
    expect(paris.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(step1.spanId);
    expect(atlantis.status).toEqual({ code: 'error', message: 'unknown city Atlantis' });
    expect(atlantis.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(step1.spanId);
    const step1Output = json(step1.attributes[sem.GEN_AI_OUTPUT_MESSAGES]) as Array<{ parts: Array<{ type: string; id?: string }> }>;
    expect(step1Output[0]!.parts.map((p) => p.id)).toEqual(['call-paris', 'call-atlantis']);
    expect(json(step2.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }]);
    // Message metadata of the route: the model and the usage of both steps.
    expect(root.attributes[sem.GEN_AI_RESPONSE_MODEL]).toBe('mock-model');
    expect(root.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(120);
    expect(root.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(21);
    expect(root.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
    expect(json(root.attributes[sem.GEN_AI_INPUT_MESSAGES])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris and Atlantis?' }] }]);
  });

  it('an error part makes the turn red with the route\'s message', async () => {
    await openPage();
    const result = await run((app) => app.chat('Hello?', 'error'));
    expect(result.status).toBe('error');
    const { root } = turnOf(await settledSpans(), 'ai_sdk.ui_message_stream');
    expect(root.status).toEqual({ code: 'error', message: 'the model is overloaded' });
  });

  it('stop() aborts the turn: aborted by the app, open spans ended incomplete', async () => {
    await openPage();
    const result = await run((app) => app.chatAndStop('Weather in Paris?'));
    expect(result.status).toBe('ready');
    const spans = await settledSpans();
    const { root, children } = turnOf(spans, 'ai_sdk.ui_message_stream');
    expect(root.status).toEqual({ code: 'error', message: 'aborted by the app' });
    expect(root.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(children.every((c) => c.endTime !== undefined)).toBe(true);
    expect(children.at(-1)!.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
  });

  it('the plain text stream protocol (TextStreamChatTransport) is a turn with the answer', async () => {
    await openPage();
    const result = await run((app) => app.chat('Weather?', 'plain', true));
    expect(result.text).toBe(ANSWER);
    const { root, children } = turnOf(await settledSpans(), 'ai_sdk.text_stream');
    expect(children.map((c) => c.kind)).toEqual(['llm']);
    expect(json(root.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }]);
  });

  it('the panel shows the turn as a tree, live while it streams', async () => {
    await openPage();
    await pressHotkey(page);
    await page.locator('spanlens-overlay [role="tree"]').waitFor();
    const turn = run((app) => app.chat('Weather in Paris and Atlantis?', 'slow'));
    // While the answer still streams, the tree already has the turn, its first step and its tools.
    await page.waitForFunction(() => {
      const rows = document.querySelector('spanlens-overlay')?.shadowRoot?.querySelectorAll('[role="treeitem"][aria-level="2"]');
      return (rows?.length ?? 0) >= 4;
    });
    const live = await readTree(page);
    const agentRow = live.findIndex((r) => r.kind === 'agent');
    expect(agentRow).toBeGreaterThanOrEqual(0);
    const under = live.slice(agentRow + 1).filter((r) => r.level === live[agentRow]!.level + 1);
    expect(under.map((r) => r.kind).slice(0, 3)).toEqual(['llm', 'tool', 'tool']);
    expect(under.some((r) => r.kind === 'tool' && r.error)).toBe(true);
    expect((await turn).text).toBe([...ANSWER_WORDS, ...ANSWER_WORDS, ...ANSWER_WORDS].join(''));
  });
});

describe('MCP over Streamable HTTP: the official client and server', () => {
  for (const path of ['/mcp', '/mcp-json']) {
    it(`tools/call is a tool span, other methods small http spans (${path === '/mcp' ? 'SSE' : 'JSON'} answers)`, async () => {
      await openPage();
      const answer = await page.evaluate((p) => (window as unknown as { protocols: App }).protocols.mcp(p), path);
      expect(answer.tools).toEqual(['add', 'fail']);
      const spans = (await settledSpans()).filter((s) => s.attributes[sem.SPANLENS_API_FORMAT] === 'mcp.streamable_http');
      const tools = spans.filter((s) => s.kind === 'tool').sort((a, b) => a.startTime - b.startTime);
      expect(tools.map((s) => s.name)).toEqual(['execute_tool add', 'execute_tool fail']);
      const [add, fail] = tools as [SpanData, SpanData];
      expect(json(add.attributes[sem.GEN_AI_TOOL_CALL_ARGUMENTS])).toEqual({ a: 2, b: 3 });
      expect(json(add.attributes[sem.GEN_AI_TOOL_CALL_RESULT])).toEqual([{ type: 'text', text: '5' }]);
      expect(add.attributes[sem.SPANLENS_TOOL_SERVER]).toMatch(new RegExp(`${path}$`));
      expect(add.status.code).toBe('unset');
      expect(fail.attributes[sem.SPANLENS_TOOL_IS_ERROR]).toBe(true);
      expect(fail.status).toEqual({ code: 'error', message: 'the tool broke' });
      const others = spans.filter((s) => s.kind !== 'tool').map((s) => s.name);
      expect(others).toContain('mcp initialize');
      expect(others).toContain('mcp tools/list');
      expect(spans.some((s) => s.kind === 'llm')).toBe(false);
    });
  }
});

type AgentApp = {
  agUi(scenario: string): Promise<{ messages: string[]; error?: string }>;
  langGraph(): Promise<string[]>;
};

function runAgent<R>(fn: (app: AgentApp) => Promise<R>): Promise<R> {
  return page.evaluate(`(${fn.toString()})(window.protocols)`) as Promise<R>;
}

describe('AG-UI: the official HttpAgent against an agent written with its EventEncoder', () => {
  it('a run is agent -> llm (message), tool, llm, with the tool linked to its message', async () => {
    await openPage();
    const result = await runAgent((app) => app.agUi('tools'));
    expect(result.messages.at(-1)).toBe(`assistant: ${ANSWER}`);
    const { root, children } = turnOf(await settledSpans(), 'ag_ui');
    expect(root.kind).toBe('agent');
    expect(root.attributes[sem.GEN_AI_CONVERSATION_ID]).toBe('thread-ag-1');
    expect(root.attributes[sem.GEN_AI_RESPONSE_ID]).toBe('run-ag-1');
    expect(root.status.code).toBe('unset');
    expect(children.map((c) => c.kind)).toEqual(['llm', 'tool', 'llm']);
    const [asking, tool, answer] = children as [SpanData, SpanData, SpanData];
    expect(json(asking.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Let me look.' }, { type: 'tool_call', id: 'tc-1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_calls' },
    ]);
    expect(tool.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(asking.spanId);
    expect(json(tool.attributes[sem.GEN_AI_TOOL_CALL_RESULT])).toEqual({ temperature: 22 });
    expect(json(answer.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }]);
    expect(root.events.map((e) => e.name)).toEqual(expect.arrayContaining(['ag_ui.step_started', 'ag_ui.step_finished']));
    expect(json(root.attributes[sem.SPANLENS_TURN_METADATA])).toEqual({ state: { city: 'Paris' } });
  });

  it('RUN_ERROR makes the run red', async () => {
    await openPage();
    await runAgent((app) => app.agUi('error'));
    const { root } = turnOf(await settledSpans(), 'ag_ui');
    expect(root.status).toEqual({ code: 'error', message: 'the agent crashed' });
    expect(root.attributes[sem.ERROR_TYPE]).toBe('AGENT_DOWN');
  });
});

describe('LangGraph: the official SDK client reading a run stream', () => {
  it('a run is agent -> llm, tool, llm with model, usage, arguments and the tool answer', async () => {
    await openPage();
    const events = await runAgent((app) => app.langGraph());
    expect(events).toEqual(expect.arrayContaining(['metadata', 'messages/partial', 'messages/complete', 'updates', 'values']));
    const { root, children } = turnOf(await settledSpans(), 'langgraph.run_stream');
    expect(root.attributes[sem.GEN_AI_CONVERSATION_ID]).toBe('thread-lg-1');
    expect(root.attributes[sem.GEN_AI_RESPONSE_ID]).toBe('run-lg-7');
    expect(root.attributes[sem.GEN_AI_AGENT_NAME]).toBe('agent');
    expect(children.map((c) => c.kind)).toEqual(['llm', 'tool', 'llm']);
    const [asking, tool, answer] = children as [SpanData, SpanData, SpanData];
    expect(asking.attributes[sem.GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini');
    expect(asking.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(30);
    expect(asking.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_calls']);
    expect(tool.name).toBe('execute_tool search');
    expect(json(tool.attributes[sem.GEN_AI_TOOL_CALL_ARGUMENTS])).toEqual({ query: 'weather Paris' });
    expect(tool.attributes[sem.GEN_AI_TOOL_CALL_RESULT]).toBe('Paris: sunny, 22 degrees');
    expect(tool.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(asking.spanId);
    expect(json(answer.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
    expect(root.status.code).toBe('unset');
  });
});
