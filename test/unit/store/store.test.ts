import { describe, expect, it } from 'vitest';
import { Tracer } from '../../../src/core/tracer';
import { openStore } from '../../../src/store';
import { PAGE, rawGetAll, rawOpen, storeOptions } from './helpers';

describe('openStore with IndexedDB', () => {
  it('persists spans and a session summary that a second store (the next page load) reads back', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    expect(store.state()).toEqual({ mode: 'persistent', skippedRecords: 0 });

    const tracer = options.tracer;
    const turn = tracer.startSpan('turn', { kind: 'chain' });
    const llm = tracer.startSpan('chat gpt-4o', { kind: 'llm', parent: turn });
    llm.setAttributes({ 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30, 'spanlens.cost.usd': 0.002 });
    llm.end();
    const failed = tracer.startSpan('execute_tool search', { kind: 'tool', parent: turn });
    failed.setStatus('error', 'boom');
    failed.end();
    turn.end();
    await store.flush();
    store.close();

    const next = await openStore({ ...storeOptions({ indexedDB: options.indexedDB }), tracer: new Tracer() });
    const sessions = await next.listSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      id: tracer.sessionId,
      url: PAGE.url,
      title: PAGE.title,
      userAgent: PAGE.userAgent,
      spanCount: 3,
      errorCount: 1,
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.002,
      openSpans: 0,
    });
    const spans = await next.loadSession(tracer.sessionId);
    expect(spans.map((s) => s.name)).toEqual(['turn', 'chat gpt-4o', 'execute_tool search']);
    expect(spans[1].parentSpanId).toBe(turn.spanId);
    expect(spans[2].status).toEqual({ code: 'error', message: 'boom' });
    next.close();
  });

  it('keeps a span that is still open when the page goes away, open (never complete)', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    const streaming = options.tracer.startSpan('chat gpt-4o', { kind: 'llm' });
    streaming.setAttribute('gen_ai.output.messages', '[{"role":"assistant","parts":[]}]');
    await store.flush();
    // The page is gone: no end(), no further flush.
    const next = await openStore({ ...storeOptions({ indexedDB: options.indexedDB }), tracer: new Tracer() });
    const [summary] = await next.listSessions();
    expect(summary.openSpans).toBe(1);
    const [span] = await next.loadSession(options.tracer.sessionId);
    expect(span.endTime).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toContain('assistant');
  });

  it('keeps spans recorded while the database was still opening', async () => {
    const options = storeOptions();
    const opening = openStore(options);
    options.tracer.startSpan('early').end();
    const store = await opening;
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['early']);
  });

  it('lists sessions newest first, the current one with its live totals before any flush', async () => {
    const factory = storeOptions().indexedDB;
    const first = storeOptions({ indexedDB: factory });
    const a = await openStore(first);
    first.tracer.startSpan('a').end();
    await a.flush();
    a.close();
    const second = storeOptions({ indexedDB: factory, flushIntervalMs: 60_000 });
    const b = await openStore(second);
    second.tracer.startSpan('b1').end();
    second.tracer.startSpan('b2');
    const sessions = await b.listSessions();
    expect(sessions.map((s) => s.id)).toEqual([second.tracer.sessionId, first.tracer.sessionId]);
    expect(sessions[0]).toMatchObject({ spanCount: 2, openSpans: 1 });
    b.close();
  });

  it('loadSession of the current session includes what was not flushed yet', async () => {
    const options = storeOptions({ flushIntervalMs: 60_000 });
    const store = await openStore(options);
    options.tracer.startSpan('pending').end();
    expect((await store.loadSession(options.tracer.sessionId)).map((s) => s.name)).toEqual(['pending']);
  });

  it('deletes one session with its spans, and deleteAll keeps only the current session', async () => {
    const factory = storeOptions().indexedDB;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const options = storeOptions({ indexedDB: factory });
      const store = await openStore(options);
      options.tracer.startSpan(`s${i}`).end();
      await store.flush();
      store.close();
      ids.push(options.tracer.sessionId);
    }
    const current = storeOptions({ indexedDB: factory });
    const store = await openStore(current);
    current.tracer.startSpan('now').end();
    await store.flush();

    await store.deleteSession(ids[0]);
    expect((await store.listSessions()).map((s) => s.id).sort()).toEqual([ids[1], ids[2], current.tracer.sessionId].sort());
    expect(await store.loadSession(ids[0])).toEqual([]);

    await store.deleteSession(current.tracer.sessionId); // refused: still recording
    await store.deleteAll();
    expect((await store.listSessions()).map((s) => s.id)).toEqual([current.tracer.sessionId]);
    const db = await rawOpen(factory);
    const chunks = (await rawGetAll(db, 'chunks')) as Array<{ sessionId: string }>;
    expect(chunks.map((s) => s.sessionId)).toEqual([current.tracer.sessionId]);
    db.close();
  });
});
