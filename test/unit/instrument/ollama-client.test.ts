/**
 * The real `ollama` package's browser client (ollama/browser) against a local mock of Ollama's
 * documented /api/chat (NDJSON lines, the last one `done: true` with the token counts), on the
 * default host http://127.0.0.1:11434: a fetch below the wrapper takes those requests to the mock.
 *
 * The client stops reading the stream at the `done` line (its iterator returns there), so the
 * span has to end at that line, not at the end of the body, which the client never reads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Ollama } from 'ollama/browser';
import * as sem from '../../../src/core/semconv';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { ANSWER, startMockLlmServer, TOOL_CALL, USAGE, type MockLlmServer } from '../../support/mock-llm-server.js';
import { json, recordingTracer } from './helpers';

const realFetch = globalThis.fetch;
const OLLAMA_HOST = 'http://127.0.0.1:11434';
let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  handle?.uninstall();
  globalThis.fetch = realFetch;
});

/** A client of the default host, constructed after spanlens (it keeps the fetch it finds). */
function tracedClient(scenario = 'text') {
  globalThis.fetch = ((input: string, init?: RequestInit) => realFetch(String(input).replace(OLLAMA_HOST, server.url), init)) as typeof fetch;
  const rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
  const client = new Ollama({ host: OLLAMA_HOST, headers: { 'x-mock-scenario': scenario } });
  return { rec, client };
}

const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

function expectFinished(span: { attributes: Record<string, unknown> }) {
  expect(span.attributes[sem.GEN_AI_PROVIDER_NAME]).toBe('ollama');
  expect(span.attributes[sem.SPANLENS_API_FORMAT]).toBe('ollama.chat');
  expect(span.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('llama3.2');
  expect(span.attributes[sem.GEN_AI_RESPONSE_MODEL]).toBe('llama3.2');
  expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(USAGE.input);
  expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
  expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
  expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
}

describe('ollama/browser client', () => {
  it('streamed chat: the span ends at the done line with model, usage and finish reason', async () => {
    const { rec, client } = tracedClient();
    const stream = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      stream: true,
      options: { temperature: 0.2, num_predict: 64 },
    });
    let text = '';
    for await (const part of stream) text += part.message.content;
    expect(text).toBe(ANSWER);
    const [span] = await rec.waitForEnded();
    expectFinished(span);
    expect(span.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[sem.GEN_AI_REQUEST_TEMPERATURE]).toBe(0.2);
    expect(span.attributes[sem.GEN_AI_REQUEST_MAX_TOKENS]).toBe(64);
    expect(span.status.code).not.toBe('error');
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
  });

  it('non-streamed chat', async () => {
    const { rec, client } = tracedClient();
    const answer = await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Weather in Paris?' }], options: { temperature: 0 } });
    expect(answer.message.content).toBe(ANSWER);
    const [span] = await rec.waitForEnded();
    expectFinished(span);
    expect(span.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(false);
  });

  it.each([true, false])('with tools (stream: %s): definitions and the tool call are recorded', async (stream) => {
    const { rec, client } = tracedClient('tool_calls');
    const request = { model: 'llama3.2', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool] };
    const calls: unknown[] = [];
    if (stream) {
      for await (const part of await client.chat({ ...request, stream: true })) calls.push(...(part.message.tool_calls ?? []));
    } else {
      calls.push(...((await client.chat({ ...request, stream: false })).message.tool_calls ?? []));
    }
    expect(calls).toEqual([{ function: { name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) } }]);
    const [span] = await rec.waitForEnded();
    expectFinished(span);
    expect(json(span.attributes[sem.GEN_AI_TOOL_DEFINITIONS])).toEqual([
      { type: 'function', name: 'get_weather', description: 'Current weather', parameters: weatherTool.function.parameters },
    ]);
    const [message] = json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES]) as Array<{ parts: Array<Record<string, unknown>> }>;
    expect(message.parts).toEqual([{ type: 'tool_call', name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) }]);
  });
});
