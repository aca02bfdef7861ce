import { describe, expect, it } from 'vitest';
import { diffTraces } from '../../../src/export/trace-diff';
import { traceMarkdown, fence } from '../../../src/export/markdown';
import { changeRatio, tokenize, wordDiff } from '../../../src/export/word-diff';
import type { SpanData } from '../../../src/core/span';
import { llmSpan, sampleSession } from './fixtures';

const text = (pieces: ReturnType<typeof wordDiff>, op: string) => pieces.filter((p) => p.op !== op).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('tokenizes losslessly', () => {
    const sample = 'Hello, wörld!  It is 4 °C\n\ttoday.';
    expect(tokenize(sample).join('')).toBe(sample);
  });

  it('keeps common words and marks the changed ones', () => {
    const pieces = wordDiff('The sky is grey over Oslo today.', 'The sky is blue over Bergen today!');
    expect(text(pieces, 'added')).toBe('The sky is grey over Oslo today.');
    expect(text(pieces, 'removed')).toBe('The sky is blue over Bergen today!');
    expect(pieces.filter((p) => p.op === 'removed').map((p) => p.text)).toEqual(['grey', 'Oslo', '.']);
    expect(pieces.filter((p) => p.op === 'added').map((p) => p.text)).toEqual(['blue', 'Bergen', '!']);
    expect(changeRatio(wordDiff('same', 'same'))).toBe(0);
    expect(changeRatio(wordDiff('abc', 'xyz'))).toBe(1);
  });

  it('gives a coarse but correct diff for texts too big for the table', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const pieces = wordDiff(`start ${a} end`, `start ${b} end`);
    expect(text(pieces, 'added')).toBe(`start ${a} end`);
    expect(text(pieces, 'removed')).toBe(`start ${b} end`);
  });
});

describe('diffTraces', () => {
  const before = sampleSession().slice(0, 4);
  it('matches identical traces span for span', () => {
    const diff = diffTraces(before, before);
    expect(diff.rows.map((r) => r.status)).toEqual(['same', 'same', 'same', 'same']);
    expect(diff.rows.map((r) => r.depth)).toEqual([0, 1, 1, 1]);
    expect(diff.added + diff.removed + diff.changed).toBe(0);
  });

  it('aligns by kind and step across models, reports added and removed spans and deltas', () => {
    const [root, first, , second] = before;
    // The second turn: another model, no tool call, a direct answer, slower and dearer.
    const answer = llmSpan({
      spanId: '2000000000000001',
      traceId: 'c'.repeat(32),
      parentSpanId: '2000000000000000',
      name: 'chat gpt-4o-mini',
      startTime: 1_700_000_010_000,
      endTime: 1_700_000_011_200,
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Rainy and 4 °C in Oslo.' }] }]),
        'gen_ai.usage.input_tokens': 45,
        'gen_ai.usage.output_tokens': 9,
        'spanlens.cost.usd': 0.0001,
      },
    });
    const after: SpanData[] = [{ ...root, spanId: '2000000000000000', traceId: 'c'.repeat(32), startTime: 1_700_000_010_000, endTime: 1_700_000_011_300 }, answer];
    const diff = diffTraces([root, first, before[2], second], after);
    expect(diff.rows.map((r) => [r.status, r.before?.spanId, r.after?.spanId])).toEqual([
      ['same', root.spanId, '2000000000000000'],
      ['changed', first.spanId, answer.spanId],
      ['removed', before[2].spanId, undefined],
      ['removed', second.spanId, undefined],
    ]);
    const changed = diff.rows[1];
    expect(changed.delta).toEqual({ durationMs: 350, inputTokens: 5, outputTokens: -3, costUsd: -0.00012 });
    expect(changed.output?.some((p) => p.op === 'removed' && p.text.includes('get_weather'))).toBe(true);
    expect(changed.output?.some((p) => p.op === 'added' && p.text.includes('Rainy'))).toBe(true);
    expect(diff.removed).toBe(2);
    expect(diff.delta.inputTokens).toBe(45 - 110);
  });
});

describe('traceMarkdown', () => {
  it('writes the conversation, tool calls with arguments and results, errors, timings and tokens', () => {
    const spans = sampleSession();
    const md = traceMarkdown(spans, spans[0].traceId);
    expect(md).toMatch(/^# Trace: turn\n/);
    expect(md).toContain('- tokens: 110 in, 18 out');
    expect(md).toContain('## turn (chain)');
    expect(md).toContain('### chat gpt-4o (llm)');
    expect(md).toContain('- took 850 ms');
    expect(md).toContain('**system**\n\n```\nYou are terse.\n```');
    expect(md).toContain('tool call `get\\_weather` (call\\_1):\n\n```json\n{\n  "city": "Oslo"\n}\n```');
    expect(md).toContain('### execute\\_tool get\\_weather (tool)');
    expect(md).toContain('result:\n\n```\n{\n  "temp": 4,\n  "sky": "rain"\n}\n```');
    expect(md).toContain('- score thumbs: 1 good');
    expect(md).toContain('```\nRainy, 4 °C.\n```');
    const failed = traceMarkdown(spans, 'b'.repeat(32));
    expect(failed).toContain('- **error**: HTTP 429: Rate limit reached');
    expect(failed).toContain('(1 failed)');
    expect(traceMarkdown(spans, 'f'.repeat(32))).toBe(`No spans of trace ${'f'.repeat(32)}.\n`);
  });

  it('keeps model output from breaking out of its block', () => {
    expect(fence('a ``` b ```` c')).toBe('`````\na ``` b ```` c\n`````');
    const span = llmSpan({ attributes: { 'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: '```\n# injected heading' }] }]) } });
    const md = traceMarkdown([{ ...span, parentSpanId: undefined }], span.traceId);
    expect(md).toContain('````\n```\n# injected heading\n````');
  });
});
