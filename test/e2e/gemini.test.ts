/**
 * Gemini in Chromium: the real `@google/genai` browser build, pointed at the mock of the Gemini
 * wire format on the page's origin, with spanlens' fetch wrapper installed. The client returns
 * what it returns without spanlens; the spans hold the calls; the key never reaches a span.
 */
import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../src/core/span';
import * as sem from '../../src/core/semconv';
import { useBrowserWith } from './setup';
import { startSurfacesServer } from './surfaces-server';
import { GEMINI_ANSWER, GEMINI_CALL, GEMINI_THOUGHT } from '../support/mock-gemini.js';

const env = useBrowserWith(startSurfacesServer);

describe('@google/genai in the browser', () => {
  it('generateContent, generateContentStream, function calling, a blocked prompt, a cut stream', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/test/e2e/pages/surfaces.html`);
    await page.waitForSelector('html[data-ready="true"]');
    const { plain, traced, spans } = await page.evaluate(async () => {
      const s = (window as any).surfaces;
      const client = (scenario: string) => new s.GoogleGenAI({ apiKey: 'AIzaSyE2EKEYsecret0123456789abcdefghij', httpOptions: { baseUrl: location.origin, headers: { 'x-mock-scenario': scenario } } });
      const texts = async (stream: AsyncIterable<{ text?: string }>) => {
        let text = '';
        for await (const chunk of stream) text += chunk.text ?? '';
        return text;
      };
      const tools = [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } } }] }];
      const run = async () => ({
        json: (await client('text').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather?' })).text,
        stream: await texts(await client('thinking').models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'Weather?' })),
        call: (await client('function_call').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather?', config: { tools } })).functionCalls,
        blocked: (await client('blocked').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Bad' })).promptFeedback?.blockReason,
        cut: await texts(await client('cut').models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Weather?' })).catch((e: Error) => `threw ${e.name}`),
      });
      const plain = await run();
      const rec = s.recorder();
      const handle = s.instrumentFetch({ tracer: rec.tracer });
      try {
        const traced = await run();
        return { plain, traced, spans: await rec.ended(5) };
      } finally {
        handle.uninstall();
      }
    });
    expect(traced).toEqual(plain);
    expect(traced).toMatchObject({ json: GEMINI_ANSWER, stream: GEMINI_ANSWER, call: [GEMINI_CALL], blocked: 'SAFETY' });
    expect(JSON.stringify(spans)).not.toContain('E2EKEYsecret');
    const byModel = (i: number) => spans[i] as SpanData;
    const out = (span: SpanData) => JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts;
    expect(spans.map((s: SpanData) => s.name)).toEqual(['chat gemini-2.5-flash', 'chat gemini-2.5-pro', 'chat gemini-2.5-flash', 'chat gemini-2.5-flash', 'chat gemini-2.5-flash']);
    expect(byModel(0).attributes[sem.GEN_AI_PROVIDER_NAME]).toBe('gcp.gemini');
    expect(out(byModel(0))).toEqual([{ type: 'text', content: GEMINI_ANSWER }]);
    expect(out(byModel(1))).toEqual([{ type: 'reasoning', content: GEMINI_THOUGHT }, { type: 'text', content: GEMINI_ANSWER }]);
    expect(byModel(1).events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
    expect(out(byModel(2))).toEqual([{ type: 'tool_call', name: 'get_weather', arguments: GEMINI_CALL.args }]);
    expect(byModel(3).status).toEqual({ code: 'error', message: 'prompt blocked: SAFETY' });
    expect(byModel(4).attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(byModel(4).status.message).toBe('stream ended before its final event');
    await page.close();
  });
});
