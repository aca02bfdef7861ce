import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from './mock-server';

let mock: RunningMock;
let client: OpenAI;

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

beforeAll(async () => {
  mock = await startMock();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
afterAll(() => mock.close());

describe('mock /v1/chat/completions driven by the openai SDK', () => {
  it('answers JSON with usage and a dated response model', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] });
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.choices[0].message.content).toContain('You asked: "hello there"');
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
  });

  it('streams the same text token by token, with usage only in the last chunk', async () => {
    const messages = [{ role: 'user' as const, content: 'tell me a story' }];
    const whole = await client.chat.completions.create({ model: 'gpt-4o', messages });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(whole.choices[0].message.content);
    expect(chunks.length).toBeGreaterThan(50);
    const withUsage = chunks.filter((c) => c.usage);
    expect(withUsage).toHaveLength(1);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBe(whole.usage!.completion_tokens);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
  });

  it('omits usage when the client does not ask for it', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) expect(chunk.usage ?? undefined).toBeUndefined();
  });

  it('streams parallel tool calls in fragments that reassemble to valid JSON', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Compare the weather in Oslo, Lisbon and Atlantis' }],
      tools: [weatherTool],
      stream: true,
    });
    const calls: Array<{ id?: string; name?: string; args: string; fragments: number }> = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { args: '', fragments: 0 });
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        if (delta.function?.arguments) {
          call.args += delta.function.arguments;
          call.fragments++;
        }
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(calls.map((c) => [c.name, JSON.parse(c.args).city])).toEqual([
      ['get_weather', 'Oslo'],
      ['get_weather', 'Lisbon'],
      ['get_weather', 'Atlantis'],
    ]);
    expect(calls.every((c) => c.id?.startsWith('call_') && c.fragments > 1)).toBe(true);
  });

  it('answers from tool results, naming the failed one, and counts the earlier turn as cached', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool],
      messages: [
        { role: 'system', content: 'Notes:\n[1] Packing for rain: Pack a shell.' },
        { role: 'user', content: 'weather in Oslo and Atlantis?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Atlantis"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: '{"city":"Oslo","temperature_c":4,"conditions":"light rain","wind_kmh":18}' },
        { role: 'tool', tool_call_id: 'b', content: '{"error":"unknown city","city":"Atlantis"}' },
      ],
    });
    expect(completion.choices[0].message.content).toBe(
      `In Oslo it's 4 °C with light rain, wind 18 km/h. I couldn't get the weather for Atlantis (unknown city). From your notes, "Packing for rain": Pack a shell.`,
    );
    expect(completion.usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(0);
  });

  it('returns 429 with an OpenAI error body for the rate-limit scenario', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'trigger a rate limit' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });

  it('rejects a request without an API key (401) and a malformed body (400)', async () => {
    const noKey = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    const bad = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer x' }, body: '{"model":1}' });
    expect(bad.status).toBe(400);
    const notJson = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer x' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('stops generating when the client aborts the stream', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'a story please' }], stream: true },
      { signal: controller.signal },
    );
    let received = 0;
    let finish: string | null = null;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received++;
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (received === 3) controller.abort();
      }
    })().catch(() => undefined);
    // The SDK ends (or throws) after the abort: no token after the third, and no finish chunk.
    expect(received).toBe(3);
    expect(finish).toBeNull();
  });
});
