import { describe, expect, it } from 'vitest';
import { citiesAskedAbout, planReply } from '../../../demo/mock/brain';
import { tokenize } from '../../../demo/mock/tokens';

const ids = (prefix: string) => `${prefix}_x`;

describe('the mock model', () => {
  it('finds the cities a question asks the weather of, known or not', () => {
    expect(citiesAskedAbout("What's the weather in Oslo, and what should I pack?")).toEqual(['Oslo']);
    expect(citiesAskedAbout('Compare the weather in Oslo, Lisbon and Atlantis')).toEqual(['Oslo', 'Lisbon', 'Atlantis']);
    expect(citiesAskedAbout('weather in new york today')).toEqual(['new york']);
    expect(citiesAskedAbout('tell me a story')).toEqual([]);
  });

  it('asks for tools only when they are offered', () => {
    const messages = [{ role: 'user' as const, text: 'weather in Oslo?' }];
    expect(planReply({ messages, tools: ['get_weather'] }, ids).kind).toBe('tool_calls');
    expect(planReply({ messages, tools: [] }, ids).kind).toBe('text');
  });

  it('gives the same answer to the same conversation', () => {
    const conversation = { messages: [{ role: 'user' as const, text: 'hello' }], tools: [] };
    expect(planReply(conversation, ids)).toEqual(planReply(conversation, ids));
  });

  it('marks the slow scenario and the rate limit', () => {
    expect(planReply({ messages: [{ role: 'user', text: 'be slow' }], tools: [] }, ids)).toMatchObject({ kind: 'text', slow: true });
    expect(planReply({ messages: [{ role: 'user', text: 'rate limit me' }], tools: [] }, ids).kind).toBe('rate_limited');
  });

  it('tokenizes text into pieces that join back to it', () => {
    const text = ' Hello,  wonderful world of tokens!\n';
    expect(tokenize(text).join('')).toBe(text);
    expect(tokenize(text).every((t) => t.trim().length <= 5)).toBe(true);
  });
});
