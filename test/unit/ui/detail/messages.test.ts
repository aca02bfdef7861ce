import { describe, expect, it } from 'vitest';
import { keepUnchanged, readMessages, type Read } from '../../../../src/ui/detail/messages';

const read = (messages: unknown[]) => readMessages(JSON.stringify(messages));
const list = (r: Read) => ('messages' in r ? r.messages : []);

describe('keepUnchanged: streaming messages keep the identity of the ones that did not change', () => {
  it('reuses equal messages and replaces the one that grew', () => {
    const user = { role: 'user', parts: [{ type: 'text', content: 'hi' }] };
    const call = { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { a: [1, { b: 2 }] } }] };
    const first = read([user, call, { role: 'assistant', parts: [{ type: 'text', content: 'Hel' }] }]);
    const second = keepUnchanged(first, read([user, call, { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }]));
    expect(list(second)[0]).toBe(list(first)[0]);
    expect(list(second)[1]).toBe(list(first)[1]);
    expect(list(second)[2]).not.toBe(list(first)[2]);
    expect(list(second)[2].parts).toEqual([{ kind: 'text', text: 'Hello' }]);
  });

  it('tells apart messages that differ deep inside their arguments', () => {
    const call = (b: number) => ({ role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { a: [1, { b }] } }] });
    const first = read([call(2)]);
    const second = keepUnchanged(first, read([call(3)]));
    expect(list(second)[0]).not.toBe(list(first)[0]);
  });

  it('takes the new reading as is when either one is not a message list', () => {
    const raw = readMessages('not json');
    const parsed = read([{ role: 'user', content: 'x' }]);
    expect(keepUnchanged(raw, parsed)).toBe(parsed);
    expect(keepUnchanged(parsed, raw)).toBe(raw);
  });
});
