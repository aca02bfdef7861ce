/**
 * Gemini's native API with the real `@google/genai` client, pointed at a local mock of the wire
 * format (test/support/mock-gemini.js): with spanlens the client returns exactly what it returns
 * without it, and the span holds the request, the answer, the usage and what went wrong.
 * Then the parser on its own for what the client does not send: Vertex paths, snake_case, ?key=.
 */
import { GoogleGenAI, Type } from '@google/genai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import type { SpanData } from '../../../src/core/span';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { detectKnown } from '../../../src/instrument/providers/detect';
import { geminiFor } from '../../../src/instrument/providers/gemini';
import { GEMINI_ANSWER, GEMINI_CALL, GEMINI_RESPONSE_ID, GEMINI_THOUGHT, GEMINI_USAGE, serveGemini } from '../../support/mock-gemini.js';
import { recordingTracer, type Recorded } from './helpers';

const KEY = 'AIzaSyTESTKEYsecret0123456789abcdefgh';
let server: Server;
let baseUrl: string;
let handle: FetchInstrumentation | undefined;
const requests: Array<{ url: string; headers: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ url: req.url ?? '', headers: { ...req.headers } });
    if (!serveGemini(req, res, Buffer.concat(chunks).toString('utf8'))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  handle?.uninstall();
  handle = undefined;
});

const client = (scenario = 'text') => new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl, headers: { 'x-mock-scenario': scenario } } });

