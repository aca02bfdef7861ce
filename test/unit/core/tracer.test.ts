import { describe, expect, it, vi } from 'vitest';
import { Tracer, type SpanEventType, type Span } from '../../../src/core/tracer';
import { isValidSpanId, isValidTraceId, newSpanId, newTraceId } from '../../../src/core/ids';
import { snapshotSpan } from '../../../src/core/span';
import { now } from '../../../src/core/clock';
import { TRUNCATION_MARKER } from '../../../src/core/attributes';

function recorder(tracer: Tracer) {
  const events: Array<[SpanEventType, ReturnType<typeof snapshotSpan>]> = [];
  tracer.subscribe((type, span) => events.push([type, snapshotSpan(span)]));
  return events;
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('ids', () => {
  it('are W3C-sized lower-case hex, unique and never all zero', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const t = newTraceId();
      const s = newSpanId();
      expect(isValidTraceId(t)).toBe(true);
      expect(isValidSpanId(s)).toBe(true);
      seen.add(s);
    }
    expect(seen.size).toBe(5000);
    expect(isValidSpanId('0000000000000000')).toBe(false);
  });

  it('redraws an all-zero id', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementationOnce((array) => {
      (array as Uint8Array).fill(0);
      return array;
    });
    // Exhaust the pool so the next id comes from the zeroed refill, then from a real one.
    for (let i = 0; i < 600; i++) newSpanId();
    for (let i = 0; i < 1200; i++) expect(isValidSpanId(newSpanId())).toBe(true);
    spy.mockRestore();
  });
});

describe('clock', () => {
  it('is epoch milliseconds with sub-millisecond precision on a microsecond grid', () => {
    const t = now();
    expect(Math.abs(t - Date.now())).toBeLessThan(50);
    expect(Math.round(t * 1000) / 1000).toBe(t);
    const samples = Array.from({ length: 50 }, () => now());
    expect(samples.some((x) => x % 1 !== 0)).toBe(true);
  });
});

