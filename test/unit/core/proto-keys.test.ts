/**
 * `__proto__` as an attribute key is data wherever attributes are built from outside input: an
 * app's object handed to the recorder, a request or answer on the wire, a record read back from
 * IndexedDB. It stays an own property; the record's prototype never changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import type { Attributes } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { openStore } from '../../../src/store';
import { storeOptions } from '../store/helpers';
import { recordingTracer } from '../instrument/helpers';

/** An object with an own `__proto__` key, as JSON.parse makes it from outside input. */
const hostile = (value: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(value)}, "after": 1}`) as Record<string, unknown>;

function expectOwnProto(attributes: Attributes | undefined, value: unknown) {
  expect(attributes).toBeDefined();
  expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual(value);
  expect(attributes!.after).toBe(1);
}

describe('the recorder', () => {
  it.each([
    ['a string', 'p'],
    ['an array', ['a', 'b']],
    ['an object (kept as JSON)', { x: 1 }],
  ])('setAttributes with a __proto__ key holding %s', (_name, value) => {
    const span = new Tracer().startSpan('s');
    span.setAttributes(hostile(value));
    expectOwnProto(span.attributes, typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value);
  });

  it('setAttribute, startSpan attributes and event attributes', () => {
    const span = new Tracer().startSpan('s', { attributes: hostile('start') });
    expectOwnProto(span.attributes, 'start');
    span.setAttribute('__proto__', ['x']);
    expect(Object.getOwnPropertyDescriptor(span.attributes, '__proto__')?.value).toEqual(['x']);
    span.addEvent('e', hostile('event'));
    expectOwnProto(span.events[0].attributes, 'event');
  });
});

describe('the store', () => {
  it('a span with a __proto__ attribute reads back with it, as an own key', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    const span = options.tracer.startSpan('s');
    span.setAttributes(hostile(['a']));
    span.end();
    await store.flush();
    const next = await openStore({ ...storeOptions({ indexedDB: options.indexedDB }), tracer: new Tracer() });
    const [read] = await next.loadSession(options.tracer.sessionId);
    expectOwnProto(read.attributes, ['a']);
    expect(next.state().skippedRecords).toBe(0);
  });
});

describe('the fetch parsers', () => {
  const realFetch = globalThis.fetch;
  let handle: FetchInstrumentation | undefined;
  afterEach(() => {
    handle?.uninstall();
    globalThis.fetch = realFetch;
  });

  it('__proto__ keys in tool parameters and tool-call arguments are kept in the recorded JSON', async () => {
    const args = '{"__proto__":{"polluted":true},"city":"Paris"}';
    globalThis.fetch = (async () =>
      new Response(
        JSON.stringify({
          object: 'chat.completion',
          model: 'gpt-4o',
          choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: args } }] } }],
        }),
        { headers: { 'content-type': 'application/json' } },
      )) as typeof fetch;
    const rec = recordingTracer();
    handle = instrumentFetch({ tracer: rec.tracer });
    const body = `{"model":"gpt-4o","messages":[],"tools":[{"type":"function","function":{"name":"f","parameters":{"__proto__":{"type":"object"}}}}]}`;
    await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body });
    const [span] = await rec.waitForEnded();
    expect(span.attributes[sem.GEN_AI_TOOL_DEFINITIONS]).toContain('"parameters":{"__proto__":{"type":"object"}}');
    expect(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES]).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
