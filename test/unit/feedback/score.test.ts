import { describe, expect, it } from 'vitest';
import { snapshotSpan, type SpanData } from '../../../src/core/span';
import { Tracer, type SpanEventType } from '../../../src/core/tracer';
import { checkScore, latestScores, readScores } from '../../../src/core/scores';
import { decodeOtlp, encodeOtlp } from '../../../src/export/otlp';
import { Feedback } from '../../../src/instrument/api/feedback';
import { openStore } from '../../../src/store';
import { storeOptions } from '../store/helpers';

function recording(tracer: Tracer) {
  const events: Array<{ type: SpanEventType; span: SpanData }> = [];
  tracer.subscribe((type, span) => events.push({ type, span: snapshotSpan(span) }));
  return events;
}

describe('checkScore', () => {
  it('refuses malformed scores with a message saying what is wrong', () => {
    expect(checkScore(null)).toMatchObject({ ok: false, error: expect.stringMatching(/object/) });
    expect(checkScore({ value: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/name/) });
    expect(checkScore({ name: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/value, a label or an explanation/) });
    expect(checkScore({ name: 'x', value: Number.NaN })).toMatchObject({ ok: false, error: expect.stringMatching(/finite/) });
    expect(checkScore({ name: 'x', label: 3 })).toMatchObject({ ok: false });
    expect(checkScore({ name: ' thumbs ', value: 1, extra: 'ignored' })).toEqual({ ok: true, score: { name: 'thumbs', value: 1 } });
  });
});

