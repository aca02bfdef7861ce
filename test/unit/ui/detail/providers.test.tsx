// @vitest-environment happy-dom
/**
 * What the fetch instrumentation records for real provider payloads is what the details pane
 * shows: request and response bodies go through the provider parsers and record.ts into a live
 * span, which is then rendered.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { Tracer } from '../../../../src/core/tracer';
import { anthropicMessages, openaiChat, type ApiFormat } from '../../../../src/instrument/providers/detect';
import { recordOutcome, recordRequest } from '../../../../src/instrument/llm-attributes';
import { SpanDetail } from '../../../../src/ui/detail/SpanDetail';

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
});

function show(format: ApiFormat, request: unknown, response: unknown): HTMLElement {
  const tracer = new Tracer();
  const span = tracer.startSpan('chat', { kind: 'llm' });
  recordRequest(span, format.parseRequest(request), true);
  recordOutcome(span, format.parseResponse(response), true, {});
  span.end();
  container = document.createElement('div');
  document.body.appendChild(container);
  act(() => render(<SpanDetail span={span} now={span.endTime!} />, container!));
  return container.querySelector('[data-section="conversation"]')!;
}

const roles = (root: Element) => [...root.querySelectorAll('.sl-d-role')].map((r) => r.textContent!.split(' ')[0]);

describe('recorded provider payloads', () => {
  it('OpenAI chat: system, image, tool call and result, answer', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUg'.repeat(200);
    const conversation = show(
      openaiChat,
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'describe', arguments: '{"detail":"high"}' } }] },
          { role: 'tool', tool_call_id: 'call_9', content: 'a cat' },
        ],
        tools: [{ type: 'function', function: { name: 'describe', parameters: { type: 'object' } } }],
      },
      { id: 'r1', model: 'gpt-4o-2024-08-06', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'A cat.' } }], usage: { prompt_tokens: 10, completion_tokens: 2 } },
    );
    expect(roles(conversation)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(conversation.textContent).toContain('What is in the picture?');
    expect(conversation.querySelector('.sl-d-bin')!.textContent).toMatch(/^image/);
    expect(conversation.textContent).not.toContain(png.slice(0, 40));
    expect(conversation.textContent).toContain('describe');
    expect(conversation.textContent).toContain('detail: "high"');
    expect(conversation.textContent).toContain('a cat');
    expect(conversation.textContent).toContain('A cat.');
    expect(conversation.textContent).toContain('tools offered');
  });

  it('Anthropic messages: system instructions, tool_use, tool_result', () => {
    const conversation = show(
      anthropicMessages,
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        system: 'You are a calculator.',
        messages: [
          { role: 'user', content: 'What is 6*7?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'multiply', input: { a: 6, b: 7 } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '42' }] },
        ],
      },
      { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'It is 42.' }], stop_reason: 'end_turn', usage: { input_tokens: 20, output_tokens: 5 } },
    );
    expect(roles(conversation)[0]).toBe('system');
    expect(conversation.querySelector('.sl-d-role-system .sl-d-role')!.getAttribute('aria-expanded')).toBe('false');
    expect(conversation.textContent).toContain('You are a calculator.'); // in the collapsed preview
    expect(conversation.textContent).toContain('multiply');
    expect(conversation.textContent).toContain('toolu_1');
    expect(conversation.textContent).toContain('42');
    expect(conversation.textContent).toContain('It is 42.');
  });
});
