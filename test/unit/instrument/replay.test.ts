/**
 * Replay against the mock provider server with the real clients: a live call replayed with edits
 * (its own headers from memory, the raw body's other fields kept), a stored call rebuilt from its
 * attributes in each wire format, a failing endpoint, and bad input.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import type { SpanData } from '../../../src/core/span';
import { FetchActions } from '../../../src/instrument/fetch/actions';
import { getOriginalFetch, instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { DEFAULT_PRICES } from '../../../src/instrument/prices';
import { ANSWER, startMockLlmServer, type MockLlmServer } from '../../support/mock-llm-server.js';
import { loadActionCode, recordingTracer, type Recorded } from './helpers';

const KEY = 'sk-proj-REPLAYKEYsecret123456789';
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

function setUp() {
  rec = recordingTracer();
  actions = new FetchActions({ tracer: rec.tracer, prices: DEFAULT_PRICES, fetch: getOriginalFetch, loadCode: loadActionCode });
  handle = instrumentFetch({ tracer: rec.tracer, onLlmCall: actions.hook });
}

const lastBody = () => JSON.parse(server.requests.at(-1)!.body) as Record<string, any>;
const ended = (id: string) => rec.ended.find((s) => s.spanId === id)!;

describe('replay of a live call', () => {
  it('re-sends with the same headers, the edits applied and the other raw fields kept, streaming, as a linked span', async () => {
    setUp();
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      user: 'app-user-7',
      temperature: 0.7,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Paris?' }],
    });
    for await (const _ of stream) void _;
    const [original] = await rec.waitForEnded(1);
    const before = server.requests.length;

    const id = await actions.replayer.replay(original, {
      model: 'gpt-4o',
      parameters: { temperature: 0 },
      messages: [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Rome?' }] },
      ],
    });
    expect(server.requests.length).toBe(before + 1);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = lastBody();
    expect(body).toMatchObject({ model: 'gpt-4o', temperature: 0, stream: true, user: 'app-user-7' });
    expect(body.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Rome?' }]);

    const replay = ended(id);
    expect(replay.kind).toBe('llm');
    expect(replay.traceId).not.toBe(original.traceId);
    expect(replay.attributes[sem.SPANLENS_REPLAY_OF]).toBe(original.spanId);
    expect(replay.links).toEqual([{ traceId: original.traceId, spanId: original.spanId, attributes: { [sem.SPANLENS_LINK_TYPE]: 'replay_of' } }]);
    expect(replay.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o');
    expect(replay.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(typeof replay.attributes[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBe('number');
    expect(JSON.parse(String(replay.attributes[sem.GEN_AI_OUTPUT_MESSAGES]))[0].parts[0].content).toBe(ANSWER);
    // The key went on the wire, and nowhere else.
    expect(JSON.stringify(rec.events)).not.toContain('REPLAYKEYsecret');
  });

  it('an unedited replay of an Anthropic call sends the body the app sent', async () => {
    setUp();
    const anthropic = new Anthropic({ apiKey: 'sk-ant-api03-REPLAYKEYsecret123456789', baseURL: server.url, maxRetries: 0 });
    await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, metadata: { user_id: 'u1' }, messages: [{ role: 'user', content: 'Hi' }] });
    const [original] = await rec.waitForEnded(1);
    const appBody = server.requests.at(-1)!.body;
    const id = await actions.replayer.replay(original);
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual(JSON.parse(appBody));
    const [app, replayed] = server.requests.slice(-2).map((r) => r.headers);
    // Whatever auth header the client used goes out again, and the client's other headers too.
    expect(JSON.stringify(app)).toContain('REPLAYKEYsecret');
    for (const name of ['authorization', 'x-api-key', 'anthropic-version', 'user-agent']) expect(replayed[name], name).toBe(app[name]);
    expect(ended(id).attributes[sem.SPANLENS_API_FORMAT]).toBe('anthropic.messages');
    expect(ended(id).status.code).not.toBe('error');
  });
});

/** A stored span: what an earlier page load left (no memory of its request). */
function storedSpan(format: string, path: string, extra: Record<string, unknown> = {}): SpanData {
  return {
    traceId: 'e'.repeat(32),
    spanId: 'e'.repeat(16),
    name: 'chat',
    kind: 'llm',
    startTime: 1,
    endTime: 2,
    status: { code: 'unset' },
    sessionId: 'earlier',
    events: [],
    attributes: {
      [sem.SPANLENS_API_FORMAT]: format,
      [sem.GEN_AI_PROVIDER_NAME]: 'test',
      [sem.URL_FULL]: `${server.url}${path}`,
      [sem.GEN_AI_REQUEST_MODEL]: 'model-a',
      [sem.GEN_AI_REQUEST_TEMPERATURE]: 0.5,
      [sem.GEN_AI_REQUEST_MAX_TOKENS]: 100,
      [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([{ type: 'text', content: 'You are a weather bot.' }]),
      [sem.GEN_AI_INPUT_MESSAGES]: JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { temp: 4 } }] },
      ]),
      [sem.GEN_AI_TOOL_DEFINITIONS]: JSON.stringify([{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }]),
      ...extra,
    },
  };
}