/** Run fn without spanlens, then with it: both outcomes (value or error) must be the same. */
async function compare<T>(fn: () => Promise<T>): Promise<{ traced: T | Error; span: SpanData; rec: Recorded }> {
  const settle = () => fn().then((value) => value, (error: Error) => error);
  const plain = await settle();
  const rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
  const traced = await settle();
  const [span] = await rec.waitForEnded();
  if (plain instanceof Error) expect(String(traced)).toBe(String(plain));
  else expect(JSON.stringify(traced)).toBe(JSON.stringify(plain));
  expect(JSON.stringify(rec.events)).not.toContain('TESTKEYsecret');
  return { traced, span, rec };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

const messages = (span: SpanData, name: string) => JSON.parse(span.attributes[name] as string);

describe('@google/genai against the Gemini wire format', () => {
  it('generateContent: model from the path, config, system instruction, answer, usage and cost', async () => {
    const { traced, span } = await compare(() =>
      client().models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'Weather in Paris?',
        config: { temperature: 0.4, topP: 0.9, topK: 32, maxOutputTokens: 256, stopSequences: ['END'], systemInstruction: 'Be brief.' },
      }),
    );
    expect((traced as { text: string }).text).toBe(GEMINI_ANSWER);
    expect(span.name).toBe('chat gemini-2.5-flash');
    expect(span.attributes).toMatchObject({
      [sem.GEN_AI_PROVIDER_NAME]: 'gcp.gemini',
      [sem.SPANLENS_API_FORMAT]: 'gemini.generate_content',
      [sem.GEN_AI_REQUEST_MODEL]: 'gemini-2.5-flash',
      [sem.GEN_AI_REQUEST_STREAM]: false,
      [sem.GEN_AI_REQUEST_TEMPERATURE]: 0.4,
      [sem.GEN_AI_REQUEST_TOP_P]: 0.9,
      [sem.GEN_AI_REQUEST_TOP_K]: 32,
      [sem.GEN_AI_REQUEST_MAX_TOKENS]: 256,
      [sem.GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
      [sem.GEN_AI_RESPONSE_MODEL]: 'gemini-2.5-flash-001',
      [sem.GEN_AI_RESPONSE_ID]: GEMINI_RESPONSE_ID,
      [sem.GEN_AI_RESPONSE_FINISH_REASONS]: ['STOP'],
      // Input: prompt + tool-use prompt; output: candidates + thoughts (billed as output).
      [sem.GEN_AI_USAGE_INPUT_TOKENS]: GEMINI_USAGE.promptTokenCount + GEMINI_USAGE.toolUsePromptTokenCount,
      [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: GEMINI_USAGE.candidatesTokenCount + GEMINI_USAGE.thoughtsTokenCount,
      [sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: GEMINI_USAGE.cachedContentTokenCount,
      [sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: GEMINI_USAGE.thoughtsTokenCount,
    });
    // gemini-2.5-flash-001 is not in the table; the request's model is: 0.3 / 2.5 / cached 0.03 per 1M.
    expect(span.attributes[sem.SPANLENS_COST_USD]).toBeCloseTo((20 * 0.3 + 4 * 0.03 + 15 * 2.5) / 1e6, 12);
    expect(messages(span, sem.GEN_AI_SYSTEM_INSTRUCTIONS)).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(messages(span, sem.GEN_AI_INPUT_MESSAGES)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]);
    expect(messages(span, sem.GEN_AI_OUTPUT_MESSAGES)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: GEMINI_ANSWER }], finish_reason: 'STOP' }]);
    expect(span.status.code).not.toBe('error');
    // The key went in the x-goog-api-key header, which spanlens never records.
    expect(requests.at(-1)!.headers['x-goog-api-key']).toBe(KEY);
  });

  it('generateContentStream over alt=sse: thought and text parts, first chunk, usage of the last event', async () => {
    const { traced, span } = await compare(async () => collect(await client('thinking').models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'Weather?' })));
    expect((traced as Array<{ text?: string }>).map((c) => c.text ?? '').join('')).toBe(GEMINI_ANSWER);
    expect(requests.at(-1)!.url).toContain(':streamGenerateContent?alt=sse');
    expect(span.attributes[sem.GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(span.attributes[sem.SPANLENS_STREAM_EVENTS]).toBe(GEMINI_ANSWER.split(' ').length + 1);
    expect(span.events.map((e) => e.name)).toContain(sem.EVENT_FIRST_TOKEN);
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
    expect(span.attributes[sem.GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(15);
    expect(messages(span, sem.GEN_AI_OUTPUT_MESSAGES)[0].parts).toEqual([
      { type: 'reasoning', content: GEMINI_THOUGHT },
      { type: 'text', content: GEMINI_ANSWER },
    ]);
  });

  it('function calling: declarations on the request, the call on the answer', async () => {
    const declaration = { name: 'get_weather', description: 'Weather of a city', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } };
    const { traced, span } = await compare(() =>
      client('function_call').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather in Paris?', config: { tools: [{ functionDeclarations: [declaration] }, { googleSearch: {} }] } }),
    );
    expect((traced as { functionCalls: unknown }).functionCalls).toEqual([GEMINI_CALL]);
    expect(messages(span, sem.GEN_AI_TOOL_DEFINITIONS)).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather of a city', parameters: declaration.parameters },
      { type: 'googleSearch', name: 'googleSearch' },
    ]);
    expect(messages(span, sem.GEN_AI_OUTPUT_MESSAGES)[0].parts).toEqual([{ type: 'tool_call', name: 'get_weather', arguments: GEMINI_CALL.args }]);
  });

  it('a blocked prompt: the span is an error that says why', async () => {
    const { traced, span } = await compare(() => client('blocked').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Something dangerous' }));
    expect((traced as { promptFeedback: { blockReason: string } }).promptFeedback.blockReason).toBe('SAFETY');
    expect(span.status).toEqual({ code: 'error', message: 'prompt blocked: SAFETY' });
    expect(span.attributes[sem.ERROR_TYPE]).toBe('prompt_blocked');
    expect(span.attributes[sem.GEN_AI_USAGE_INPUT_TOKENS]).toBe(8);
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
  });

  it('a stream cut in the middle of a JSON event: complete span, incomplete, with the text so far', async () => {
    const { span } = await compare(async () => collect(await client('cut').models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Weather?' })));
    expect(span.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(span.status).toEqual({ code: 'error', message: 'stream ended before its final event' });
    expect(span.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('stream event is not JSON');
    expect(messages(span, sem.GEN_AI_OUTPUT_MESSAGES)[0].parts).toEqual([{ type: 'text', content: 'Paris is ' }]);
  });

  it('an HTTP error: the client throws as before, the span carries Google’s status and message', async () => {
    const { traced, span } = await compare(() => client('http_error').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }));
    expect(traced).toBeInstanceOf(Error);
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(400);
    expect(span.attributes[sem.ERROR_TYPE]).toBe('INVALID_ARGUMENT');
    expect(span.status.message).toBe('HTTP 400: API key not valid. Please pass a valid API key.');
  });
});

describe('Gemini requests the client does not make', () => {
  it('a key in ?key= is never stored: the URL on the span has it redacted', async () => {
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const response = await fetch(`${baseUrl}/v1beta/models/gemini-2.0-flash:generateContent?key=${KEY}`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }),
    });
    expect((await response.json()).candidates[0].content.parts[0].text).toBe(GEMINI_ANSWER);
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.URL_FULL]).toBe(`${baseUrl}/v1beta/models/gemini-2.0-flash:generateContent?key=REDACTED`);
    expect(JSON.stringify(rec.events)).not.toContain('TESTKEYsecret');
  });

  it('Vertex AI paths and regional hosts; snake_case REST fields; function responses as the tool role', () => {
    const url = new URL('https://europe-west4-aiplatform.googleapis.com/v1/projects/p1/locations/europe-west4/publishers/google/models/gemini-2.5-pro:streamGenerateContent');
    const detected = detectKnown(url, new Headers())!;
    expect(detected.provider).toBe('gcp.vertex_ai');
    const info = detected.format.parseRequest({
      system_instruction: { parts: [{ text: 'Be brief.' }] },
      generation_config: { max_output_tokens: 64, top_k: 3 },
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }, { inline_data: { mime_type: 'image/png', data: 'AAAA' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 22 } } }] },
      ],
    });
    expect(info).toMatchObject({ model: 'gemini-2.5-pro', stream: true, maxTokens: 64, topK: 3 });
    expect(info.systemInstructions).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(info.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: '[inline data omitted: 4 chars]' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'get_weather', response: { temp: 22 } }] },
    ]);
    expect(detectKnown(new URL('https://aiplatform.googleapis.com/v1/publishers/google/models/gemini-2.5-flash:generateContent'), new Headers())?.provider).toBe('gcp.vertex_ai');
    expect(detectKnown(new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens'), new Headers())).toBeUndefined();
  });

  it('a finish reason of SAFETY is an error; a JSON-array stream (no alt=sse) reads as one answer; hostile keys stay data', () => {
    const format = geminiFor(new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent'));
    const outcome = format.parseResponse([
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Here is ' }] } }] },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'how' }] }, finishReason: 'SAFETY', finishMessage: 'unsafe' }] },
    ]);
    expect(outcome.messages[0].parts).toEqual([{ type: 'text', content: 'Here is how' }]);
    expect(outcome.error).toEqual({ type: 'response_blocked', message: 'response blocked: SAFETY (unsafe)' });
    const hostile = format.parseResponse(JSON.parse('{"candidates":[{"content":{"parts":[{"__proto__":{"x":1}}]},"finishReason":"STOP"}]}'));
    expect(hostile.messages[0].parts).toEqual([{ type: 'generic', provider_type: '__proto__' }]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(format.parseResponse({ unexpected: true }).parseErrors).toEqual(['response has no candidates or promptFeedback']);
  });
});
