import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { totalsByTrace, totalsOf } from '../../../src/core/totals';

const span = (traceId: string, attributes: SpanData['attributes'], extra: Partial<SpanData> = {}): SpanData => ({
  traceId,
  spanId: Math.random().toString(16).slice(2, 18).padEnd(16, '0'),
  name: 'x',
  kind: 'llm',
  startTime: 0,
  endTime: 1,
  status: { code: 'unset' },
  attributes,
  events: [],
  sessionId: 's',
  ...extra,
});

describe('totals (one definition for the store, the tree and cost.ts)', () => {
  it('sums counts, tokens and cost; open and failed spans are counted', () => {
    const totals = totalsOf([
      span('a', { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2, 'spanlens.cost.usd': 0.1 }),
      span('a', { 'spanlens.cost.usd': 0.2 }, { status: { code: 'error' } }),
      span('b', {}, { endTime: undefined }),
    ]);
    expect(totals).toEqual({ spans: 3, errors: 1, open: 1, inputTokens: 10, outputTokens: 2, cost: 0.3, costed: 2 });
  });

  it('ignores usage that is not a finite, non-negative number (hostile files)', () => {
    const totals = totalsOf([span('a', { 'gen_ai.usage.input_tokens': -5, 'spanlens.cost.usd': Number.NaN })]);
    expect(totals).toMatchObject({ inputTokens: 0, cost: 0, costed: 0 });
  });

  it('groups by trace', () => {
    const byTrace = totalsByTrace([span('a', {}), span('b', {}), span('a', {})]);
    expect([...byTrace].map(([id, t]) => [id, t.spans])).toEqual([['a', 2], ['b', 1]]);
  });
});
