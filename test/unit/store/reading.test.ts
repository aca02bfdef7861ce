import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { openStore } from '../../../src/store';
import { READ_PAGE_SIZE } from '../../../src/store/idb-backend';
import { oldSession, oldSpan, rawOpen, rawPut, rawPutSpans, storeOptions } from './helpers';

describe('loadSession', () => {
  it('reads a large session page by page, every span exactly once, the result in start order (ties included)', async () => {
    const options = storeOptions({ flushIntervalMs: 60_000, maxBatch: 100 });
    const store = await openStore(options);
    const total = READ_PAGE_SIZE * 4 + 17;
    const base = 1_700_000_000_000;
    // Ended in reverse start order, with many ties, across several writes (chunks).
    const open = [];
    for (let i = 0; i < total; i++) open.push(options.tracer.startSpan(`s${i}`, { startTime: base + Math.floor(i / 300) }));
    await store.flush(); // all stored open first
    for (const span of open.reverse()) span.end();
    options.tracer.startSpan('still open', { startTime: base - 1 });
    await store.flush();
    store.close();

    const reader = await openStore(storeOptions({ indexedDB: options.indexedDB }));
    const pages: SpanData[][] = [];
    const spans = await reader.loadSession(options.tracer.sessionId, (page) => pages.push(page));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(total / READ_PAGE_SIZE));
    expect(pages.every((page) => page.length <= READ_PAGE_SIZE)).toBe(true);
    expect(pages.flat().map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    expect(spans).toHaveLength(total + 1);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(total + 1);
    expect([spans[0].name, spans[0].endTime]).toEqual(['still open', undefined]);
    expect(spans.slice(1).every((s) => s.endTime !== undefined)).toBe(true);
    for (let i = 1; i < spans.length; i++) {
      const ordered = spans[i - 1].startTime < spans[i].startTime ||
        (spans[i - 1].startTime === spans[i].startTime && spans[i - 1].spanId < spans[i].spanId);
      expect(ordered).toBe(true);
    }
  });

  it('survives an onPage callback that throws (reported, reading goes on)', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    options.tracer.startSpan('a').end();
    const spans = await store.loadSession(options.tracer.sessionId, () => {
      throw new Error('panel bug');
    });
    expect(spans.map((s) => s.name)).toEqual(['a']);
    expect(options.tracer.errors.map((e) => e.message)).toContain('panel bug');
  });

  it('returns nothing for an unknown session', async () => {
    const store = await openStore(storeOptions());
    expect(await store.loadSession('nope')).toEqual([]);
  });
});

describe('importSession', () => {
  it('stores valid spans as a read-only imported session with totals, skipping invalid ones', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    const llm = { ...oldSpan('exported-elsewhere', '9'.repeat(16), 5000), attributes: { 'gen_ai.usage.input_tokens': 11, 'spanlens.cost.usd': 0.25 } };
    const open = { ...oldSpan('exported-elsewhere', 'a'.repeat(16), 5001), endTime: undefined };
    const bad = { ...oldSpan('x', 'b'.repeat(16), 1), kind: 'nope' };
    const id = await store.importSession({ id: 'import-1', url: 'https://elsewhere/', title: 'bug report' }, [llm, open, bad as unknown as SpanData]);
    expect(id).toBe('import-1');
    expect(store.state().skippedRecords).toBe(1);
    store.close();

    const reader = await openStore(storeOptions({ indexedDB: options.indexedDB }));
    const [summary] = await reader.listSessions();
    expect(summary).toMatchObject({
      id: 'import-1',
      imported: true,
      url: 'https://elsewhere/',
      title: 'bug report',
      spanCount: 2,
      openSpans: 1,
      inputTokens: 11,
      costUsd: 0.25,
      started: 5000,
      lastSeen: 5010,
    });
    const spans = await reader.loadSession('import-1');
    expect(spans.map((s) => [s.spanId, s.sessionId])).toEqual([
      ['9'.repeat(16), 'import-1'],
      ['a'.repeat(16), 'import-1'],
    ]);
  });

  it('never overwrites the current session: an import under its id is stored beside it', async () => {
    const tracer = new Tracer();
    const store = await openStore(storeOptions({ tracer }));
    tracer.startSpan('live').end();
    const id = await store.importSession({ id: tracer.sessionId }, [oldSpan(tracer.sessionId, 'c'.repeat(16), 1)]);
    expect(id).not.toBe(tracer.sessionId);
    expect((await store.loadSession(tracer.sessionId)).map((s) => s.name)).toEqual(['live']);
    expect((await store.loadSession(id)).map((s) => s.spanId)).toEqual(['c'.repeat(16)]);
  });

  it('never deletes or replaces a stored session: an import under a taken id gets a fresh one', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    // A session another page load recorded, and an earlier import of a file.
    const db = await rawOpen(options.indexedDB);
    await rawPut(db, 'sessions', [oldSession('recorded-elsewhere', 1)]);
    await rawPutSpans(db, 'recorded-elsewhere', [oldSpan('recorded-elsewhere', '1'.repeat(16), 1)]);
    db.close();
    await store.importSession({ id: 'f', title: 'first file' }, [oldSpan('f', 'd'.repeat(16), 1), oldSpan('f', 'e'.repeat(16), 2)]);

    const again = await store.importSession({ id: 'f', title: 'same file again' }, [oldSpan('f', 'e'.repeat(16), 2)]);
    const over = await store.importSession({ id: 'recorded-elsewhere' }, [oldSpan('recorded-elsewhere', '2'.repeat(16), 3)]);

    expect(again).not.toBe('f');
    expect(over).not.toBe('recorded-elsewhere');
    expect((await store.loadSession('f')).map((s) => s.spanId)).toEqual(['d'.repeat(16), 'e'.repeat(16)]);
    expect((await store.loadSession(again)).map((s) => s.spanId)).toEqual(['e'.repeat(16)]);
    expect((await store.loadSession('recorded-elsewhere')).map((s) => s.spanId)).toEqual(['1'.repeat(16)]);
    expect((await store.loadSession(over)).map((s) => s.spanId)).toEqual(['2'.repeat(16)]);
    const titles = new Map((await store.listSessions()).map((s) => [s.id, s.title]));
    expect(titles.get('f')).toBe('first file');
    expect(titles.get(again)).toBe('same file again');
    expect(titles.get('recorded-elsewhere')).toBe('old');
  });
});

describe('loadSpan', () => {
  it('reads one whole span: of the current session (even before its write), of an earlier session, and not a missing one', async () => {
    const options = storeOptions({ flushIntervalMs: 60_000 });
    const store = await openStore(options);
    const text = 'long answer '.repeat(500);
    const span = options.tracer.startSpan('chat', { attributes: { answer: text } });
    span.end();
    expect((await store.loadSpan(options.tracer.sessionId, span.spanId))?.attributes.answer).toBe(text);
    const db = await rawOpen(options.indexedDB);
    await rawPut(db, 'sessions', [oldSession('earlier', 1)]);
    await rawPutSpans(db, 'earlier', [oldSpan('earlier', '1'.repeat(16), 1), oldSpan('earlier', '2'.repeat(16), 2)]);
    db.close();
    expect((await store.loadSpan('earlier', '2'.repeat(16)))?.startTime).toBe(2);
    expect(await store.loadSpan('earlier', '3'.repeat(16))).toBeUndefined();
    store.close();
  });
});
