import { describe, expect, it } from 'vitest';
import { anthropicTextDelta, chatTextDelta } from '../../../src/instrument/providers/fast-path';

const chat = (delta: unknown, extra: Record<string, unknown> = {}, finish: string | null = null) =>
  JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });

const tricky = ['plain', '', 'quote " and backslash \\ and \\"', 'unicode é 🚀 \u2028', 'fake "delta":{"content":"x"} inside', 'new\nline\ttab', '"}]}'];

describe('chatTextDelta', () => {
  it('reads exactly what JSON.parse reads, for any text', () => {
    for (const text of tricky) expect(chatTextDelta(chat({ content: text })), text).toBe(text);
  });

  it('declines every chunk that carries more than text', () => {
    expect(chatTextDelta(chat({ role: 'assistant', content: 'x' }))).toBeUndefined();
    expect(chatTextDelta(chat({ content: 'x', tool_calls: [] }))).toBeUndefined();
    expect(chatTextDelta(chat({ content: 'x' }, {}, 'stop'))).toBeUndefined();
    expect(chatTextDelta(chat({ content: 'x' }, { usage: { prompt_tokens: 1 } }))).toBeUndefined();
    expect(chatTextDelta(chat({ tool_calls: [{ index: 0, function: { arguments: '{"content":"' } }] }))).toBeUndefined();
    const twoChoices = JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }, { index: 1, delta: { content: 'b' }, finish_reason: null }] });
    expect(chatTextDelta(twoChoices)).toBeUndefined();
    expect(chatTextDelta(JSON.stringify({ choices: [{ index: 1, delta: { content: 'b' }, finish_reason: null }] }))).toBeUndefined();
  });
});

describe('anthropicTextDelta', () => {
  const delta = (index: number, text: string) => JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });

  it('reads the block index and text exactly as JSON.parse does', () => {
    for (const text of tricky) expect(anthropicTextDelta(delta(3, text)), text).toEqual([3, text]);
  });

  it('declines other deltas and other shapes', () => {
    expect(anthropicTextDelta(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"text":"' } }))).toBeUndefined();
    expect(anthropicTextDelta(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x', extra: 1 } }))).toBeUndefined();
    expect(anthropicTextDelta(JSON.stringify({ index: 0, type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } }))).toBeUndefined();
  });
});
