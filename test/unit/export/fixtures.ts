/**
 * A small session as the fetch wrapper records it: a turn (chain) with an llm call that asks for
 * a tool, the tool run, and a second llm call that answers with text, plus one that failed.
 */
import type { SpanData } from '../../../src/core/span';

const trace = 'a'.repeat(31) + '1';

export function llmSpan(over: Partial<Omit<SpanData, 'attributes'>> & { attributes?: Record<string, unknown> } = {}): SpanData {
  return {
    traceId: trace,
    spanId: '1000000000000001',
    parentSpanId: '0000000000000abc',
    name: 'chat gpt-4o',
    kind: 'llm',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_850,
    status: { code: 'unset' },
    sessionId: 'sess-1',
    events: [],
    ...over,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 300,
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are terse.' }]),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] }]),
      'gen_ai.tool.definitions': JSON.stringify([
        { type: 'function', name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }], finish_reason: 'tool_calls' },
      ]),
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 12,
      'spanlens.cost.usd': 0.00022,
      ...over.attributes,
    },
  } as SpanData;
}

export function sampleSession(): SpanData[] {
  const root: SpanData = {
    traceId: trace,
    spanId: '0000000000000abc',
    name: 'turn',
    kind: 'chain',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_002_000,
    status: { code: 'unset' },
    attributes: {},
    events: [],
    sessionId: 'sess-1',
  };
  const first = llmSpan();
  const toolRun: SpanData = {
    traceId: trace,
    spanId: '1000000000000002',
    parentSpanId: root.spanId,
    name: 'execute_tool get_weather',
    kind: 'tool',
    startTime: 1_700_000_000_900,
    endTime: 1_700_000_000_950,
    status: { code: 'unset' },
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"city":"Oslo"}',
      'gen_ai.tool.call.result': '{"temp":4,"sky":"rain"}',
    },
    events: [],
    sessionId: 'sess-1',
  };
  const second = llmSpan({
    spanId: '1000000000000003',
    startTime: 1_700_000_001_000,
    endTime: 1_700_000_001_900,
    events: [
      { name: 'gen_ai.evaluation.result', time: 1_700_000_003_000, attributes: { 'gen_ai.evaluation.name': 'thumbs', 'gen_ai.evaluation.score.value': 1, 'gen_ai.evaluation.score.label': 'good' } },
    ],
    attributes: {
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { temp: 4, sky: 'rain' } }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Rainy, 4 °C.' }], finish_reason: 'stop' }]),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 70,
      'gen_ai.usage.output_tokens': 6,
    },
  });
  const failed = llmSpan({
    spanId: '1000000000000004',
    traceId: 'b'.repeat(32),
    parentSpanId: undefined,
    startTime: 1_700_000_005_000,
    endTime: 1_700_000_005_100,
    status: { code: 'error', message: 'HTTP 429: Rate limit reached' },
    attributes: { 'gen_ai.output.messages': undefined, 'gen_ai.usage.input_tokens': undefined, 'gen_ai.usage.output_tokens': undefined },
  });
  for (const key of Object.keys(failed.attributes)) if (failed.attributes[key] === undefined) delete failed.attributes[key];
  delete failed.parentSpanId;
  return [root, first, toolRun, second, failed];
}
