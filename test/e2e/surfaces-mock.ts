/**
 * The mock LLM behind the surfaces tests (XMLHttpRequest, EventSource, Gemini in the browser),
 * on the page's own origin as a Vite middleware:
 *   POST /v1/chat/completions           OpenAI chat, JSON or SSE (`stream: true`)
 *   POST /v1beta/models/{m}:...         Gemini (test/support/mock-gemini.js)
 *   GET  /api/events?kind=openai|ai-sdk|unknown   an EventSource stream of that shape
 *   GET  /api/flaky-events              closes after two chunks, then (on reconnect) finishes
 * Per request, by header or query: `delay` (ms between stream events), `hang` (send nothing more
 * after the first event, for abort and timeout tests).
 */
import type { Connect } from 'vite';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveGemini } from '../support/mock-gemini.js';

export const CHAT_ANSWER = 'Sunny in Paris, 22 degrees.';
export const CHAT_WORDS = CHAT_ANSWER.split(/(?<= )/);

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SurfacesMock {
  middleware: Connect.NextHandleFunction;
  requests: SeenRequest[];
}

export function surfacesMock(): SurfacesMock {
  const requests: SeenRequest[] = [];
  /** Reconnections of /api/flaky-events, by Last-Event-ID. */
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const known = url.pathname === '/v1/chat/completions' || url.pathname.startsWith('/v1beta/') || url.pathname.startsWith('/api/');
    if (!known) return next();
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: { ...req.headers } });
    void handle(req, res, url).catch(() => res.destroy());
  };
  return { middleware, requests };
}

async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const delay = Number(req.headers['x-delay'] ?? url.searchParams.get('delay') ?? 0);
  const hang = req.headers['x-hang'] === '1' || url.searchParams.get('hang') === '1';
  if (serveGemini(req, res, text)) return;
  if (url.pathname === '/v1/chat/completions') return chat(res, JSON.parse(text || '{}'), delay, hang);
  if (url.pathname === '/api/events') return events(res, url.searchParams.get('kind') ?? 'openai', delay);
  if (url.pathname === '/api/flaky-events') return flaky(req, res);
  res.writeHead(404).end();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(content: string | undefined, finish: string | null, usage?: object): object {
  return {
    id: 'chatcmpl-surf1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini-2024-07-18',
    choices: usage ? [] : [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
    ...(usage && { usage }),
  };
}

const USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

async function chat(res: ServerResponse, body: { stream?: boolean }, delay: number, hang: boolean): Promise<void> {
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-surf0',
        object: 'chat.completion',
        model: 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, message: { role: 'assistant', content: CHAT_ANSWER }, finish_reason: 'stop' }],
        usage: USAGE,
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const [i, word] of CHAT_WORDS.entries()) {
    res.write(`data: ${JSON.stringify(chunk(word, null))}\n\n`);
    if (hang && i === 0) return; // the client aborts or times out; the connection stays open
    if (delay) await sleep(delay);
  }
  res.write(`data: ${JSON.stringify(chunk(undefined, 'stop'))}\n\n`);
  res.write(`data: ${JSON.stringify(chunk(undefined, null, USAGE))}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** An EventSource stream: OpenAI-shaped chunks, AI SDK UI parts, or an app's own events. */
async function events(res: ServerResponse, kind: string, delay: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const send = async (data: unknown, event?: string) => {
    res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    if (delay) await sleep(delay);
  };
  if (kind === 'openai') {
    for (const word of CHAT_WORDS) await send(chunk(word, null));
    await send(chunk(undefined, 'stop'));
    await send('[DONE]');
  } else if (kind === 'ai-sdk') {
    await send({ type: 'start', messageId: 'msg-es1' });
    await send({ type: 'text-start', id: 't1' });
    for (const word of CHAT_WORDS) await send({ type: 'text-delta', id: 't1', delta: word });
    await send({ type: 'text-end', id: 't1' });
    await send({ type: 'finish', finishReason: 'stop' });
    await send('[DONE]');
  } else {
    await send({ tick: 1 });
    await send({ tick: 2 });
  }
  // The server is done; EventSource would reconnect, so the app closes it (a `done` event says when).
  await send('bye', 'done');
  res.end();
}

/** First connection: two chunks then the connection drops; the reconnection (Last-Event-ID: 2) finishes. */
async function flaky(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const resumed = req.headers['last-event-id'] === '2';
  const words = resumed ? CHAT_WORDS.slice(2) : CHAT_WORDS.slice(0, 2);
  let id = resumed ? 2 : 0;
  if (!resumed) res.write('retry: 50\n\n');
  for (const word of words) res.write(`id: ${++id}\ndata: ${JSON.stringify(chunk(word, null))}\n\n`);
  if (resumed) {
    res.write(`data: ${JSON.stringify(chunk(undefined, 'stop'))}\n\n`);
    res.write('data: [DONE]\n\n');
    res.write('event: done\ndata: bye\n\n');
  }
  res.end();
}
