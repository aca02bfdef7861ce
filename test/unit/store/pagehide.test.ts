// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Tracer } from '../../../src/core/tracer';
import { openStore } from '../../../src/store';
import { storeOptions } from './helpers';

async function reopen(factory: IDBFactory, sessionId: string) {
  const reader = await openStore(storeOptions({ indexedDB: factory, tracer: new Tracer() }));
  return reader.loadSession(sessionId);
}

describe('leaving the page', () => {
  it('pagehide writes at once, and a span still open is stored open', async () => {
    const options = storeOptions({ flushIntervalMs: 60_000 });
    const store = await openStore(options);
    options.tracer.startSpan('done').end();
    const streaming = options.tracer.startSpan('streaming', { kind: 'llm' });
    streaming.setAttribute('gen_ai.output.messages', 'partial');
    await Promise.resolve();
    window.dispatchEvent(new Event('pagehide'));
    // No flush() and no timer: only the pagehide write can have stored these.
    const spans = await reopen(options.indexedDB, options.tracer.sessionId);
    expect(spans.map((s) => [s.name, s.endTime === undefined])).toEqual([
      ['done', false],
      ['streaming', true],
    ]);
    expect(spans[1].attributes['gen_ai.output.messages']).toBe('partial');
    store.close();
  });

  it('visibilitychange to hidden writes at once', async () => {
    const options = storeOptions({ flushIntervalMs: 60_000 });
    const store = await openStore(options);
    options.tracer.startSpan('hidden').end();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await reopen(options.indexedDB, options.tracer.sessionId)).map((s) => s.name)).toEqual(['hidden']);
    store.close();
  });

  it('reads the page url and title when none is given', async () => {
    document.title = 'My chat';
    const options = storeOptions({ page: undefined });
    const store = await openStore(options);
    options.tracer.startSpan('x').end();
    await store.flush();
    const [summary] = await store.listSessions();
    expect(summary).toMatchObject({ title: 'My chat', url: location.href, userAgent: navigator.userAgent });
    store.close();
  });
});