describe('replay of a stored call (rebuilt from its attributes)', () => {
  it('writes each wire format from the semconv attributes, with pasted headers', async () => {
    setUp();
    const cases: Array<[string, string, (body: Record<string, any>) => void]> = [
      ['openai.chat_completions', '/v1/chat/completions', (b) => {
        expect(b.messages).toEqual([
          { role: 'system', content: 'You are a weather bot.' },
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temp":4}' },
        ]);
        expect(b.tools).toEqual([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]);
        expect(b).toMatchObject({ model: 'model-a', temperature: 0.5, max_tokens: 100 });
      }],
      ['openai.responses', '/v1/responses', (b) => {
        expect(b.instructions).toBe('You are a weather bot.');
        expect(b.input).toEqual([
          { role: 'user', content: 'Weather in Oslo?' },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          { type: 'function_call_output', call_id: 'call_1', output: '{"temp":4}' },
        ]);
        expect(b).toMatchObject({ max_output_tokens: 100, tools: [{ type: 'function', name: 'get_weather' }] });
      }],
      ['anthropic.messages', '/v1/messages', (b) => {
        expect(b.system).toBe('You are a weather bot.');
        expect(b.messages).toEqual([
          { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"temp":4}' }] },
        ]);
        expect(b).toMatchObject({ max_tokens: 100, tools: [{ name: 'get_weather', input_schema: { type: 'object' } }] });
      }],
      ['ollama.chat', '/api/chat', (b) => {
        expect(b.messages[0]).toEqual({ role: 'system', content: 'You are a weather bot.' });
        expect(b.messages[2]).toEqual({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }] });
        expect(b.messages[3]).toEqual({ role: 'tool', content: '{"temp":4}' });
        expect(b).toMatchObject({ stream: false, options: { temperature: 0.5, num_predict: 100 } });
      }],
    ];
    for (const [format, path, check] of cases) {
      const id = await actions.replayer.replay(storedSpan(format, path), {}, { headers: { authorization: 'Bearer pasted-token-123' } });
      expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer pasted-token-123');
      check(lastBody());
      const span = ended(id);
      expect(span.status.code, format).not.toBe('error');
      expect(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES], format).toContain('sunny');
    }
    expect(JSON.stringify(rec.events)).not.toContain('pasted-token');
  });

  it('a failing endpoint gives a replay span with the error, not a rejection', async () => {
    setUp();
    const id = await actions.replayer.replay(storedSpan('openai.chat_completions', '/v1/chat/completions'), {}, { headers: { 'x-mock-scenario': 'http_error' } });
    const span = ended(id);
    expect(span.status.code).toBe('error');
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBeGreaterThanOrEqual(400);
    const gone = await actions.replayer.replay(storedSpan('openai.chat_completions', '/v1/chat/completions', { [sem.URL_FULL]: 'http://127.0.0.1:9/v1/chat/completions' }));
    expect(ended(gone).status.code).toBe('error');
  });

  it('refuses what it cannot replay, with the reason', async () => {
    setUp();
    const span = storedSpan('openai.chat_completions', '/v1/chat/completions');
    await expect(actions.replayer.replay({ ...span, kind: 'tool' })).rejects.toThrow(/only llm spans/);
    await expect(actions.replayer.replay(storedSpan('ai_sdk.ui_message_stream', '/api/ui'))).rejects.toThrow(/replay speaks openai.chat_completions/);
    await expect(actions.replayer.replay(span, { messages: [{ role: 'user', content: 'hi' }] as never })).rejects.toThrow(/edits.messages is an array of \{ role, parts/);
    await expect(actions.replayer.replay(span, { parameters: { temperature: 'hot' as never } })).rejects.toThrow(/temperature is a finite number/);
    expect(server.requests).toHaveLength(0);
  });
});