describe('Tracer', () => {
  it('starts, annotates and ends a span, emitting start and end with its state', () => {
    const tracer = new Tracer({ sessionId: 's1' });
    const events = recorder(tracer);
    const span = tracer.startSpan('chat gpt-4o', { kind: 'llm', attributes: { 'gen_ai.request.model': 'gpt-4o' } });
    span.setAttribute('gen_ai.usage.input_tokens', 12);
    span.addEvent('gen_ai.first_token');
    span.setStatus('ok');
    span.end();
    expect(events.map((e) => e[0])).toEqual(['start', 'end']);
    const [, start] = events[0];
    expect(start.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(start.attributes['openinference.span.kind']).toBe('LLM');
    expect(start.endTime).toBeUndefined();
    const [, end] = events[1];
    expect(end.kind).toBe('llm');
    expect(end.sessionId).toBe('s1');
    expect(end.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(end.events[0].name).toBe('gen_ai.first_token');
    expect(end.status).toEqual({ code: 'ok' });
    expect(end.endTime).toBeGreaterThanOrEqual(end.startTime);
  });

  it('ignores a second end() and changes after the end', () => {
    const tracer = new Tracer();
    const events = recorder(tracer);
    const span = tracer.startSpan('x');
    span.end(span.startTime + 5);
    span.end(span.startTime + 50);
    span.setAttribute('late', 1);
    expect(events.filter((e) => e[0] === 'end')).toHaveLength(1);
    expect(span.endTime).toBe(span.startTime + 5);
    expect(span.attributes.late).toBeUndefined();
  });

  it('coalesces changes of an open span into one update per microtask', async () => {
    const tracer = new Tracer();
    const events = recorder(tracer);
    const span = tracer.startSpan('stream');
    for (let i = 0; i < 10; i++) span.setAttribute('text', 'x'.repeat(i));
    await microtask();
    expect(events.map((e) => e[0])).toEqual(['start', 'update']);
    expect(events[1][1].attributes.text).toBe('x'.repeat(9));
    span.setAttribute('more', true);
    span.end();
    await microtask();
    // The end carries the final state; no update after it.
    expect(events.map((e) => e[0])).toEqual(['start', 'update', 'end']);
  });

  it('nests under an explicit parent and starts a new trace without one', () => {
    const tracer = new Tracer();
    const root = tracer.startSpan('root');
    const child = tracer.startSpan('child', { parent: root });
    const other = tracer.startSpan('other');
    expect(child.traceId).toBe(root.traceId);
    expect(child.parentSpanId).toBe(root.spanId);
    expect(other.traceId).not.toBe(root.traceId);
    expect(other.parentSpanId).toBeUndefined();
  });

  it('keeps recording and calls the other sinks when one sink throws', () => {
    const tracer = new Tracer();
    const errors: string[] = [];
    tracer.onError((e) => errors.push(e.message));
    tracer.subscribe(() => {
      throw new Error('bad sink');
    });
    const events = recorder(tracer);
    const span = tracer.startSpan('x');
    span.end();
    expect(events).toHaveLength(2);
    expect(tracer.stats.sinkErrors).toBe(2);
    expect(errors).toEqual(['bad sink', 'bad sink']);
  });

  it('unsubscribes a sink', () => {
    const tracer = new Tracer();
    const seen: string[] = [];
    const off = tracer.subscribe((type) => seen.push(type));
    tracer.startSpan('a').end();
    off();
    tracer.startSpan('b').end();
    expect(seen).toEqual(['start', 'end']);
  });

  it('converts or drops bad attribute values and counts them, never throwing', () => {
    const tracer = new Tracer();
    const span = tracer.startSpan('x');
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() =>
      span.setAttributes({
        undef: undefined,
        nan: NaN,
        inf: Infinity,
        nil: null,
        fn: () => 1,
        sym: Symbol('s'),
        big: 12345678901234567890n,
        obj: { b: [1, 2] },
        circ: circular,
        mixed: [1, 'a'],
        nums: [1, 2, 3],
        ok: 'fine',
        throwing: { toJSON() { throw new Error('nope'); } },
      }),
    ).not.toThrow();
    expect(span.attributes.big).toBe('12345678901234567890');
    expect(span.attributes.obj).toBe('{"b":[1,2]}');
    expect(span.attributes.circ).toBe('{"a":1,"self":"[Circular]"}');
    expect(span.attributes.mixed).toBe('[1,"a"]');
    expect(span.attributes.nums).toEqual([1, 2, 3]);
    expect(span.attributes.ok).toBe('fine');
    for (const key of ['undef', 'nan', 'inf', 'nil', 'fn', 'sym', 'throwing']) expect(span.attributes).not.toHaveProperty(key);
    expect(tracer.stats.droppedAttributes).toBe(7);
    expect(tracer.stats.convertedAttributes).toBe(4);
  });

  it('cuts long values with a marker and keeps the original length', () => {
    const tracer = new Tracer({ maxAttributeLength: 100 });
    const span = tracer.startSpan('x');
    span.setAttribute('gen_ai.input.messages', 'y'.repeat(1000));
    span.setAttribute('list', ['short', 'z'.repeat(500)]);
    const value = span.attributes['gen_ai.input.messages'] as string;
    expect(value).toHaveLength(100);
    expect(value.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(span.attributes['spanlens.original_length.gen_ai.input.messages']).toBe(1000);
    expect((span.attributes.list as string[])[1].endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(tracer.stats.truncatedAttributes).toBe(2);
  });

  it('caps spans per session and counts what it drops', () => {
    const tracer = new Tracer({ maxSpans: 3 });
    const events = recorder(tracer);
    for (let i = 0; i < 5; i++) {
      const span = tracer.startSpan(`s${i}`);
      span.setAttribute('i', i);
      span.end();
    }
    expect(events.filter((e) => e[0] === 'end').map((e) => e[1].name)).toEqual(['s0', 's1', 's2']);
    expect(tracer.stats.droppedSpans).toBe(2);
  });

  it('records an exception event with type, message and stack', () => {
    const tracer = new Tracer();
    const span = tracer.startSpan('x');
    span.recordException(new TypeError('boom'));
    span.recordException('plain');
    const [first, second] = span.events;
    expect(first.name).toBe('exception');
    expect(first.attributes?.['exception.type']).toBe('TypeError');
    expect(first.attributes?.['exception.message']).toBe('boom');
    expect(String(first.attributes?.['exception.stacktrace'])).toContain('boom');
    expect(second.attributes?.['exception.message']).toBe('plain');
  });

  it('status: ok is final and unset never overrides', () => {
    const tracer = new Tracer();
    const a = tracer.startSpan('a');
    a.setStatus('error', 'bad');
    a.setStatus('unset');
    expect(a.status).toEqual({ code: 'error', message: 'bad' });
    const b = tracer.startSpan('b');
    b.setStatus('ok');
    b.setStatus('error', 'late');
    expect(b.status).toEqual({ code: 'ok' });
  });

  it('serialises to plain data without its tracer', () => {
    const tracer = new Tracer();
    const span: Span = tracer.startSpan('x', { attributes: { a: 1 } });
    span.end();
    const clone = structuredClone(span.toJSON());
    expect(Object.keys(JSON.parse(JSON.stringify(span))).sort()).toEqual(
      ['attributes', 'endTime', 'events', 'kind', 'name', 'sessionId', 'spanId', 'startTime', 'status', 'traceId'].sort(),
    );
    expect(clone.attributes.a).toBe(1);
  });

  it('runs the redact hook before sinks see the span', () => {
    const tracer = new Tracer({
      redact: (span) => {
        if (typeof span.attributes.email === 'string') span.attributes.email = '[redacted]';
      },
    });
    const events = recorder(tracer);
    tracer.startSpan('x', { attributes: { email: 'a@b.c' } }).end();
    expect(events.every(([, s]) => s.attributes.email === '[redacted]')).toBe(true);
  });

  it('never throws on hostile objects: throwing getters, proxies, toString', () => {
    const tracer = new Tracer();
    const errors: string[] = [];
    tracer.onError((e) => errors.push(e.where));
    const badName = { toString() { throw new Error('no name'); } };
    const getter = Object.defineProperty({ ok: 'kept' } as Record<string, unknown>, 'bad', {
      enumerable: true,
      get() { throw new Error('getter'); },
    });
    const proxy = new Proxy({}, { ownKeys() { throw new Error('proxy'); } });
    let span!: Span;
    expect(() => {
      span = tracer.startSpan(badName as unknown as string, { attributes: getter });
      span.setAttributes(proxy);
      span.addEvent('e', getter);
      span.recordException(Object.create(null));
      span.setStatus('error', badName as unknown as string);
      span.updateName(badName as unknown as string);
      span.end();
    }).not.toThrow();
    expect(span.name).toBe('[unprintable]');
    expect(span.attributes.ok).toBe('kept');
    expect(span.status).toEqual({ code: 'error', message: '[unprintable]' });
    expect(errors).toEqual(['set attributes', 'set attributes', 'event attributes']);
  });
});
