// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PaintWatch, type PaintMark } from '../../../src/instrument/page/paint-watch';

const frame = () => new Promise((resolve) => setTimeout(resolve, 40));

function setup() {
  document.body.innerHTML = '<main id="chat"></main>';
  const marks: { spanId: string; mark: PaintMark; time: number }[] = [];
  const watch = new PaintWatch({ root: document.body, onMark: (spanId, mark, time) => marks.push({ spanId, mark, time }), giveUpMs: 300 });
  return { watch, marks, chat: document.getElementById('chat')! };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PaintWatch', () => {
  it('marks the first frame showing the answer start and the frame its last words appear, through markdown', async () => {
    const { watch, marks, chat } = setup();
    let output = '';
    watch.watch({ spanId: 'a', outputText: () => output });
    const bubble = document.createElement('div');
    chat.append(bubble);
    output = 'The **capital** of France';
    await frame();
    expect(marks).toEqual([]); // streamed but not yet shown
    bubble.innerHTML = '<p>The <strong>capital</strong> of France</p>';
    await frame();
    expect(marks.map((m) => m.mark)).toEqual(['first']);
    output = 'The **capital** of France is Paris.\n\nIt sits on the *Seine* river.';
    bubble.innerHTML = '<p>The <strong>capital</strong> of France is Paris.</p><p>It sits on the <em>Seine</em> river.</p>';
    await frame();
    const shownAt = performance.timeOrigin + performance.now();
    watch.ended('a');
    await frame();
    expect(marks.map((m) => m.mark)).toEqual(['first', 'last']);
    expect(marks[1].time).toBeLessThanOrEqual(shownAt);
    expect(marks[1].time).toBeGreaterThanOrEqual(marks[0].time);
    expect(watch.watching).toBe(0);
  });

  it('finds the last words when they are painted after the span ended', async () => {
    const { watch, marks, chat } = setup();
    const output = 'Hello there, how can I help you today?';
    watch.watch({ spanId: 'b', outputText: () => output });
    chat.textContent = 'Hello there, how';
    await frame();
    watch.ended('b');
    await frame();
    expect(marks.map((m) => m.mark)).toEqual(['first']);
    chat.textContent = output;
    await frame();
    expect(marks.map((m) => m.mark)).toEqual(['first', 'last']);
  });

  it('gives up on an answer the page never shows, and disconnects', async () => {
    const { watch, marks, chat } = setup();
    watch.watch({ spanId: 'c', outputText: () => 'never rendered anywhere at all' });
    chat.textContent = 'something else entirely';
    await frame();
    watch.ended('c');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(marks).toEqual([]);
    expect(watch.watching).toBe(0);
  });

  it('ignores spanlens own elements', async () => {
    document.body.innerHTML = '<div id="spanlens-host"></div>';
    const marks: string[] = [];
    const host = document.getElementById('spanlens-host')!;
    const watch = new PaintWatch({ root: document.body, onMark: (_id, mark) => marks.push(mark), ignore: (el) => host.contains(el) });
    watch.watch({ spanId: 'd', outputText: () => 'an answer shown only in the panel' });
    host.textContent = 'an answer shown only in the panel';
    await frame();
    expect(marks).toEqual([]);
    watch.stop();
  });
});
