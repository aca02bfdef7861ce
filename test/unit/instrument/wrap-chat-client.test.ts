/**
 * wrapChatClient against a WebLLM-shaped engine (test/support/webllm-standin.js): the same engine
 * and the same answer objects come back, every call is an llm span read by the OpenAI chat parser,
 * and a stream is watched as the app reads it, never ahead.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { ANSWER as MOCK_ANSWER, startMockLlmServer } from '../../support/mock-llm-server.js';
import '../../support/webllm-standin.js';
import { wrapChatClient } from '../../../src/instrument/engines/wrap-chat-client';
import * as sem from '../../../src/core/semconv';
import { json, recordingTracer, type Recorded } from './helpers';

type Engine = {
  chat: { completions: { create(request: unknown): Promise<any> } };
  requests: unknown[];
  produced: number;
  failAfter?: number;
};
const g = globalThis as unknown as { createWebLlmStandIn(): Engine; WEBLLM_STANDIN: { MODEL: string; ANSWER: string } };
const { MODEL, ANSWER } = g.WEBLLM_STANDIN;
const messages = [
  { role: 'system' as const, content: 'You are a weather bot.' },
  { role: 'user' as const, content: 'Weather in Paris?' },
];

let rec: Recorded;
let engine: Engine;

beforeEach(() => {
  rec = recordingTracer();
  engine = g.createWebLlmStandIn();
});

describe('wrapChatClient', () => {
  it('returns the same engine and records a JSON answer', async () => {
    const completions = engine.chat.completions;
    expect(wrapChatClient(engine, { tracer: rec.tracer })).toBe(engine);
    expect(engine.chat.completions).toBe(completions);
    const reply = await engine.chat.completions.create({ messages, temperature: 0.2, max_tokens: 64 });
    expect(reply.choices[0].message.content).toBe(ANSWER);
    const [span] = await rec.waitForEnded(1);
    expect(span.name).toBe('chat');
    expect(span.attributes).toMatchObject({
      [sem.GEN_AI_PROVIDER_NAME]: 'webllm',
      [sem.SPANLENS_API_FORMAT]: 'openai.chat_completions',
      [sem.GEN_AI_REQUEST_TEMPERATURE]: 0.2,
      [sem.GEN_AI_REQUEST_MAX_TOKENS]: 64,
      [sem.GEN_AI_RESPONSE_MODEL]: MODEL,
      [sem.GEN_AI_RESPONSE_ID]: 'chatcmpl-1',
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: 31,
      [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 7,
      [sem.GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
    });
    expect(span.attributes[sem.SPANLENS_COST_USD]).toBeUndefined();
    expect(json(span.attributes[sem.GEN_AI_INPUT_MESSAGES])).toHaveLength(2);
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
  });

  it('watches a stream as the app reads it: the same generator, nothing read ahead, usage from the last chunk', async () => {
    wrapChatClient(engine, { tracer: rec.tracer });
    const stream = await engine.chat.completions.create({ messages, stream: true, stream_options: { include_usage: true } });
    expect(Object.prototype.toString.call(stream)).toBe('[object AsyncGenerator]');
    const first = await stream.next();
    expect(first.value.choices[0].delta.content).toBe('The ');
    expect(engine.produced).toBe(1);
    let text = first.value.choices[0].delta.content;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(ANSWER);
    expect(usage).toMatchObject({ prompt_tokens: 31 });
    const [span] = await rec.waitForEnded(1);
    expect(span.attributes).toMatchObject({
      [sem.GEN_AI_REQUEST_STREAM]: true,
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: 31,
      [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 7,
      [sem.SPANLENS_STREAM_EVENTS]: 8,
      [sem.GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
    });
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
    expect(span.events.map((e) => e.name)).toEqual([sem.EVENT_FIRST_TOKEN]);
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
  });

  it('an engine whose stream throws: the app gets the same error, the span is complete and says what went wrong', async () => {
    wrapChatClient(engine, { tracer: rec.tracer });
    engine.failAfter = 2;
    const stream = await engine.chat.completions.create({ messages, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0].delta.content;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('GPUDevice was lost');
    expect(text).toBe('The weather ');
    const [span] = await rec.waitForEnded(1);
    expect(span.status).toEqual({ code: 'error', message: 'GPUDevice was lost' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('Error');
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'The weather ' }] }]);
    expect(span.events.map((e) => e.name)).toEqual([sem.EVENT_FIRST_TOKEN, sem.EXCEPTION_EVENT]);
  });

  it('a break out of the stream ends the span as closed early; a rejected call records its error', async () => {
    wrapChatClient(engine, { tracer: rec.tracer });
    const stream = await engine.chat.completions.create({ messages, stream: true });
    for await (const _chunk of stream) break;
    const rejected = await engine.chat.completions.create({ prompt: 'no messages' }).catch((e: unknown) => e);
    expect((rejected as Error).message).toBe('WebLLM: request.messages is required');
    const [broken, failed] = await rec.waitForEnded(2);
    expect(broken.status).toEqual({ code: 'error', message: 'stream closed early by the app' });
    expect(broken.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(failed.status.message).toBe('WebLLM: request.messages is required');
  });

  it('wrapping twice records once; a client without chat.completions.create comes back untouched', async () => {
    wrapChatClient(engine, { tracer: rec.tracer });
    wrapChatClient(engine, { tracer: rec.tracer });
    await engine.chat.completions.create({ messages });
    await new Promise((r) => setTimeout(r, 5));
    expect(rec.ended).toHaveLength(1);
    const odd = { chat: {} };
    expect(wrapChatClient(odd, { tracer: rec.tracer })).toBe(odd);
    expect(odd).toEqual({ chat: {} });
    expect(rec.tracer.errors.at(-1)?.message).toMatch(/no chat\.completions\.create/);
  });
});

describe('wrapChatClient on a client whose promises and streams are classes of their own', () => {
  it('the openai SDK (not traced by fetch here): its APIPromise and Stream come back themselves and still work', async () => {
    const server = await startMockLlmServer();
    try {
      const client = new OpenAI({ apiKey: 'sk-test-0123456789', baseURL: `${server.url}/v1`, maxRetries: 0 });
      wrapChatClient(client, { tracer: rec.tracer, provider: 'openai' });
      const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();
      expect(response.status).toBe(200);
      expect(data.choices[0].message.content).toBe(MOCK_ANSWER);
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe(MOCK_ANSWER);
      const [json, streamed] = await rec.waitForEnded(2);
      expect(json.attributes).toMatchObject({ [sem.GEN_AI_PROVIDER_NAME]: 'openai', [sem.GEN_AI_USAGE_INPUT_TOKENS]: 57 });
      expect(streamed.attributes).toMatchObject({ [sem.GEN_AI_REQUEST_STREAM]: true, [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 17 });
      expect(json.attributes).not.toHaveProperty(sem.SPANLENS_INCOMPLETE);
      expect(JSON.stringify(rec.ended)).not.toContain('sk-test');
    } finally {
      await server.close();
    }
  });
});
