import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { SessionTotals } from '../../../src/store/session-totals';
import type { SessionSummary } from '../../../src/store/types';
import { BatchWriter, type SpanBatch, type WriterOptions } from '../../../src/store/writer';
import { PAGE, tick } from './helpers';

interface Write {
  /** Ended then open spans of the batch. */
  spans: SpanData[];
  batch: SpanBatch;
  session: SessionSummary;
}

function setup(overrides: Partial<WriterOptions> = {}) {
  const tracer = new Tracer();
  const writes: Write[] = [];
  const writer = new BatchWriter({
    tracer,
    totals: new SessionTotals(tracer.sessionId),
    write: async (batch, session) => void writes.push({ spans: [...batch.ended, ...batch.open], batch, session }),
    ready: Promise.resolve(),
    flushIntervalMs: 20,
    maxBatch: 100,
    page: () => PAGE,
    ...overrides,
  });
  return { tracer, writer, writes };
}

describe('BatchWriter', () => {
  it('writes nothing while recording, then everything in one write when the timer fires', async () => {
    const { tracer, writes } = setup();
    for (let i = 0; i < 10; i++) tracer.startSpan(`s${i}`).end();
    expect(writes).toHaveLength(0);
    await tick(40);
    expect(writes).toHaveLength(1);
    expect(writes[0].spans.map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
    expect(writes[0].session).toMatchObject({ spanCount: 10, openSpans: 0, url: PAGE.url });
  });

  it('coalesces the updates of a streaming span: only its latest state is written', async () => {
    const { tracer, writer, writes } = setup({ flushIntervalMs: 60_000 });
    const span = tracer.startSpan('chat', { kind: 'llm' });
    for (let i = 1; i <= 50; i++) {
      span.setAttribute('gen_ai.output.messages', `chunk ${i}`);
      await Promise.resolve(); // let the tracer emit its coalesced 'update'
    }
    await writer.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0].spans).toHaveLength(1);
    expect(writes[0].spans[0].attributes['gen_ai.output.messages']).toBe('chunk 50');
    expect(writes[0].spans[0].endTime).toBeUndefined();

    span.end();
    await writer.flush();
    expect(writes[1].spans.map((s) => [s.spanId, s.endTime !== undefined])).toEqual([[span.spanId, true]]);
  });

  it('puts ended spans in one numbered chunk per write and drops the open record of a span that ended', async () => {
    const { tracer, writer, writes } = setup({ flushIntervalMs: 60_000 });
    const streaming = tracer.startSpan('streaming');
    tracer.startSpan('quick').end();
    await writer.flush();
    expect(writes[0].batch).toMatchObject({ seq: 0, closed: [] });
    expect(writes[0].batch.ended.map((s) => s.name)).toEqual(['quick']);
    expect(writes[0].batch.open.map((s) => s.name)).toEqual(['streaming']);

    tracer.startSpan('open again'); // an open span alone: no chunk, no chunk number used
    await writer.flush();
    expect(writes[1].batch.ended).toEqual([]);

    streaming.end();
    tracer.startSpan('ended before any write').end();
    await writer.flush();
    expect(writes[2].batch.seq).toBe(1);
    expect(writes[2].batch.ended.map((s) => s.name)).toEqual(['streaming', 'ended before any write']);
    expect(writes[2].batch.closed).toEqual([streaming.spanId]);
    expect(writes[2].batch.open).toEqual([]);
  });

  it('stores a snapshot, not the live span: later changes do not leak into a written record', async () => {
    const { tracer, writer, writes } = setup({ flushIntervalMs: 60_000 });
    const span = tracer.startSpan('chat', { kind: 'llm', attributes: { a: 1 } });
    await writer.flush();
    span.setAttribute('a', 2);
    expect(writes[0].spans[0].attributes.a).toBe(1);
  });

  it('flushes without waiting for the timer when the batch is large, in batches of maxBatch', async () => {
    const { tracer, writes } = setup({ flushIntervalMs: 60_000, maxBatch: 10 });
    for (let i = 0; i < 25; i++) tracer.startSpan(`s${i}`).end();
    await tick(10);
    expect(writes.map((w) => w.spans.length)).toEqual([10, 10, 5]);
    expect(writes.flatMap((w) => w.spans.map((s) => s.name))).toEqual(Array.from({ length: 25 }, (_, i) => `s${i}`));
  });

  it('never makes recording wait for a slow write, and loses nothing recorded meanwhile', async () => {
    const tracer = new Tracer();
    const written: string[] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const writer = new BatchWriter({
      tracer,
      totals: new SessionTotals(tracer.sessionId),
      write: async (batch) => {
        calls++;
        if (calls === 1) await firstWrite;
        written.push(...batch.ended.map((s) => s.name));
      },
      ready: Promise.resolve(),
      flushIntervalMs: 1,
      maxBatch: 100,
      page: () => PAGE,
    });
    tracer.startSpan('before').end();
    await tick(10);
    expect(calls).toBe(1); // the first write is hanging
    for (let i = 0; i < 5; i++) tracer.startSpan(`during${i}`).end();
    expect(writer.pending).toBe(5);
    release();
    await writer.flush();
    expect(written).toEqual(['before', 'during0', 'during1', 'during2', 'during3', 'during4']);
  });

  it('holds batches until the target is ready', async () => {
    let markReady!: () => void;
    const { tracer, writer, writes } = setup({ ready: new Promise<void>((resolve) => (markReady = resolve)) });
    tracer.startSpan('early').end();
    await tick(40);
    expect(writes).toHaveLength(0);
    markReady();
    await writer.flush();
    expect(writes.flatMap((w) => w.spans.map((s) => s.name))).toEqual(['early']);
  });

  it('reports a failing write to the tracer and keeps going', async () => {
    const tracer = new Tracer();
    let fail = true;
    const names: string[] = [];
    const writer = new BatchWriter({
      tracer,
      totals: new SessionTotals(tracer.sessionId),
      write: async (batch) => {
        if (fail) throw new Error('disk on fire');
        names.push(...batch.ended.map((s) => s.name));
      },
      ready: Promise.resolve(),
      flushIntervalMs: 60_000,
      maxBatch: 100,
      page: () => PAGE,
    });
    tracer.startSpan('lost').end();
    await writer.flush();
    expect(tracer.errors.map((e) => e.message)).toEqual(['disk on fire']);
    fail = false;
    tracer.startSpan('kept').end();
    await writer.flush();
    expect(names).toEqual(['kept']);
  });

  it('stops listening after stop()', async () => {
    const { tracer, writer, writes } = setup();
    writer.stop();
    tracer.startSpan('after').end();
    await writer.flush();
    expect(writes).toHaveLength(0);
  });
});

describe('SessionTotals', () => {
  it('adds tokens, cost and errors when spans end, and counts open spans', () => {
    const tracer = new Tracer();
    const totals = new SessionTotals(tracer.sessionId);
    tracer.subscribe((type, span) => totals.observe(type, span));
    const a = tracer.startSpan('a', { kind: 'llm', attributes: { 'gen_ai.usage.input_tokens': 10 } });
    const b = tracer.startSpan('b', { kind: 'llm' });
    expect(totals.summary(PAGE, 0)).toMatchObject({ spanCount: 2, openSpans: 2, inputTokens: 0 });
    a.setAttributes({ 'gen_ai.usage.output_tokens': 5, 'spanlens.cost.usd': 0.5 });
    a.end();
    b.setStatus('error', 'x');
    b.setAttribute('gen_ai.usage.input_tokens', 3);
    b.end();
    expect(totals.summary(PAGE, 0)).toMatchObject({
      spanCount: 2,
      openSpans: 0,
      errorCount: 1,
      inputTokens: 13,
      outputTokens: 5,
      costUsd: 0.5,
    });
  });
});
