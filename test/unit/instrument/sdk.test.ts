/**
 * The real `openai` and `@anthropic-ai/sdk` clients, pointed at the mock server: with spanlens
 * installed they return exactly what they return without it, and the spans hold the answer.
 * (A client keeps the fetch it found when constructed, so each run constructs its own.)
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import type { SpanData } from '../../../src/core/span';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { tool, trace } from '../../../src/instrument/api/manual';
import { ANSWER, ANTHROPIC_TOOL, startMockLlmServer, TOOL_CALL, USAGE, type MockLlmServer } from '../../support/mock-llm-server.js';
import { recordingTracer, type Recorded } from './helpers';

let server: MockLlmServer;
let handle: FetchInstrumentation | undefined;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
afterEach(() => {
  handle?.uninstall();
  handle = undefined;
});

const openai = () => new OpenAI({ apiKey: 'sk-proj-SDKKEYsecret123456789', baseURL: `${server.url}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-api03-SDKKEYsecret123456789', baseURL: server.url, maxRetries: 0 });

/** Run fn without spanlens, then with it; both results, and the spans of the traced run. */
async function compare<T>(fn: () => Promise<T>): Promise<{ plain: T; traced: T; rec: Recorded; span: SpanData }> {
  const plain = await fn();
  const rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
  const traced = await fn();
  const [span] = await rec.waitForEnded();
  expect(traced).toEqual(plain);
  expect(JSON.stringify(rec.events)).not.toContain('SDKKEYsecret');
  return { plain, traced, rec, span };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

const question = [{ role: 'user' as const, content: 'Weather in Paris?' }];

describe('openai SDK', () => {
  it('chat.completions.create', async () => {
    const { traced, span } = await compare(() => openai().chat.completions.create({ model: 'gpt-4o-mini', messages: question, temperature: 0.5 }));
    expect(traced.choices[0].message.content).toBe(ANSWER);
    expect(span.kind).toBe('llm');
    expect(span.attributes[sem.GEN_AI_REQUEST_TEMPERATURE]).toBe(0.5);
    expect(span.attributes[sem.GEN_AI_RESPONSE_ID]).toBe(traced.id);
    expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(traced.usage!.prompt_tokens);
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts).toEqual([{ type: 'text', content: ANSWER }]);
  });

  it('chat.completions.create with stream and include_usage', async () => {
    const { traced, span } = await compare(async () =>
      collect(await openai().chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true, stream_options: { include_usage: true } })),
    );
    expect(traced.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(ANSWER);
    expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(USAGE.output);
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
    expect(span.events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
  });

  it('streamed tool calls, then tool() linked to the completion by call id', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const { traced, rec, span } = await compare(async () => {
      const stream = openai().chat.completions.stream({ model: 'gpt-4o-mini', messages: question, tools }, { headers: { 'x-mock-scenario': 'tool_calls' } });
      return (await stream.finalChatCompletion()).choices[0].message.tool_calls;
    });
    expect(traced).toMatchObject([{ id: TOOL_CALL.id, type: 'function', function: { name: 'get_weather', arguments: TOOL_CALL.arguments } }]);
    expect(JSON.parse(span.attributes[sem.GEN_AI_TOOL_DEFINITIONS] as string)).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather of a city', parameters: tools[0].function.parameters },
    ]);
    const call = traced![0] as { id: string; function: { name: string; arguments: string } };
    await tool(call.function.name, JSON.parse(call.function.arguments), () => 'sunny', { callId: call.id, tracer: rec.tracer });
    const toolSpan = (await rec.waitForEnded(2))[1];
    expect(toolSpan.attributes[sem.GEN_AI_TOOL_CALL_ID]).toBe(TOOL_CALL.id);
    expect(toolSpan.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(span.spanId);
  });

  it('responses.create, JSON and streamed', async () => {
    const json = await compare(() => openai().responses.create({ model: 'gpt-5-mini', input: 'Weather in Paris?', instructions: 'Be brief.' }));
    expect(json.traced.output_text).toBe(ANSWER);
    expect(json.span.attributes[sem.SPANLENS_API_FORMAT]).toBe('openai.responses');
    expect(json.span.attributes[sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(USAGE.cached);
    handle!.uninstall();
    const streamed = await compare(async () => collect(await openai().responses.create({ model: 'gpt-5-mini', input: 'Weather in Paris?', stream: true })));
    expect(streamed.traced.at(-1)!.type).toBe('response.completed');
    expect(JSON.parse(streamed.span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts.at(-1)).toEqual({ type: 'text', content: ANSWER });
    // gpt-5-mini: $0.25 in, $0.025 cached, $2 out per 1M.
    expect(streamed.span.attributes[sem.SPANLENS_COST_USD]).toBeCloseTo(((USAGE.input - USAGE.cached) * 0.25 + USAGE.cached * 0.025 + USAGE.output * 2) / 1e6, 12);
  });

  it('an API error reaches the app as the same SDK error class and message', async () => {
    const run = () =>
      openai()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: question }, { headers: { 'x-mock-scenario': 'http_error' } })
        .then(
          () => 'resolved',
          (error: unknown) => ({ name: (error as Error).constructor.name, message: (error as Error).message, status: (error as { status?: number }).status }),
        );
    const { traced, span } = await compare(run);
    expect(traced).toMatchObject({ name: 'RateLimitError', status: 429 });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('tokens');
  });

  it('breaking out of a stream aborts the request; the span keeps what arrived', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true }, { headers: { 'x-mock-delay-ms': '2' } });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (text.includes('Paris')) break;
    }
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.ERROR_TYPE]).toBe('aborted');
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string)[0].parts[0].content).toContain('Paris');
  });
});

