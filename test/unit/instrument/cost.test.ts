import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { computeCost, costByTrace, findPrice, totalCost } from '../../../src/instrument/cost';
import { DEFAULT_PRICES } from '../../../src/instrument/prices';

describe('findPrice', () => {
  it('matches ids exactly, after removing a date or -latest suffix and a vendor prefix', () => {
    expect(findPrice('gpt-4o', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(findPrice('gpt-4o-2024-08-06', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(findPrice('gpt-4o-mini-2024-07-18', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    expect(findPrice('claude-sonnet-4-5-20250929', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-sonnet-4-5']);
    expect(findPrice('claude-3-5-haiku-latest', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['claude-3-5-haiku']);
    expect(findPrice('openai/gpt-4.1-mini', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gpt-4.1-mini']);
    expect(findPrice('models/gemini-2.5-flash', DEFAULT_PRICES)).toBe(DEFAULT_PRICES['gemini-2.5-flash']);
  });

  it('never guesses: a different variant or an unknown model has no price', () => {
    expect(findPrice('gpt-4o-audio-preview', DEFAULT_PRICES)).toBeUndefined();
    expect(findPrice('llama3.2', DEFAULT_PRICES)).toBeUndefined();
    expect(findPrice(undefined, DEFAULT_PRICES)).toBeUndefined();
  });

  it('has OpenAI, Anthropic and Google models', () => {
    for (const model of ['gpt-5', 'gpt-4.1', 'o4-mini', 'claude-opus-4-1', 'claude-haiku-4-5', 'gemini-2.5-pro']) {
      expect(findPrice(model, DEFAULT_PRICES), model).toBeDefined();
    }
  });
});

describe('computeCost', () => {
  const price = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 };

  it('bills uncached input, cache reads, cache writes and output at their own rates', () => {
    // 1000 input of which 200 read from cache and 100 written to it; 500 output.
    expect(computeCost({ input: 1000, cacheRead: 200, cacheCreation: 100, output: 500 }, price)).toBeCloseTo(
      (700 * 3 + 200 * 0.3 + 100 * 3.75 + 500 * 15) / 1e6,
      12,
    );
  });

  it('bills cached input as input when the model has no cache price', () => {
    expect(computeCost({ input: 1000, cacheRead: 400, output: 0 }, { input: 2, output: 8 })).toBeCloseTo(2000 / 1e6, 12);
  });

  it('gives no cost without token counts', () => {
    expect(computeCost({}, price)).toBeUndefined();
  });
});

describe('cost per trace', () => {
  const span = (traceId: string, cost?: number): SpanData => ({
    traceId,
    spanId: '0000000000000001',
    name: 'x',
    kind: 'llm',
    startTime: 0,
    status: { code: 'unset' },
    attributes: cost === undefined ? {} : { 'spanlens.cost.usd': cost },
    events: [],
    sessionId: 's',
  });

  it('sums each trace and ignores spans without a cost', () => {
    const spans = [span('a', 0.1), span('a', 0.2), span('b', 0.05), span('b'), span('c')];
    expect(Object.fromEntries(costByTrace(spans))).toEqual({ a: 0.3, b: 0.05 });
    expect(totalCost(spans)).toBe(0.35);
    expect(totalCost([span('c')])).toBeUndefined();
  });
});
