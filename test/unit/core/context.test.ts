import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { SpanContext, type AsyncVariable } from '../../../src/core/context';
import { Tracer, type Span } from '../../../src/core/tracer';
import { trace, tool, retrieval } from '../../../src/instrument/api/manual';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in for the TC39 AsyncContext.Variable, with the same semantics, for Node. */
class NodeAsyncVariable<T> implements AsyncVariable<T> {
  #storage = new AsyncLocalStorage<T>();
  get(): T | undefined {
    return this.#storage.getStore();
  }
  run<R>(value: T, fn: () => R): R {
    return this.#storage.run(value, fn);
  }
}

function parentNames(tracer: Tracer) {
  const spans: Span[] = [];
  tracer.subscribe((type, span) => {
    if (type === 'end') spans.push(span);
  });
  return () => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    return Object.fromEntries(spans.map((s) => [s.name, s.parentSpanId ? byId.get(s.parentSpanId)?.name ?? '?' : null]));
  };
}

describe('current span, sequential-flow rule (no AsyncContext)', () => {
  it('keeps every span of an awaited chat turn under the turn, also after awaits', async () => {
    const tracer = new Tracer({ context: new SpanContext() });
    expect(tracer.context.exact).toBe(false);
    const tree = parentNames(tracer);
    const retrieve = (q: string) => retrieval(q, async () => { await sleep(2); return ['doc']; }, { tracer });
    const complete = async () => {
      await sleep(1);
      const span = tracer.startSpan('chat model', { kind: 'llm' }); // as fetch instrumentation does
      await sleep(1);
      span.end();
      return 'call_1';
    };
    const runTool = (id: string) => tool('get_weather', { city: 'Oslo' }, async () => { await sleep(1); return 'sunny'; }, { tracer, callId: id });

    await trace('turn', async () => {
      const docs = await retrieve('q');
      expect(docs).toEqual(['doc']);
      const id = await complete();
      await runTool(id);
      tracer.startSpan('after tool').end();
    }, { tracer });
    tracer.startSpan('outside').end();

    expect(tree()).toEqual({
      retrieve: 'turn',
      'chat model': 'turn',
      'execute_tool get_weather': 'turn',
      'after tool': 'turn',
      turn: null,
      outside: null,
    });
  });

  it('nests spans started synchronously inside nested scopes exactly', () => {
    const tracer = new Tracer({ context: new SpanContext() });
    const tree = parentNames(tracer);
    trace('a', () => {
      trace('b', () => tracer.startSpan('c').end(), { tracer });
      tracer.startSpan('d').end();
    }, { tracer });
    expect(tree()).toEqual({ c: 'b', b: 'a', d: 'a', a: null });
  });

  it('marks spans whose parent was inferred after an await', async () => {
    const tracer = new Tracer({ context: new SpanContext() });
    let sync: Span | undefined;
    let later: Span | undefined;
    await trace('turn', async () => {
      sync = tracer.startSpan('sync');
      await sleep(1);
      later = tracer.startSpan('later');
    }, { tracer });
    expect(sync?.attributes['spanlens.parent_inferred']).toBeUndefined();
    expect(later?.attributes['spanlens.parent_inferred']).toBe(true);
  });

  it('keeps two concurrent traces apart with the explicit span argument', async () => {
    const tracer = new Tracer({ context: new SpanContext() });
    const tree = parentNames(tracer);
    const turn = (name: string, delay: number) =>
      trace(name, async (span) => {
        await sleep(delay);
        await tool(`tool ${name}`, {}, async () => { await sleep(delay); }, { tracer, parent: span });
        await trace(`step ${name}`, async () => sleep(1), { tracer, parent: span });
      }, { tracer });
    await Promise.all([turn('A', 3), turn('B', 1)]);
    expect(tree()).toMatchObject({
      'execute_tool tool A': 'A',
      'execute_tool tool B': 'B',
      'step A': 'A',
      'step B': 'B',
    });
  });
});

describe('current span with an AsyncContext.Variable', () => {
  it('keeps two concurrent traces apart with no explicit parent', async () => {
    const tracer = new Tracer({ context: new SpanContext(new NodeAsyncVariable<Span>()) });
    expect(tracer.context.exact).toBe(true);
    const tree = parentNames(tracer);
    const turn = (name: string, delay: number) =>
      trace(name, async () => {
        await sleep(delay);
        await tool(`tool ${name}`, {}, async () => {
          await sleep(delay);
          tracer.startSpan(`inner ${name}`).end();
        }, { tracer });
        await sleep(delay);
        tracer.startSpan(`late ${name}`).end();
      }, { tracer });
    await Promise.all([turn('A', 3), turn('B', 1), turn('C', 2)]);
    for (const n of ['A', 'B', 'C']) {
      expect(tree()).toMatchObject({
        [`execute_tool tool ${n}`]: n,
        [`inner ${n}`]: `execute_tool tool ${n}`,
        [`late ${n}`]: n,
      });
    }
    tracer.startSpan('outside').end();
    expect(tree().outside).toBeNull();
  });
});
