import { describe, expect, it } from 'vitest';
import { Tracer, type Span } from '../../../src/core/tracer';
import { agent, chain, llm, rerank, retrieval, tool, trace } from '../../../src/instrument/api/manual';

function ended(tracer: Tracer) {
  const spans: Span[] = [];
  tracer.subscribe((type, span) => type === 'end' && spans.push(span));
  return spans;
}

describe('trace()', () => {
  it('returns the sync value and ends the span', () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    expect(trace('step', () => 42, { tracer })).toBe(42);
    expect(spans).toHaveLength(1);
    expect(spans[0].kind).toBe('chain');
    expect(spans[0].status.code).toBe('unset');
  });

  it('resolves with the async value after the span ends', async () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    const value = await trace('step', async () => { await Promise.resolve(); return 'v'; }, { tracer });
    expect(value).toBe('v');
    expect(spans[0].endTime).toBeDefined();
  });

  it('rethrows the very same sync error and records it', () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    const error = new RangeError('bad');
    let caught: unknown;
    try {
      trace('step', () => { throw error; }, { tracer });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expect(spans[0].status).toEqual({ code: 'error', message: 'bad' });
    expect(spans[0].attributes['error.type']).toBe('RangeError');
    expect(spans[0].events[0].attributes?.['exception.type']).toBe('RangeError');
  });

  it('rejects with the very same error and records it', async () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    const error = { code: 42 };
    await expect(trace('step', async () => { throw error; }, { tracer })).rejects.toBe(error);
    expect(spans[0].status.code).toBe('error');
  });

  it('hands fn its span', () => {
    const tracer = new Tracer();
    trace('x', (span) => span.setAttribute('mine', true), { tracer });
    const spans = ended(tracer);
    trace('y', (span) => { span.setAttribute('mine', true); }, { tracer });
    expect(spans[0].attributes.mine).toBe(true);
  });
});

describe('helpers', () => {
  it('tool() records kind, name, call id, arguments and result', async () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    const result = await tool('get_weather', { city: 'Oslo' }, async () => ({ temp: 3 }), { tracer, callId: 'call_9' });
    expect(result).toEqual({ temp: 3 });
    const s = spans[0];
    expect(s.name).toBe('execute_tool get_weather');
    expect(s.kind).toBe('tool');
    expect(s.attributes['openinference.span.kind']).toBe('TOOL');
    expect(s.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(s.attributes['gen_ai.tool.name']).toBe('get_weather');
    expect(s.attributes['gen_ai.tool.call.id']).toBe('call_9');
    expect(s.attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Oslo"}');
    expect(s.attributes['gen_ai.tool.call.result']).toBe('{"temp":3}');
  });

  it('records no content when content capture is off', () => {
    const tracer = new Tracer({ captureContent: false });
    const spans = ended(tracer);
    tool('t', { secret: 1 }, () => 'out', { tracer });
    retrieval('private question', () => ['private doc'], { tracer });
    llm({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, () => 'hello', { tracer });
    for (const s of spans) {
      const text = JSON.stringify(s.attributes);
      expect(text).not.toContain('secret');
      expect(text).not.toContain('private');
      expect(text).not.toContain('hello');
      expect(text).not.toContain('"hi"');
    }
    expect(spans[1].attributes['retrieval.documents.count']).toBe(1);
  });

  it('retrieval() and rerank() record query and documents', () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    retrieval('what is x', () => [{ id: 'd1', text: 'x is y', score: 0.9 }, 'plain'], { tracer, topK: 5 });
    rerank('what is x', () => [{ id: 'd1', content: 'x is y', score: 0.99 }], { tracer, topK: 1 });
    expect(spans[0].kind).toBe('retriever');
    expect(spans[0].attributes['input.value']).toBe('what is x');
    expect(spans[0].attributes['retrieval.top_k']).toBe(5);
    expect(JSON.parse(spans[0].attributes['retrieval.documents'] as string)).toEqual([
      { content: 'x is y', id: 'd1', score: 0.9 },
      { content: 'plain' },
    ]);
    expect(spans[1].kind).toBe('reranker');
    expect(spans[1].attributes['reranker.top_k']).toBe(1);
  });

  it('llm() records request, messages, usage and output', async () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    await llm(
      { model: 'gpt-4o', provider: 'openai', temperature: 0.2, maxTokens: 100, messages: [{ role: 'user', content: 'hi' }] },
      async () => ({ text: 'hello', usage: { inputTokens: 5, outputTokens: 2 }, finishReason: 'stop', responseModel: 'gpt-4o-2024' }),
      { tracer },
    );
    const a = spans[0].attributes;
    expect(spans[0].name).toBe('chat gpt-4o');
    expect(spans[0].kind).toBe('llm');
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.request.temperature']).toBe(0.2);
    expect(a['gen_ai.request.max_tokens']).toBe(100);
    expect(JSON.parse(a['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(JSON.parse(a['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'hello' }], finish_reason: 'stop' },
    ]);
    expect(a['gen_ai.usage.input_tokens']).toBe(5);
    expect(a['gen_ai.usage.output_tokens']).toBe(2);
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(a['gen_ai.response.model']).toBe('gpt-4o-2024');
  });

  it('agent() and chain() have their kinds', () => {
    const tracer = new Tracer();
    const spans = ended(tracer);
    agent('planner', () => chain('plan', () => 1, { tracer }), { tracer });
    expect(spans.map((s) => [s.name, s.kind])).toEqual([
      ['plan', 'chain'],
      ['invoke_agent planner', 'agent'],
    ]);
    expect(spans[1].attributes['gen_ai.agent.name']).toBe('planner');
    expect(spans[0].parentSpanId).toBe(spans[1].spanId);
  });
});
