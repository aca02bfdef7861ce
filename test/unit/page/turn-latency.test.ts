// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { watchTurnLatency } from '../../../src/instrument/page/turn-latency';

const frame = () => new Promise((resolve) => setTimeout(resolve, 40));
const output = (text: string) => JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text }] }]);

describe('watchTurnLatency', () => {
  it('marks first and last paint on the llm span, the last one after it ended, and a later annotation keeps both', async () => {
    document.body.innerHTML = '<button id="send">Send</button><div id="chat"></div>';
    const tracer = new Tracer();
    const annotated: SpanData[] = [];
    tracer.subscribe((type, span) => type === 'annotate' && annotated.push(span));
    const stop = watchTurnLatency({ tracer, root: document });
    document.getElementById('send')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const turn = tracer.startSpan('turn');
    const llm = tracer.startSpan('chat', { kind: 'llm', parent: turn });
    expect(turn.attributes['spanlens.turn.input.type']).toBe('click');
    llm.setAttribute('gen_ai.output.messages', output('Paris is the capital'));
    document.getElementById('chat')!.textContent = 'Paris is the capital';
    await frame();
    expect(llm.events.map((e) => e.name)).toContain('spanlens.page.first_paint');
    llm.setAttribute('gen_ai.output.messages', output('Paris is the capital of France, on the Seine.'));
    llm.end();
    turn.end();
    await frame();
    document.getElementById('chat')!.textContent = 'Paris is the capital of France, on the Seine.';
    await frame();
    const last = annotated.at(-1)!;
    expect(last.events.map((e) => e.name)).toEqual(expect.arrayContaining(['spanlens.page.first_paint', 'spanlens.page.last_paint']));
    const scored = tracer.annotate(llm, 'gen_ai.evaluation.result', { 'gen_ai.evaluation.name': 'helpful' });
    expect(scored.events.map((e) => e.name)).toEqual(expect.arrayContaining(['spanlens.page.last_paint', 'gen_ai.evaluation.result']));
    stop();
  });

  it('never sees typed characters: a key press is recorded as its kind', () => {
    document.body.innerHTML = '<input id="q">';
    const tracer = new Tracer();
    const stop = watchTurnLatency({ tracer, root: document });
    document.getElementById('q')!.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true }));
    const turn = tracer.startSpan('turn');
    expect(turn.attributes['spanlens.turn.input.key']).toBe('key');
    expect(JSON.stringify(turn.attributes)).not.toContain('"s"');
    stop();
  });
});
