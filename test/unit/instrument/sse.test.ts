import { describe, expect, it } from 'vitest';
import { NdjsonParser, SseParser, type StreamEvent } from '../../../src/instrument/streams/event-framing';

function feed(parser: SseParser | NdjsonParser, pieces: string[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const piece of pieces) out.push(...parser.push(piece));
  out.push(...parser.end());
  return out;
}

/** Every way of cutting the text in two. */
function allSplits(text: string): string[][] {
  const splits: string[][] = [];
  for (let i = 0; i <= text.length; i++) splits.push([text.slice(0, i), text.slice(i)]);
  return splits;
}

describe('SseParser', () => {
  const stream = 'event: message_start\ndata: {"a":1}\n\n: keep-alive\n\ndata: first\ndata: second\n\ndata:[DONE]\n\n';
  const expected = [{ event: 'message_start', data: '{"a":1}' }, { data: 'first\nsecond' }, { data: '[DONE]' }];

  it('parses events, multi-line data, comments, no-space values', () => {
    expect(feed(new SseParser(), [stream])).toEqual(expected);
  });

  it('gives the same events however the text is cut', () => {
    for (const split of allSplits(stream)) expect(feed(new SseParser(), split)).toEqual(expected);
    expect(feed(new SseParser(), [...stream])).toEqual(expected);
  });

  it('accepts \\r\\n and \\r line ends, also when \\r\\n is cut between pieces', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    for (const split of allSplits(crlf)) expect(feed(new SseParser(), split)).toEqual(expected);
    expect(feed(new SseParser(), [stream.replace(/\n/g, '\r')])).toEqual(expected);
  });

  it('dispatches a last event that lacks its blank line at the end of the body', () => {
    expect(feed(new SseParser(), ['data: {"usage":1}'])).toEqual([{ data: '{"usage":1}' }]);
  });

  it('returns events as soon as their blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ data: 'a' }]);
  });
});

describe('NdjsonParser', () => {
  it('splits lines across pieces and skips blank ones', () => {
    const text = '{"a":1}\n\n{"b":2}\n{"c":3}';
    for (const split of allSplits(text)) {
      expect(feed(new NdjsonParser(), split)).toEqual([{ data: '{"a":1}' }, { data: '{"b":2}' }, { data: '{"c":3}' }]);
    }
  });
});
