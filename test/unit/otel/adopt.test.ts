/**
 * adoptSpan with hostile data, as a collector stream or an SDK could hand it over: bad ids and
 * times are refused, unknown kinds become chains, `__proto__` keys stay data.
 */
import { describe, expect, it } from 'vitest';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { adoptSpan, type ForeignSpan } from '../../../src/otel/adopt';

function setup() {
  const tracer = new Tracer({ sessionId: 'page' });
  const ended: SpanData[] = [];
  tracer.subscribe((type, span) => type === 'end' && ended.push(snapshotSpan(span)));
  return { tracer, ended };
}

const base: ForeignSpan = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  name: 'server step',
  kind: 'tool',
  startTime: 1000,
  endTime: 2000,
  status: { code: 'error', message: 'nope' },
  attributes: { 'a.b': 'c' },
  events: [{ name: 'e', time: 1500 }],
};

describe('adoptSpan', () => {
  it('keeps ids, times, status, attributes and events, in the tracer session', () => {
    const { tracer, ended } = setup();
    adoptSpan(tracer, { ...base, parentSpanId: 'b7ad6b7169203331' });
    expect(ended[0]).toMatchObject({ ...base, parentSpanId: 'b7ad6b7169203331', sessionId: 'page', attributes: { 'a.b': 'c', 'openinference.span.kind': 'TOOL' } });
  });

  it('refuses bad ids and times, turns an unknown kind into a chain, skips bad events', () => {
    const { tracer, ended } = setup();
    expect(() => adoptSpan(tracer, { ...base, spanId: 'zz' })).toThrow('invalid ids');
    expect(() => adoptSpan(tracer, { ...base, traceId: 'A'.repeat(32) })).toThrow('invalid ids');
    expect(() => adoptSpan(tracer, { ...base, startTime: Number.NaN })).toThrow('invalid times');
    expect(() => adoptSpan(tracer, { ...base, endTime: -1 })).toThrow('invalid times');
    adoptSpan(tracer, { ...base, kind: '<img src=x>' as never, events: [null, { name: 'late', time: 'soon' }] as never, status: { code: 'weird' } as never });
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ kind: 'chain', events: [], status: { code: 'unset' } });
  });

  it('keeps __proto__ keys as data in attributes and event attributes', () => {
    const { tracer, ended } = setup();
    const hostile = JSON.parse('{"attributes": {"__proto__": ["polluted"], "ok": 1}, "event": {"__proto__": "x"}}');
    adoptSpan(tracer, { ...base, attributes: hostile.attributes, events: [{ name: 'e', time: 1500, attributes: hostile.event }] });
    const [span] = ended;
    expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(span.attributes, '__proto__')?.value).toEqual(['polluted']);
    expect(Object.getOwnPropertyDescriptor(span.events[0].attributes, '__proto__')?.value).toBe('x');
    expect(([] as unknown as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