describe('Tracer.annotate', () => {
  it('adds the event to an open span as any event (no annotate event)', () => {
    const tracer = new Tracer();
    const events = recording(tracer);
    const span = tracer.startSpan('chat', { kind: 'llm' });
    const result = tracer.annotate(span, 'gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'thumbs', 'gen_ai.evaluation.score.value': 1 });
    expect(result).toBe(span);
    span.end();
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    expect(readScores(events[1].span)).toMatchObject([{ name: 'thumbs', value: 1 }]);
  });

  it('leaves an ended span as it was and emits an annotated read-only copy', () => {
    const tracer = new Tracer();
    const events = recording(tracer);
    const span = tracer.startSpan('chat', { kind: 'llm' });
    span.setAttribute('gen_ai.request.model', 'gpt-4o');
    span.end();
    const copy = tracer.annotate(span, 'gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'thumbs', 'gen_ai.evaluation.score.label': 'bad', bad: () => 1 });
    expect(copy).not.toBe(span);
    expect(span.events).toHaveLength(0);
    expect(events.map((e) => e.type)).toEqual(['start', 'end', 'annotate']);
    const annotated = events[2].span;
    expect(annotated).toMatchObject({ spanId: span.spanId, traceId: span.traceId, endTime: span.endTime, attributes: { 'gen_ai.request.model': 'gpt-4o' } });
    expect(annotated.events[0].attributes).toEqual({ 'gen_ai.evaluation.name': 'thumbs', 'gen_ai.evaluation.score.label': 'bad' });
    // The copy is ended: read-only like the original.
    (copy as typeof span).setAttribute('x', 1);
    expect(copy.attributes.x).toBeUndefined();
  });
});

describe('Feedback.score', () => {
  it('scores open, ended and stored spans of this session; the store keeps the latest state; OTLP carries it', async () => {
    const options = storeOptions();
    const store = await openStore(options);
    const tracer = options.tracer;
    const feedback = new Feedback(tracer, () => store);
    const open = tracer.startSpan('chat streaming', { kind: 'llm' });
    const ended = tracer.startSpan('chat done', { kind: 'llm' });
    ended.end();
    await store.flush();

    await feedback.score(open.spanId, { name: 'thumbs', value: 1 });
    await feedback.score(ended.spanId, { name: 'thumbs', value: 0, explanation: 'wrong city' });
    // A second score on the same ended span keeps the first (the feedback module knows the latest copy).
    await feedback.score(ended.spanId, { name: 'correct', label: 'no' });
    open.end();
    await store.flush();

    const spans = await store.loadSession(tracer.sessionId);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(spans).toHaveLength(2);
    expect(readScores(byName['chat streaming']).map((s) => s.name)).toEqual(['thumbs']);
    expect(readScores(byName['chat done']).map((s) => [s.name, s.value, s.label, s.explanation])).toEqual([
      ['thumbs', 0, undefined, 'wrong city'],
      ['correct', undefined, 'no', undefined],
    ]);
    // Totals are not counted twice for an annotated span.
    const [summary] = await store.listSessions();
    expect(summary.spanCount).toBe(2);

    // A fresh page load (no copies in memory) reads the stored state, and can score it again.
    store.close();
    const tracer2 = new Tracer();
    const store2 = await openStore({ ...storeOptions({ indexedDB: options.indexedDB }), tracer: tracer2 });
    const feedback2 = new Feedback(tracer2, () => store2);
    const earlier = (await store2.loadSession(tracer.sessionId)).find((s) => s.name === 'chat done')!;
    expect(readScores(earlier)).toHaveLength(2);
    await expect(feedback2.score(earlier.spanId, { name: 'x', value: 1 })).rejects.toThrow(/no span .* in this session/);
    await feedback2.score(earlier, { name: 'thumbs', value: 1 });
    await store2.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reread = (await store2.loadSession(tracer.sessionId)).find((s) => s.name === 'chat done')!;
    expect(latestScores(reread).find((s) => s.name === 'thumbs')?.value).toBe(1);
    expect(readScores(reread)).toHaveLength(3);

    // OTLP round trip: the events come back as scores, the value as a double.
    const otlp = encodeOtlp([reread]);
    const event = otlp.resourceSpans[0].scopeSpans[0].spans[0].events.find((e) => e.name === 'gen_ai.evaluation.result')!;
    expect(event.attributes).toContainEqual({ key: 'gen_ai.evaluation.score.value', value: { doubleValue: 0 } });
    expect(readScores(decodeOtlp(otlp)[0].spans[0])).toHaveLength(3);
    store2.close();
    feedback.dispose();
    feedback2.dispose();
  });

  it('rejects a malformed score or a missing span with a clear message', async () => {
    const tracer = new Tracer();
    const feedback = new Feedback(tracer, () => undefined);
    const span = tracer.startSpan('x');
    await expect(feedback.score(span.spanId, { name: '' })).rejects.toThrow(/spanlens.score: a score needs a name/);
    await expect(feedback.score('', { name: 'a', value: 1 })).rejects.toThrow(/pass a span id or a span/);
    await expect(feedback.score('ffffffffffffffff', { name: 'a', value: 1 })).rejects.toThrow(/no span ffffffffffffffff/);
  });
});

describe('links', () => {
  it('are kept by snapshots and round-trip through OTLP/JSON', () => {
    const tracer = new Tracer();
    const original = tracer.startSpan('chat', { kind: 'llm' });
    original.end();
    const replay = tracer.startSpan('chat', { kind: 'llm' });
    replay.addLink({ traceId: original.traceId, spanId: original.spanId, attributes: { 'spanlens.link.type': 'replay_of' } });
    replay.end();
    replay.addLink({ traceId: original.traceId, spanId: original.spanId });
    const data = snapshotSpan(replay);
    expect(data.links).toEqual([{ traceId: original.traceId, spanId: original.spanId, attributes: { 'spanlens.link.type': 'replay_of' } }]);
    const otlp = encodeOtlp([data]);
    expect(otlp.resourceSpans[0].scopeSpans[0].spans[0].links).toEqual([
      { traceId: original.traceId, spanId: original.spanId, attributes: [{ key: 'spanlens.link.type', value: { stringValue: 'replay_of' } }] },
    ]);
    expect(decodeOtlp(otlp)[0].spans[0].links).toEqual(data.links);
    expect(snapshotSpan(original).links).toBeUndefined();
  });
});
