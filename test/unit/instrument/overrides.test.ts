/**
 * Pinned answers, read by the real clients: each wire format as its SDK parses it (JSON and
 * streams), provider errors, a cut stream, a stall the app aborts; matching rules; malformed pins;
 * persistence only when asked.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { FetchActions } from '../../../src/instrument/fetch/actions';
import { getOriginalFetch, instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { answerEvents, answerJson, chunkText } from '../../../src/instrument/fetch/override-wire';
import { Overrides } from '../../../src/instrument/fetch/overrides';
import { ollamaChat } from '../../../src/instrument/providers/detect';
import { DEFAULT_PRICES } from '../../../src/instrument/prices';
import { startMockLlmServer, type MockLlmServer } from '../../support/mock-llm-server.js';
import { loadActionCode, recordingTracer, type Recorded } from './helpers';

let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;
let rec: Recorded;
let actions: FetchActions;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  handle?.uninstall();
  handle = undefined;
  server.requests.length = 0;
});

function setUp(storage?: Storage) {
  rec = recordingTracer();
  actions = new FetchActions({ tracer: rec.tracer, prices: DEFAULT_PRICES, fetch: getOriginalFetch, loadCode: loadActionCode, storage: storage ?? memoryStorage() });
  handle = instrumentFetch({ tracer: rec.tracer, onLlmCall: actions.hook });
}

const fast = { firstByteMs: 1, chunkMs: 1 };
const openai = () => new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
const chatUrl = () => `${server.url}/v1/chat/completions`;
const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Weather?' }] };

describe('pinned answers in each wire format', () => {
  it('OpenAI chat: a streamed answer the SDK reads chunk by chunk, the span marked overridden, no request sent', async () => {
    setUp();
    actions.overrides.add({ url: chatUrl() }, { type: 'answer', text: 'Pinned: snow in Paris.' }, fast);
    const stream = await openai().chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      pieces.push(chunk.choices[0]?.delta?.content ?? '');
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.join('')).toBe('Pinned: snow in Paris.');
    expect(pieces.filter(Boolean).length).toBeGreaterThan(2);
    expect(usage).toMatchObject({ completion_tokens: 4 });
    const [span] = await rec.waitForEnded(1);
    expect(span.attributes[sem.SPANLENS_OVERRIDDEN]).toBe(true);
    expect(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES]).toContain('Pinned: snow in Paris.');
    expect(span.status.code).not.toBe('error');
    expect(server.requests).toHaveLength(0);
    // `once` by default: the next call goes to the network.
    await openai().chat.completions.create(ask);
    expect(server.requests).toHaveLength(1);
  });

  it('OpenAI chat JSON with tool calls, Responses streamed, Anthropic JSON and streamed: as each SDK reads them', async () => {
    setUp();
    actions.overrides.add({ url: chatUrl() }, { type: 'answer', toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: { city: 'Rome' } }] }, fast);
    const chat = await openai().chat.completions.create(ask);
    expect(chat.choices[0].finish_reason).toBe('tool_calls');
    expect(chat.choices[0].message.tool_calls).toEqual([{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }]);

    actions.overrides.add({ url: `${server.url}/v1/responses` }, { type: 'answer', text: 'Responses pinned.' }, fast);
    const events: string[] = [];
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of await openai().responses.create({ model: 'gpt-4o', input: 'hi', stream: true })) {
      events.push(event.type);
      if (event.type === 'response.completed') final = event.response;
    }
    expect(events[0]).toBe('response.created');
    expect(final?.output_text ?? (final?.output[0] as { content: Array<{ text: string }> }).content[0].text).toBe('Responses pinned.');

    actions.overrides.add({ url: `${server.url}/v1/messages`, times: 'always' }, { type: 'answer', text: 'Claude pinned.', toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] }, fast);
    const message = await anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'Claude pinned.' }, { type: 'tool_use', id: 'call_spanlens_0', name: 'lookup', input: { q: 'x' } }]);
    expect(message.stop_reason).toBe('tool_use');
    const streamed = anthropic().messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    const finalMessage = await streamed.finalMessage();
    expect(finalMessage.content[0]).toEqual({ type: 'text', text: 'Claude pinned.' });
    expect(finalMessage.content[1]).toMatchObject({ type: 'tool_use', name: 'lookup', input: { q: 'x' } });
    const spans = await rec.waitForEnded(4);
    expect(spans.every((s) => s.attributes[sem.SPANLENS_OVERRIDDEN] === true)).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('Ollama: JSON and NDJSON that the Ollama reader understands', () => {
    const json = answerJson('ollama.chat', { text: 'Local pinned.' }, 'llama3');
    expect(ollamaChat.parseResponse(json)).toMatchObject({ complete: true, messages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Local pinned.' }] }] });
    const stream = ollamaChat.createStream();
    for (const event of answerEvents('ollama.chat', { text: 'Local pinned.' }, 'llama3', chunkText('Local pinned.'), false)) stream.push({ data: event.data } as never);
    expect(stream.outcome()).toMatchObject({ complete: true, messages: [{ parts: [{ type: 'text', content: 'Local pinned.' }] }] });
  });
});

describe('pinned failures', () => {
  it('HTTP 429 with the provider error body: the SDK throws its RateLimitError; the span has the error', async () => {
    setUp();
    actions.overrides.add({ url: chatUrl() }, { type: 'error', status: 429 }, fast);
    const error = await openai().chat.completions.create(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toContain('Rate limit reached');
    actions.overrides.add({ url: `${server.url}/v1/messages` }, { type: 'error', status: 500, message: 'boom' }, fast);
    const error2 = await anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error2).toBeInstanceOf(Anthropic.InternalServerError);
    const spans = await rec.waitForEnded(2);
    expect(spans.map((s) => s.status.message)).toEqual(['HTTP 429: Rate limit reached (pinned by spanlens)', 'HTTP 500: boom']);
  });

  it('a stream cut midway fails the app read and leaves an incomplete span; a stall waits for the app to abort', async () => {
    setUp();
    actions.overrides.add({ url: chatUrl() }, { type: 'cut', text: 'one two three four five six' }, fast);
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of await openai().chat.completions.create({ ...ask, stream: true })) seen.push(chunk.choices[0]?.delta?.content ?? '');
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(seen.join('')).not.toBe('one two three four five six');
    const [cut] = await rec.waitForEnded(1);
    expect(cut.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(cut.status.code).toBe('error');

    actions.overrides.add({ url: chatUrl() }, { type: 'stall' }, fast);
    const controller = new AbortController();
    const pending = openai().chat.completions.create(ask, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 30);
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    const [, stalled] = await rec.waitForEnded(2);
    expect(stalled.status.message).toBe('aborted by the app');
  });
});

describe('matching', () => {
  it('matches endpoint and model only, never another origin; always until removed', async () => {
    setUp();
    const pin = actions.overrides.add({ url: chatUrl(), model: 'gpt-4o', times: 'always' }, { type: 'answer', text: 'pinned' }, fast);
    const other = await openai().chat.completions.create(ask);
    expect(other.choices[0].message.content).not.toBe('pinned');
    const same = await openai().chat.completions.create({ ...ask, model: 'gpt-4o' });
    expect(same.choices[0].message.content).toBe('pinned');
    expect((await openai().chat.completions.create({ ...ask, model: 'gpt-4o' })).choices[0].message.content).toBe('pinned');
    // Same path on another origin (localhost instead of 127.0.0.1): not this pin's.
    const otherOrigin = new OpenAI({ apiKey: 'k', baseURL: `${server.url.replace('127.0.0.1', 'localhost')}/v1`, maxRetries: 0 });
    const elsewhere = await otherOrigin.chat.completions.create({ ...ask, model: 'gpt-4o' }).then((r) => r.choices[0].message.content, () => 'not answered by the pin');
    expect(elsewhere).not.toBe('pinned');
    expect(actions.overrides.list()[0].hits).toBe(2);
    pin.remove();
    expect(actions.overrides.list()).toHaveLength(0);
    expect((await openai().chat.completions.create({ ...ask, model: 'gpt-4o' })).choices[0].message.content).not.toBe('pinned');
  });

  it('refuses malformed pins with a clear message', () => {
    const overrides = new Overrides(loadActionCode, memoryStorage());
    expect(() => overrides.add({ url: '/v1/chat/completions' }, { type: 'answer', text: 'x' })).toThrow(/match.url must be an absolute URL/);
    expect(() => overrides.add({ url: 'ftp://x/y' }, { type: 'answer', text: 'x' })).toThrow(/http\(s\)/);
    expect(() => overrides.add({ url: 'https://a.test/v1', times: 'twice' as never }, { type: 'answer', text: 'x' })).toThrow(/'once' or 'always'/);
    expect(() => overrides.add({ url: 'https://a.test/v1' }, { type: 'nope' } as never)).toThrow(/response.type is one of answer, error, cut, stall/);
    expect(() => overrides.add({ url: 'https://a.test/v1' }, { type: 'error', status: 200 })).toThrow(/HTTP status 400-599/);
    expect(() => overrides.add({ url: 'https://a.test/v1' }, { type: 'answer' })).toThrow(/needs text or toolCalls/);
    expect(() => overrides.add({ url: 'https://a.test/v1' }, { type: 'answer', toolCalls: [{ name: '' }] })).toThrow(/toolCalls is a list/);
    expect(overrides.list()).toHaveLength(0);
  });

  it('keeps a pin across a reload only when asked', () => {
    const storage = memoryStorage();
    const first = new Overrides(loadActionCode, storage);
    first.add({ url: 'https://a.test/v1/chat/completions' }, { type: 'answer', text: 'kept' }, { persist: true });
    first.add({ url: 'https://a.test/v1/chat/completions' }, { type: 'answer', text: 'forgotten' });
    const next = new Overrides(loadActionCode, storage);
    expect(next.list().map((p) => (p.response as { text: string }).text)).toEqual(['kept']);
    next.remove(next.list()[0].id);
    expect(new Overrides(loadActionCode, storage).list()).toHaveLength(0);
  });
});

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}