describe('@anthropic-ai/sdk', () => {
  it('messages.create', async () => {
    const { traced, span } = await compare(() =>
      anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 256, system: 'Be brief.', messages: question }),
    );
    expect(traced.content).toEqual([{ type: 'text', text: ANSWER }]);
    expect(span.attributes[sem.GEN_AI_PROVIDER_NAME]).toBe('anthropic');
    expect(span.attributes[sem.GEN_AI_REQUEST_MAX_TOKENS]).toBe(256);
    expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(USAGE.input);
  });

  it('messages.stream with a tool_use block, inside a trace, with tool() linked by name', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const { traced, rec, span } = await compare(async () => {
      const stream = anthropic().messages.stream({ model: 'claude-haiku-4-5', max_tokens: 256, messages: question, tools }, { headers: { 'x-mock-scenario': 'tool_calls' } });
      return stream.finalMessage();
    });
    expect(traced.content[1]).toEqual({ type: 'tool_use', ...ANTHROPIC_TOOL });
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_use']);
    const output = JSON.parse(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] as string);
    expect(output[0].parts[1]).toEqual({ type: 'tool_call', id: ANTHROPIC_TOOL.id, name: 'get_weather', arguments: ANTHROPIC_TOOL.input });
    // No callId given: the tool run claims the completion's call of that name.
    await tool('get_weather', ANTHROPIC_TOOL.input, () => 'sunny', { tracer: rec.tracer });
    const toolSpan = (await rec.waitForEnded(2))[1];
    expect(toolSpan.attributes[sem.GEN_AI_TOOL_CALL_ID]).toBe(ANTHROPIC_TOOL.id);
    expect(toolSpan.attributes[sem.SPANLENS_TOOL_CALL_ID_INFERRED]).toBe(true);
    expect(toolSpan.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(span.spanId);
  });

  it('an SDK call inside trace() nests under it', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const client = anthropic();
    await trace('turn', () => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: question }), { tracer: rec.tracer });
    const [llm, turn] = await rec.waitForEnded(2);
    expect(llm.kind).toBe('llm');
    expect(llm.traceId).toBe(turn.traceId);
    expect(llm.parentSpanId).toBe(turn.spanId);
  });
});
