import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './mock-server';

let mock: RunningMock;
let client: Anthropic;
const tools = [{ name: 'get_weather', description: 'Current weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

beforeAll(async () => {
  mock = await startMock();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());

describe('mock /v1/messages driven by the Anthropic SDK', () => {
  it('streams text whose deltas equal the JSON answer, with usage in message_delta', async () => {
    const request = { model: 'claude-haiku-4-5', max_tokens: 512, messages: [{ role: 'user' as const, content: 'a story' }] };
    const whole = await client.messages.create(request);
    const events: string[] = [];
    let text = '';
    let outputTokens = 0;
    for await (const event of await client.messages.create({ ...request, stream: true })) {
      events.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
    }
    expect(whole.model).toBe('claude-haiku-4-5-20251001');
    expect(whole.content[0].type === 'text' && whole.content[0].text).toBe(text);
    expect(outputTokens).toBe(whole.usage.output_tokens);
    expect(events[0]).toBe('message_start');
    expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
  });

  it('streams tool_use blocks through input_json_delta, reassembled by the SDK', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      tools,
      messages: [{ role: 'user', content: 'What is the weather in Paris and Tokyo?' }],
    });
    let deltas = 0;
    stream.on('inputJson', () => deltas++);
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((b) => b.type === 'tool_use' && [b.name, b.input])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Tokyo' }],
    ]);
    expect(deltas).toBeGreaterThan(2);
  });

  it('reads tool_result blocks, is_error included', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      tools,
      messages: [
        { role: 'user', content: 'weather in Paris and Atlantis' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 't2', name: 'get_weather', input: { city: 'Atlantis' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: '{"city":"Paris","temperature_c":12,"conditions":"cloudy","wind_kmh":11}' },
            { type: 'tool_result', tool_use_id: 't2', content: 'unknown city', is_error: true },
          ],
        },
      ],
    });
    const text = message.content[0].type === 'text' ? message.content[0].text : '';
    expect(text).toBe(`In Paris it's 12 °C with cloudy, wind 11 km/h. I couldn't get the weather for one of the places (unknown city).`);
  });

  it('answers 429 with a rate_limit_error', async () => {
    const error = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hit the 429 please' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });
});

describe('mock retrieval and tool endpoints', () => {
  it('searches top_k documents, best first, and reranks them', async () => {
    const found = await (await fetch(`${mock.url}/api/search`, { method: 'POST', body: JSON.stringify({ query: 'what to pack for rain in Oslo', top_k: 5 }) })).json();
    expect(found.results).toHaveLength(5);
    const scores = found.results.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(found.results.map((r: { id: string }) => r.id)).toContain('doc-rain');
    const ranked = await (await fetch(`${mock.url}/api/rerank`, { method: 'POST', body: JSON.stringify({ query: 'packing for rain', documents: found.results, top_n: 3 }) })).json();
    expect(ranked.results).toHaveLength(3);
    expect(ranked.results[0].id).toBe('doc-rain');
  });

  it('knows the weather in known cities and answers 404 for others', async () => {
    const oslo = await fetch(`${mock.url}/api/weather?city=oslo`);
    expect(await oslo.json()).toEqual({ city: 'Oslo', temperature_c: 4, conditions: 'light rain', wind_kmh: 18 });
    const atlantis = await fetch(`${mock.url}/api/weather?city=Atlantis`);
    expect(atlantis.status).toBe(404);
  });

  it('passes other paths on, and offers the proxy only with a key', async () => {
    expect((await fetch(`${mock.url}/nothing-here`)).status).toBe(404);
    expect(await (await fetch(`${mock.url}/api/demo-info`)).json()).toEqual({ realOpenAI: false });
    expect((await fetch(`${mock.url}/openai/v1/models`)).status).toBe(404);
  });
});
