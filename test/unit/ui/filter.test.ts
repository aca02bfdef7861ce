import { describe, expect, it } from 'vitest';
import { GEN_AI_OUTPUT_MESSAGES, GEN_AI_REQUEST_MODEL } from '../../../src/core/semconv';
import { NO_FILTER, isFiltering, spanMatcher, type SpanFilter } from '../../../src/ui/filter';
import { makeSpan } from './helpers';

const match = (filter: Partial<SpanFilter>) => spanMatcher({ ...NO_FILTER, ...filter })!;

describe('spanMatcher', () => {
  const llm = makeSpan('l', {
    kind: 'llm',
    name: 'chat gpt-4o',
    attributes: {
      [GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Light SNOW in Oslo' }] }]),
    },
  });
  const tool = makeSpan('t', { kind: 'tool', name: 'execute_tool search', error: 'HTTP 503 (upstream)' });
  tool.events.push({ name: 'exception', time: 1, attributes: { 'exception.type': 'FetchError' } });

  it('is undefined when nothing is filtered', () => {
    expect(spanMatcher(NO_FILTER)).toBeUndefined();
    expect(isFiltering({ ...NO_FILTER, query: '   ' })).toBe(false);
  });

  it('searches names, attribute values (message content), status messages and events, case-insensitively', () => {
    expect(match({ query: 'snow in oslo' })(llm)).toBe(true);
    expect(match({ query: 'snow in oslo' })(tool)).toBe(false);
    expect(match({ query: 'EXECUTE_tool' })(tool)).toBe(true);
    expect(match({ query: '503 (up' })(tool)).toBe(true);
    expect(match({ query: 'fetcherror' })(tool)).toBe(true);
  });

  it('treats regex characters in the query literally', () => {
    expect(match({ query: '.*' })(llm)).toBe(false);
    expect(match({ query: '(upstream)' })(tool)).toBe(true);
  });

  it('filters by kind, model and errors, combined with the query', () => {
    expect(match({ kind: 'llm' })(llm)).toBe(true);
    expect(match({ kind: 'llm' })(tool)).toBe(false);
    expect(match({ model: 'gpt-4o' })(llm)).toBe(true);
    expect(match({ model: 'gpt-4o-mini' })(llm)).toBe(false);
    expect(match({ errorsOnly: true })(tool)).toBe(true);
    expect(match({ errorsOnly: true })(llm)).toBe(false);
    expect(match({ errorsOnly: true, query: 'snow' })(llm)).toBe(false);
  });
});
