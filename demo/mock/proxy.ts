/**
 * `/openai/v1/*` → https://api.openai.com/v1/*, with the server's OPENAI_API_KEY. The browser
 * sends a dummy key; it is dropped here and the real one never leaves the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { readJson, sendJson } from './http.ts';

export const OPENAI_UPSTREAM = 'https://api.openai.com';

export async function proxyToOpenAi(req: IncomingMessage, res: ServerResponse, path: string, apiKey: string, upstreamOrigin = OPENAI_UPSTREAM): Promise<void> {
  const body = req.method === 'POST' ? JSON.stringify(await readJson(req)) : undefined;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let upstream: Response;
  try {
    upstream = await fetch(upstreamOrigin + path, {
      method: req.method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body,
      signal: abort.signal,
    });
  } catch (error) {
    return sendJson(res, 502, { error: { message: `proxy: ${(error as Error).message}`, type: 'proxy_error' } });
  }
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  if (!upstream.body) return void res.end();
  Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream).on('error', () => res.destroy()).pipe(res);
}
