/**
 * The wrapper against a real local server, with raw fetch: what the app gets is what it would get
 * without spanlens, and the spans say what happened.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { ANSWER, startMockLlmServer, TOOL_CALL, USAGE, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer, type Recorded } from './helpers';

let server: MockLlmServer;
let rec: Recorded;
let handle: FetchInstrumentation;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
});
afterEach(() => handle.uninstall());

function chatRequest(body: Record<string, unknown>, headers: Record<string, string> = {}): [string, RequestInit] {
  return [
    `${server.url}/v1/chat/completions`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-1234567890abcdef', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }], ...body }),
    },
  ];
}

async function readAll(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}

describe('streaming responses', () => {
  it('hands the first chunk to the app before the server sends the second', async () => {
    const response = await fetch(...chatRequest({ stream: true }, { 'x-mock-gate': '1' }));
    const reader = response.body!.getReader();
    // The server has sent exactly one event and now waits for release(): if the wrapper held
    // chunks back, this read would never resolve.
    const first = await reader.read();
    await server.gated();
    expect(new TextDecoder().decode(first.value)).toContain('"role":"assistant"');
    server.release();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toContain('[DONE]');
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
  });

  it('gives the app the same bytes, status, headers and url as native fetch, on a Response', async () => {
    const [url, init] = chatRequest({ stream: true });
    handle.uninstall();
    const plain = await fetch(url, init);
    const plainText = await readAll(plain);
    handle = instrumentFetch({ tracer: rec.tracer });
    const wrapped = await fetch(url, init);
    expect(wrapped).toBeInstanceOf(Response);
    expect(wrapped.status).toBe(plain.status);
    expect(wrapped.statusText).toBe(plain.statusText);
    expect(wrapped.ok).toBe(true);
    expect(wrapped.url).toBe(plain.url);
    expect(wrapped.redirected).toBe(plain.redirected);
    expect(wrapped.type).toBe(plain.type);
    expect([...wrapped.headers].filter(([k]) => k !== 'date')).toEqual([...plain.headers].filter(([k]) => k !== 'date'));
    const copy = wrapped.clone();
    expect(copy.url).toBe(plain.url);
    expect(wrapped.bodyUsed).toBe(false);
    expect(await readAll(wrapped)).toBe(plainText);
    expect(wrapped.bodyUsed).toBe(true);
    expect(await readAll(copy)).toBe(plainText);
  });

  it('supports BYOB readers like the native body', async () => {
    const response = await fetch(...chatRequest({ stream: true }));
    const reader = response.body!.getReader({ mode: 'byob' });
    let text = '';
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(64));
      if (done) break;
      text += new TextDecoder().decode(value, { stream: true });
    }
    expect(text).toContain('[DONE]');
    await rec.waitForEnded();
  });

  it('records text, usage, cost, time to first chunk and the first-token event', async () => {
    const response = await fetch(...chatRequest({ stream: true, stream_options: { include_usage: true }, temperature: 0.2, max_tokens: 300 }));
    await response.text();
    const [span] = await rec.waitForEnded();
    const a = span.attributes;
    expect(span.kind).toBe('llm');
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(a[sem.GEN_AI_PROVIDER_NAME]).toBe('openai');
    expect(a[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
    expect(a[sem.GEN_AI_REQUEST_TEMPERATURE]).toBe(0.2);
    expect(a[sem.GEN_AI_REQUEST_MAX_TOKENS]).toBe(300);
    expect(a[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(a[sem.GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini-2024-07-18');
    expect(a[sem.GEN_AI_RESPONSE_ID]).toBe('chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG');
    expect(a[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(USAGE.input);
    expect(a[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
    expect(a[sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(USAGE.cached);
    expect(a[sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(USAGE.reasoning);
    // gpt-4o-mini: $0.15 in, $0.075 cached in, $0.60 out per 1M.
    const expected = ((USAGE.input - USAGE.cached) * 0.15 + USAGE.cached * 0.075 + USAGE.output * 0.6) / 1e6;
    expect(a[sem.SPANLENS_COST_USD]).toBeCloseTo(expected, 12);
    expect(a[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(JSON.parse(a[sem.GEN_AI_INPUT_MESSAGES] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]);
    expect(JSON.parse(a[sem.GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
    ]);
    const first = span.events.find((e) => e.name === sem.EVENT_FIRST_TOKEN)!;
    expect(first).toBeDefined();
    expect(a[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeCloseTo((first.time - span.startTime) / 1000, 6);
    expect(span.status.code).toBe('unset');
    expect(a[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
  });

  it('reassembles tool calls streamed in fragments', async () => {
    const response = await fetch(...chatRequest({ stream: true }, { 'x-mock-scenario': 'tool_calls' }));
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: TOOL_CALL.id, name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) }],
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('stops the tap and releases the connection when the app cancels the body', async () => {
    const response = await fetch(...chatRequest({ stream: true }, { 'x-mock-gate': '1' }));
    const reader = response.body!.getReader();
    await reader.read();
    await server.gated();
    await reader.cancel('user pressed stop');
    const [span] = await rec.waitForEnded();
    server.release();
    expect(span.status).toEqual({ code: 'error', message: 'response body cancelled by the app' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    await expect.poll(() => server.requests.at(-1)!.closedEarly).toBe(true);
  });

  it('on abort mid-stream: the app gets the same error, the span keeps the partial output', async () => {
    const controller = new AbortController();
    const [url, init] = chatRequest({ stream: true }, { 'x-mock-delay-ms': '5' });
    const aborting = await fetch(url, { ...init, signal: controller.signal });
    const reader = aborting.body!.getReader();
    let text = '';
    while (!text.includes('Paris')) text += new TextDecoder().decode((await reader.read()).value);
    const reason = new DOMException('stop generating', 'AbortError');
    controller.abort(reason);
    const failure = await reader.read().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBe(reason);
    const [span] = await rec.waitForEnded();
    expect(span.status.code).toBe('error');
    expect(span.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    const output = JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string);
    expect(output[0].parts[0].content).toContain('Paris');
    expect(ANSWER.startsWith(output[0].parts[0].content)).toBe(true);
  });

  it('marks a stream that ends without its final event as incomplete', async () => {
    const response = await fetch(...chatRequest({ stream: true }, { 'x-mock-scenario': 'incomplete' }));
    expect(await response.text()).not.toContain('[DONE]');
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(span.status).toEqual({ code: 'error', message: 'stream ended before its final event' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('incomplete');
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts[0].content).toBe(ANSWER);
  });

  it('records an error event inside a stream as the span error', async () => {
    const response = await fetch(...chatRequest({ stream: true }, { 'x-mock-scenario': 'mid_error' }));
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(span.status).toEqual({ code: 'error', message: 'The server had an error while processing your request.' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('server_error');
  });
});

describe('other stream formats', () => {
  it('Anthropic Messages SSE with a tool_use block streamed as input_json_delta', async () => {
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-api03-secretsecret', 'anthropic-version': '2023-06-01', 'x-mock-scenario': 'tool_calls' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, system: 'Be brief.', stream: true, messages: [{ role: 'user', content: 'Weather in Paris?' }] }),
    });
    await response.text();
    const [span] = await rec.waitForEnded();
    const a = span.attributes;
    expect(a[sem.GEN_AI_PROVIDER_NAME]).toBe('anthropic');
    expect(a[sem.SPANLENS_API_FORMAT]).toBe('anthropic.messages');
    expect(a[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_use']);
    expect(a[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(USAGE.input);
    expect(a[sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(USAGE.cached);
    expect(a[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
    expect(JSON.parse(a[sem.GEN_AI_SYSTEM_INSTRUCTIONS] as string)).toEqual([{ type: 'text', content: 'Be brief.' }]);
    const output = JSON.parse(a[sem.GEN_AI_OUTPUT_MESSAGES] as string);
    expect(output[0].parts).toEqual([
      { type: 'text', content: 'Let me check the weather.' },
      { type: 'tool_call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
    ]);
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $15 out per 1M.
    expect(a[sem.SPANLENS_COST_USD]).toBeCloseTo(((USAGE.input - USAGE.cached) * 3 + USAGE.cached * 0.3 + USAGE.output * 15) / 1e6, 12);
  });

  it('Responses API SSE', async () => {
    const response = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', instructions: 'Be brief.', input: 'Weather in Paris?', stream: true, max_output_tokens: 500 }),
    });
    await response.text();
    const [span] = await rec.waitForEnded();
    const a = span.attributes;
    expect(a[sem.SPANLENS_API_FORMAT]).toBe('openai.responses');
    expect(a[sem.GEN_AI_REQUEST_MAX_TOKENS]).toBe(500);
    expect(a[sem.GEN_AI_RESPONSE_MODEL]).toBe('gpt-5-2025-08-07');
    expect(a[sem.GEN_AI_RESPONSE_ID]).toBe('resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b');
    expect(a[sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(USAGE.reasoning);
    expect(JSON.parse(a[sem.GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The user asks about weather.' },
          { type: 'text', content: ANSWER },
        ],
        finish_reason: 'stop',
      },
    ]);
    expect(typeof a[sem.SPANLENS_COST_USD]).toBe('number');
  });

  it('an app-named endpoint speaking Ollama NDJSON is recognised from its first line', async () => {
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, llmUrls: [`${server.url}/api/*`] });
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'Weather in Paris?' }], options: { temperature: 0.1 } }),
    });
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.SPANLENS_API_FORMAT]).toBe('ollama.chat');
    expect(span.attributes[sem.GEN_AI_REQUEST_TEMPERATURE]).toBe(0.1);
    expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts[0].content).toBe(ANSWER);
    // No price for a local model: no cost, never a guess.
    expect(span.attributes[sem.SPANLENS_COST_USD]).toBeUndefined();
    expect(span.status.code).toBe('unset');
  });

  it('a plain-text stream from an app proxy is the answer text', async () => {
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, llmUrls: ['/plain'] });
    const response = await fetch(`${server.url}/plain`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }) });
    expect(await response.text()).toBe(ANSWER);
    const [span] = await rec.waitForEnded();
    expect(span.kind).toBe('llm');
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }]);
    expect(span.status.code).toBe('unset');
  });
});

describe('app routes', () => {
  it('an AI SDK UI message stream named in llmUrls is still read as a turn (see turns.test.ts)', async () => {
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, llmUrls: ['/api/ui-chat'] });
    const response = await fetch(`${server.url}/api/ui-chat`, {
      method: 'POST',
      body: JSON.stringify({ id: 'chat-1', trigger: 'submit-message', messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] }] }),
    });
    await response.text();
    const spans = await rec.waitForEnded(4);
    const turn = spans.find((s) => s.kind === 'agent')!;
    expect(turn.attributes[sem.SPANLENS_API_FORMAT]).toBe('ai_sdk.ui_message_stream');
    expect(spans.filter((s) => s.kind === 'llm')).toHaveLength(2);
    expect(spans.filter((s) => s.kind === 'tool')).toHaveLength(1);
  });

  it('a stream of no known format is noted with an excerpt, not called a failure', async () => {
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, llmUrls: ['/custom-sse'] });
    const response = await fetch(`${server.url}/custom-sse`, { method: 'POST', body: '{"messages":[]}' });
    expect(await response.text()).toBe('data: {"kind":"hello","value":1}\n\ndata: {"kind":"bye"}\n\n');
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('stream not recognised as openai.chat_completions');
    expect(span.attributes[sem.SPANLENS_RESPONSE_BODY_EXCERPT]).toBe('data: {"kind":"hello","value":1}\n\ndata: {"kind":"bye"}\n\n');
    expect(span.attributes[sem.SPANLENS_STREAM_EVENTS]).toBe(2);
    expect(span.status.code).toBe('unset');
  });
});

describe('live updates', () => {
  it('updates the output text at most once per animation frame while the stream is open', async () => {
    const frames: Array<() => void> = [];
    const g = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown };
    g.requestAnimationFrame = (fn: () => void) => frames.push(fn);
    g.cancelAnimationFrame = (id: number) => {
      frames[id - 1] = () => {};
    };
    try {
      const response = await fetch(...chatRequest({ stream: true }));
      const reader = response.body!.getReader();
      const outputUpdates = () => rec.events.filter((e) => e.type === 'update' && e.span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] !== undefined);
      let text = '';
      while (!text.includes('sunny')) text += new TextDecoder().decode((await reader.read()).value);
      // The tap looks at chunks after the current task.
      await new Promise((r) => setImmediate(r));
      // Several chunks of text arrived, but no frame has run: no output update yet, one frame asked for.
      expect(outputUpdates()).toHaveLength(0);
      expect(frames).toHaveLength(1);
      frames[0]();
      await new Promise((r) => setTimeout(r, 0));
      const updates = outputUpdates();
      expect(updates).toHaveLength(1);
      const live = JSON.parse(updates[0].span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string);
      expect(live[0].parts[0].content).toContain('sunny');
      expect(updates[0].span.endTime).toBeUndefined();
      while (!(await reader.read()).done);
      const [span] = await rec.waitForEnded();
      expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts[0].content).toBe(ANSWER);
    } finally {
      delete g.requestAnimationFrame;
      delete g.cancelAnimationFrame;
    }
  });
});
