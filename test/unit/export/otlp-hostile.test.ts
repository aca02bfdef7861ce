/**
 * Hostile OTLP files: deep nesting, `__proto__` keys, absurd times, duplicate span ids. Each gets
 * the path-naming OtlpDecodeError or is decoded as data; never a crash, a changed prototype or a
 * silently lost span.
 */
import { describe, expect, it } from 'vitest';
import { decodeOtlp, encodeOtlp, OtlpDecodeError } from '../../../src/export/otlp';
import { MAX_VALUE_DEPTH } from '../../../src/export/otlp-decode';

const TRACE = 'a'.repeat(32);
const span = (fields: Record<string, unknown> = {}) => ({
  traceId: TRACE,
  spanId: 'b'.repeat(16),
  name: 'x',
  startTimeUnixNano: '1700000000000000000',
  endTimeUnixNano: '1700000001000000000',
  ...fields,
});
const file = (...spans: unknown[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

function decodeError(input: unknown): OtlpDecodeError {
  try {
    decodeOtlp(input);
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError);
    return error as OtlpDecodeError;
  }
  throw new Error('decoded without an error');
}

/** An AnyValue nesting `levels` kvlists (or arrays) around a string. */
function nested(levels: number, kind: 'kvlistValue' | 'arrayValue'): unknown {
  let value: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < levels; i++) value = kind === 'kvlistValue' ? { kvlistValue: { values: [{ key: 'k', value }] } } : { arrayValue: { values: [value] } };
  return value;
}

describe('deep nesting', () => {
  it.each(['kvlistValue', 'arrayValue'] as const)('%s nested 5,000 levels gives the path-naming error, not a stack overflow', (kind) => {
    const error = decodeError(file(span({ attributes: [{ key: 'deep', value: nested(5000, kind) }] })));
    expect(error.message).toContain('resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value');
    expect(error.message).toContain(`nested more than ${MAX_VALUE_DEPTH} levels deep`);
  });

  it(`decodes ${MAX_VALUE_DEPTH} levels`, () => {
    const [session] = decodeOtlp(file(span({ attributes: [{ key: 'deep', value: nested(MAX_VALUE_DEPTH, 'kvlistValue') }] })));
    expect(session.spans[0].attributes.deep).toBe('{"k":'.repeat(MAX_VALUE_DEPTH) + '"bottom"' + '}'.repeat(MAX_VALUE_DEPTH));
  });
});

describe('__proto__ is a key like any other', () => {
  it('as an attribute key: kept as an own property, the prototype untouched', () => {
    const [session] = decodeOtlp(file(span({
      attributes: [
        { key: '__proto__', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
        { key: 'constructor', value: { stringValue: 'c' } },
        { key: 'after', value: { intValue: 1 } },
      ],
    })));
    const attributes = session.spans[0].attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Array.isArray(Object.getPrototypeOf(attributes))).toBe(false);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual(['a', 'b']);
    expect(Object.keys(attributes)).toEqual(['__proto__', 'constructor', 'after']);
  });

  it('inside a kvlist and on resources and events', () => {
    const proto = { key: '__proto__', value: { stringValue: 'p' } };
    const [session] = decodeOtlp({
      resourceSpans: [{
        resource: { attributes: [proto] },
        scopeSpans: [{ spans: [span({
          attributes: [{ key: 'map', value: { kvlistValue: { values: [proto, { key: 'x', value: { intValue: 1 } }] } } }],
          events: [{ name: 'e', timeUnixNano: '1700000000500000000', attributes: [proto] }],
        })] }],
      }],
    });
    expect(Object.getOwnPropertyDescriptor(session.resource, '__proto__')?.value).toBe('p');
    expect(session.spans[0].attributes.map).toBe('{"__proto__":"p","x":1}');
    expect(Object.getOwnPropertyDescriptor(session.spans[0].events[0].attributes, '__proto__')?.value).toBe('p');
  });

  it('survives an export and a re-import', () => {
    const [session] = decodeOtlp(file(span({ attributes: [{ key: '__proto__', value: { stringValue: 'p' } }] })));
    const [again] = decodeOtlp(JSON.stringify(encodeOtlp(session.spans)));
    expect(Object.getOwnPropertyDescriptor(again.spans[0].attributes, '__proto__')?.value).toBe('p');
  });
});

describe('times', () => {
  it.each([
    ['a 400-digit start time', { startTimeUnixNano: '9'.repeat(400) }, 'startTimeUnixNano', 'not a real date'],
    ['an end time past the year 275760', { endTimeUnixNano: '9'.repeat(22) }, 'endTimeUnixNano', 'not a real date'],
    ['a huge number', { startTimeUnixNano: 1e300 }, 'startTimeUnixNano', 'not a real date'],
    ['an end time under 1,000 ns', { startTimeUnixNano: '0', endTimeUnixNano: '999' }, 'endTimeUnixNano', 'not a real end time'],
  ])('%s is refused with the path', (_name, fields, field, problem) => {
    const error = decodeError(file(span(fields)));
    expect(error.path).toBe(`resourceSpans[0].scopeSpans[0].spans[0].${field}`);
    expect(error.message).toContain(problem);
  });

  it('an event time past the year 275760 is refused with the path', () => {
    const error = decodeError(file(span({ events: [{ name: 'e', timeUnixNano: '9'.repeat(400) }] })));
    expect(error.path).toBe('resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano');
  });

  it('an end time of 0, or none, still means open', () => {
    const [session] = decodeOtlp(file(span({ endTimeUnixNano: '0' }), span({ spanId: 'c'.repeat(16), endTimeUnixNano: undefined })));
    expect(session.spans.map((s) => s.endTime)).toEqual([undefined, undefined]);
  });
});

describe('duplicate span ids', () => {
  it('two spans with one id in a file are refused, naming both places', () => {
    const error = decodeError({
      resourceSpans: [{ scopeSpans: [{ spans: [span(), span({ spanId: 'c'.repeat(16), parentSpanId: 'b'.repeat(16) })] }, { spans: [span({ name: 'again' })] }] }],
    });
    expect(error.path).toBe('resourceSpans[0].scopeSpans[1].spans[0].spanId');
    expect(error.message).toContain('the same span id as resourceSpans[0].scopeSpans[0].spans[0]');
  });

  it('also across the lines of a JSON Lines file of one session', () => {
    const line = (name: string) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'spanlens.session.id', value: { stringValue: 's1' } }] }, scopeSpans: [{ spans: [span({ name })] }] }] });
    const error = decodeError(`${line('first')}\n${line('second')}\n`);
    expect(error.path).toBe('line 2: resourceSpans[0].scopeSpans[0].spans[0].spanId');
    expect(error.message).toContain('line 1: resourceSpans[0].scopeSpans[0].spans[0]');
  });

  it('one id in two sessions is fine', () => {
    const sessions = decodeOtlp({ resourceSpans: [{ scopeSpans: [{ spans: [span()] }] }, { scopeSpans: [{ spans: [span()] }] }] });
    expect(sessions.map((s) => s.spans.length)).toEqual([1, 1]);
  });
});
