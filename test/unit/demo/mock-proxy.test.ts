import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING } from '../../../demo/mock';
import { startMock, type RunningMock } from './mock-server';

/** A stand-in for api.openai.com that records what reached it and streams two chunks. */
let upstream: Server;
let upstreamUrl: string;
const seen: Array<{ url?: string; authorization?: string; body: string }> = [];
let mock: RunningMock;

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization, body: await readBody(req) });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (content: string, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
    res.write(chunk('real ', null));
    res.end(chunk('answer', 'stop') + 'data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  mock = await startMock({ timing: FAST_TIMING, openAiKey: 'sk-real-server-key', openAiUpstream: upstreamUrl });
});
afterAll(async () => {
  await mock.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the real-OpenAI proxy', () => {
  it('swaps the browser\'s dummy key for the server\'s and streams the answer through', async () => {
    const client = new OpenAI({ apiKey: 'sk-demo-dummy', baseURL: `${mock.url}/openai/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('real answer');
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/v1/chat/completions');
    expect(seen[0].authorization).toBe('Bearer sk-real-server-key');
    expect(JSON.parse(seen[0].body)).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    expect(await (await fetch(`${mock.url}/api/demo-info`)).json()).toEqual({ realOpenAI: true });
  });
});
