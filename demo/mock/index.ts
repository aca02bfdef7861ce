/**
 * The demo's mock LLM, as one Connect middleware (Vite's dev server uses it; so do the tests):
 *
 *   POST /v1/chat/completions   OpenAI-compatible, JSON and SSE        (openai.ts)
 *   POST /v1/messages           Anthropic-style, JSON and SSE          (anthropic.ts)
 *   POST /api/chat              the AI SDK route: streamText, a UI message stream (ai-sdk-chat.ts)
 *   POST /api/search            { query, top_k } → { results }         (corpus.ts)
 *   POST /api/rerank            { query, documents, top_n } → { results }
 *   GET  /api/weather?city=     the get_weather tool's backend; 404 for an unknown city
 *   GET  /api/demo-info         what the page may offer (the real-OpenAI proxy or not)
 *   *    /openai/v1/*           proxy to the real API, only when openAiKey is given (proxy.ts)
 *
 * Anything else goes to `next()`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleMessages } from './anthropic.ts';
import { handleUiChat } from './ai-sdk-chat.ts';
import { rerank, search, type Document } from './corpus.ts';
import { BadRequest, readJson, sendJson, sleep } from './http.ts';
import { handleChatCompletions } from './openai.ts';
import { proxyToOpenAi } from './proxy.ts';
import { HUMAN_TIMING, type MockTiming } from './timing.ts';
import { lookupWeather } from './weather.ts';

export { FAST_TIMING, HUMAN_TIMING, type MockTiming } from './timing.ts';

export interface MockOptions {
  timing?: Partial<MockTiming>;
  /** The real key, server side only: enables /openai/v1/* (the demo reads OPENAI_API_KEY). */
  openAiKey?: string;
  /** Where the proxy sends requests. Default https://api.openai.com (tests use a local fake). */
  openAiUpstream?: string;
}

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export function createMockLlm(options: MockOptions = {}): Middleware {
  const timing: MockTiming = { ...HUMAN_TIMING, ...options.timing };
  let counter = 0;
  const newId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 10)}`;

  async function route(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/v1/chat/completions') return handleChatCompletions(req, res, timing, newId);
    if (method === 'POST' && path === '/v1/messages') return handleMessages(req, res, timing, newId);
    if (method === 'POST' && path === '/api/chat') return handleUiChat(req, res, timing, newId);
    if (method === 'POST' && path === '/api/search') {
      const body = (await readJson(req)) as { query?: unknown; top_k?: unknown };
      if (typeof body.query !== 'string') return sendJson(res, 400, { error: 'query must be a string' });
      await sleep(timing.toolMs);
      return sendJson(res, 200, { results: search(body.query, typeof body.top_k === 'number' ? body.top_k : 5) });
    }
    if (method === 'POST' && path === '/api/rerank') {
      const body = (await readJson(req)) as { query?: unknown; documents?: unknown; top_n?: unknown };
      if (typeof body.query !== 'string' || !Array.isArray(body.documents)) {
        return sendJson(res, 400, { error: 'query and documents are required' });
      }
      await sleep(timing.toolMs / 2);
      return sendJson(res, 200, { results: rerank(body.query, body.documents as Document[], typeof body.top_n === 'number' ? body.top_n : 3) });
    }
    if (method === 'GET' && path === '/api/weather') {
      const city = url.searchParams.get('city') ?? '';
      await sleep(timing.toolMs);
      const weather = lookupWeather(city);
      return weather ? sendJson(res, 200, weather) : sendJson(res, 404, { error: 'unknown city', city });
    }
    if (method === 'GET' && path === '/api/demo-info') return sendJson(res, 200, { realOpenAI: Boolean(options.openAiKey) });
    if (path.startsWith('/openai/v1/') && options.openAiKey) return proxyToOpenAi(req, res, path.slice('/openai'.length), options.openAiKey, options.openAiUpstream);
    next();
  }

  return (req, res, next) => {
    route(req, res, next).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BadRequest) return sendJson(res, 400, { error: { message: error.message, type: 'invalid_request_error' } });
      sendJson(res, 500, { error: { message: String(error), type: 'server_error' } });
    });
  };
}
