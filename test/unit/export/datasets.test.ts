import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildDataset, DATASET_FORMATS, selectLlmSpans } from '../../../src/export/datasets/index';
import { toYaml } from '../../../src/export/datasets/yaml';
import { sampleSession } from './fixtures';

const spans = sampleSession();
const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

describe('dataset selection', () => {
  it('keeps ended llm spans: all, one trace, listed ids, scored only', () => {
    expect(selectLlmSpans(spans).map((s) => s.spanId)).toEqual(['1000000000000001', '1000000000000003', '1000000000000004']);
    expect(selectLlmSpans(spans, { traceId: 'b'.repeat(32) }).map((s) => s.spanId)).toEqual(['1000000000000004']);
    expect(selectLlmSpans(spans, { spanIds: ['1000000000000003', '1000000000000002'] }).map((s) => s.spanId)).toEqual(['1000000000000003']);
    expect(selectLlmSpans(spans, { scoredOnly: true }).map((s) => s.spanId)).toEqual(['1000000000000003']);
    const open = { ...spans[1], spanId: '1000000000000009', endTime: undefined };
    expect(selectLlmSpans([open])).toEqual([]);
  });

  it('refuses an unknown format by naming the known ones', () => {
    expect(() => buildDataset('csv' as never, spans)).toThrow(/unknown dataset format "csv": one of spanlens, openai/);
  });
});

describe('spanlens JSONL (the shape documented in the README)', () => {
  it('writes one line per call with ids, request, answer, usage, latency and scores', () => {
    const out = lines(buildDataset('spanlens', spans));
    expect(out).toHaveLength(3);
    const [first, second, failed] = out;
    expect(Object.keys(first).sort()).toEqual(
      ['cost_usd', 'error', 'finish_reasons', 'input', 'latency_ms', 'model', 'output', 'parameters', 'provider', 'scores', 'session_id', 'span_id', 'system', 'tool_calls', 'tools', 'trace_id', 'usage'].sort(),
    );
    expect(first).toMatchObject({
      trace_id: spans[1].traceId,
      span_id: '1000000000000001',
      model: 'gpt-4o',
      provider: 'openai',
      parameters: { temperature: 0.2, max_tokens: 300 },
      system: [{ type: 'text', content: 'You are terse.' }],
      tool_calls: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }],
      usage: { input_tokens: 40, output_tokens: 12 },
      latency_ms: 850,
      error: null,
    });
    expect(first.tools[0].name).toBe('get_weather');
    expect(second.scores).toEqual([{ name: 'thumbs', value: 1, label: 'good', time: 1_700_000_003_000 }]);
    expect(failed.error).toBe('HTTP 429: Rate limit reached');
  });
});

describe('OpenAI chat fine-tuning JSONL', () => {
  it('writes {"messages": [...]} lines ending with the assistant answer, tool calls and tools in OpenAI shape', () => {
    const out = lines(buildDataset('openai', spans));
    // The failed call has no answer to learn from.
    expect(out).toHaveLength(2);
    for (const line of out) {
      expect(Object.keys(line).every((k) => k === 'messages' || k === 'tools')).toBe(true);
      for (const m of line.messages) expect(['system', 'user', 'assistant', 'tool']).toContain(m.role);
      expect(line.messages.at(-1).role).toBe('assistant');
      for (const tool of line.tools) expect(tool).toMatchObject({ type: 'function', function: { name: expect.any(String) } });
    }
    expect(out[0].messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
    ]);
    expect(out[1].messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":4,"sky":"rain"}' },
      { role: 'assistant', content: 'Rainy, 4 °C.' },
    ]);
  });
});

describe('Langfuse dataset items', () => {
  it('writes POST /api/public/dataset-items bodies linked to their trace and observation', () => {
    const items = JSON.parse(buildDataset('langfuse', spans, { name: 'weather' })) as Array<Record<string, any>>;
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.datasetName).toBe('weather');
      expect(item.sourceTraceId).toMatch(/^[0-9a-f]{32}$/);
      expect(item.sourceObservationId).toMatch(/^[0-9a-f]{16}$/);
      expect(Array.isArray(item.input.messages)).toBe(true);
      expect(typeof item.metadata).toBe('object');
      expect('expectedOutput' in item).toBe(true);
    }
    expect(items[1].expectedOutput).toEqual({ role: 'assistant', content: 'Rainy, 4 °C.' });
    expect(items[1].metadata.scores[0]).toMatchObject({ name: 'thumbs', value: 1 });
    expect(items[2].expectedOutput).toBeNull();
    expect(items[2].metadata.error).toMatch(/429/);
  });
});

describe('Phoenix dataset upload', () => {
  it('writes the JSON body of POST /v1/datasets/upload with parallel columns and span_ids', () => {
    const body = JSON.parse(buildDataset('phoenix', spans, { name: 'weather', scoredOnly: true })) as Record<string, any>;
    expect(body).toMatchObject({ action: 'create', name: 'weather' });
    expect(typeof body.description).toBe('string');
    expect(body.inputs).toHaveLength(1);
    expect(body.outputs).toHaveLength(1);
    expect(body.metadata).toHaveLength(1);
    expect(body.span_ids).toEqual(['1000000000000003']);
    expect(body.outputs[0]).toEqual({ messages: [{ role: 'assistant', content: 'Rainy, 4 °C.' }] });
  });
});

describe('promptfoo tests YAML', () => {
  it('parses as a list of test cases with vars, assert and metadata', () => {
    const text = buildDataset('promptfoo', spans);
    const tests = parseYaml(text) as Array<Record<string, any>>;
    expect(tests).toHaveLength(3);
    for (const test of tests) {
      expect(typeof test.description).toBe('string');
      for (const value of Object.values(test.vars)) expect(typeof value).toBe('string');
      expect(Array.isArray(test.assert)).toBe(true);
      expect(test.metadata.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(JSON.parse(tests[0].vars.messages)[1]).toEqual({ role: 'user', content: 'Weather in Oslo?' });
    expect(tests[0].vars.input).toBe('Weather in Oslo?');
    expect(tests[0].assert).toEqual([{ type: 'is-valid-openai-tools-call' }, { type: 'contains', value: 'get_weather' }]);
    expect(tests[1].assert).toEqual([{ type: 'equals', value: 'Rainy, 4 °C.' }]);
  });

  it('writes any string as data, never structure', () => {
    const hostile = ['#not a comment', '- not a list', 'key: value', 'yes', '0x10', '"quoted"', 'a\nb', 'line\u2028sep', '', '  padded  '];
    const value = { list: hostile, __proto__x: { nested: [1, true, null, { k: 'v' }], empty: [], none: {} } };
    expect(parseYaml(toYaml(value))).toEqual(value);
    expect(parseYaml(toYaml([]))).toEqual([]);
    const protoKey = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(toYaml(protoKey)).toBe('"__proto__":\n  "polluted": true\n');
  });
});

it('every format gives text for an empty selection', () => {
  for (const format of DATASET_FORMATS) expect(typeof buildDataset(format, [])).toBe('string');
});
