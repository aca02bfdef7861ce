// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TRUNCATION_MARKER } from '../../../../src/core/attributes';
import * as sem from '../../../../src/core/semconv';
import type { SpanData } from '../../../../src/core/span';
import { SpanDetail, type SpanDetailProps } from '../../../../src/ui/detail/SpanDetail';

const T0 = 1_700_000_000_000;
let nextId = 1;

function makeSpan(overrides: Partial<SpanData> = {}): SpanData {
  const id = (nextId++).toString(16).padStart(16, '0');
  return {
    traceId: 'a'.repeat(32),
    spanId: id,
    name: 'chat gpt-4o',
    kind: 'llm',
    startTime: T0,
    endTime: T0 + 1234,
    status: { code: 'ok' },
    attributes: {},
    events: [],
    sessionId: 's1',
    ...overrides,
  };
}

let container: HTMLElement;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
});

function mount(props: Partial<SpanDetailProps> & { span: SpanData }): HTMLElement {
  container = document.createElement('div');
  document.body.appendChild(container);
  act(() => render(<SpanDetail now={T0 + 5000} {...props} />, container));
  return container;
}

function click(el: Element | null | undefined) {
  if (!el) throw new Error('element to click not found');
  act(() => (el as HTMLElement).click());
}

/** The button whose text contains `text`, inside `root`. */
function button(root: Element, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent!.includes(text));
  if (!found) throw new Error(`no button with "${text}" in: ${root.textContent}`);
  return found;
}

function section(root: Element, id: string): Element {
  const el = root.querySelector(`[data-section="${id}"]`);
  if (!el) throw new Error(`no section ${id}`);
  return el;
}

/** The value cell next to a label in the overview grid. */
function overviewValue(root: Element, label: string): string | undefined {
  const dts = [...section(root, 'overview').querySelectorAll('dt')];
  return dts.find((dt) => dt.textContent === label)?.nextElementSibling?.textContent ?? undefined;
}

const json = (v: unknown) => JSON.stringify(v);

describe('overview', () => {
  it('shows status, duration, first token, model, finish, tokens, cost, provider, operation', () => {
    const span = makeSpan({
      status: { code: 'error', message: 'rate limited' },
      attributes: {
        [sem.GEN_AI_REQUEST_MODEL]: 'gpt-4o',
        [sem.GEN_AI_RESPONSE_MODEL]: 'gpt-4o-2024-08-06',
        [sem.GEN_AI_PROVIDER_NAME]: 'openai',
        [sem.GEN_AI_OPERATION_NAME]: 'chat',
        [sem.GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
        [sem.GEN_AI_USAGE_INPUT_TOKENS]: 1500,
        [sem.GEN_AI_USAGE_OUTPUT_TOKENS]: 42,
        [sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1024,
        [sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 7,
        [sem.SPANLENS_COST_USD]: 0.0123,
        [sem.GEN_AI_REQUEST_TEMPERATURE]: 0.2,
        [sem.GEN_AI_REQUEST_MAX_TOKENS]: 2048,
      },
      events: [{ name: sem.EVENT_FIRST_TOKEN, time: T0 + 250 }],
    });
    const root = mount({ span });
    expect(overviewValue(root, 'Status')).toBe('error – rate limited');
    expect(overviewValue(root, 'Duration')).toBe('1.23 s');
    expect(overviewValue(root, 'First token')).toBe('250 ms');
    expect(overviewValue(root, 'Model')).toBe('gpt-4o → gpt-4o-2024-08-06');
    expect(overviewValue(root, 'Provider')).toBe('openai');
    expect(overviewValue(root, 'Operation')).toBe('chat');
    expect(overviewValue(root, 'Finish')).toBe('stop');
    expect(overviewValue(root, 'Tokens')).toBe('in 1,500 · out 42 · cached 1,024 · reasoning 7');
    expect(overviewValue(root, 'Cost')).toBe('$0.012');
    expect(overviewValue(root, 'Request')).toBe('temperature 0.2 · max_tokens 2,048');
  });

  it('shows the running duration of an open span, ticking with now', () => {
    const span = makeSpan({ endTime: undefined, status: { code: 'unset' } });
    const root = mount({ span, now: T0 + 3500 });
    expect(overviewValue(root, 'Status')).toBe('running');
    expect(overviewValue(root, 'Duration')).toBe('3.50 s …');
    act(() => render(<SpanDetail span={span} now={T0 + 4250} />, container));
    expect(overviewValue(root, 'Duration')).toBe('4.25 s …');
  });

  it('links to the parent span', () => {
    const parent = makeSpan({ name: 'turn', kind: 'chain' });
    const span = makeSpan({ parentSpanId: parent.spanId });
    const onSelect = vi.fn();
    const root = mount({ span, spans: new Map([[parent.spanId, parent]]), onSelect });
    click(button(section(root, 'overview'), 'turn'));
    expect(onSelect).toHaveBeenCalledWith(parent.spanId);
  });
});

describe('conversation', () => {
  const input = [
    { role: 'system', parts: [{ type: 'text', content: 'You are a weather bot.' }] },
    { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { temp: 21 } }] },
  ];
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: 'It is 21 °C.' }], finish_reason: 'stop' }];

  it('renders messages by role with tool calls and results inside their turn', () => {
    const span = makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: json(input), [sem.GEN_AI_OUTPUT_MESSAGES]: json(output) } });
    const root = mount({ span });
    const messages = [...root.querySelectorAll('.sl-d-msg')];
    expect(messages.map((m) => m.querySelector('.sl-d-role')!.textContent!.split(' ')[0])).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(messages[1]!.textContent).toContain('Weather in Paris?');
    const call = messages[2]!.querySelector('.sl-d-call')!;
    expect(call.textContent).toContain('get_weather');
    expect(call.textContent).toContain('call_1');
    expect(call.textContent).toContain('city: "Paris"');
    expect(messages[3]!.querySelector('.sl-d-call')!.textContent).toContain('temp: 21');
    expect(messages[4]!.textContent).toContain('It is 21 °C.');
    expect(messages[4]!.textContent).toContain('finish: stop');
  });

  it('lists the tools offered to the model as a tree', () => {
    const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }, { type: 'function', name: 'search' }];
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_TOOL_DEFINITIONS]: json(tools), [sem.GEN_AI_INPUT_MESSAGES]: json(input.slice(1, 2)) } }) });
    const offered = section(root, 'conversation').querySelector('.sl-d-call')!;
    expect(offered.textContent).toContain('tools offered');
    expect(offered.textContent).toContain('[2]');
    click(button(offered, '0:'));
    expect(offered.textContent).toContain('name: "get_weather"');
  });

  it('copies the text of one message', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_OUTPUT_MESSAGES]: json(output) } }) });
    const copy = root.querySelector('.sl-d-msg .sl-d-copy') as HTMLButtonElement;
    copy.click();
    expect(writeText).toHaveBeenCalledWith('It is 21 °C.');
    await vi.waitFor(() => expect(copy.textContent).toBe('copied'));
  });

  it('keeps the system prompt collapsed until opened', () => {
    const span = makeSpan({
      attributes: {
        [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: json([{ type: 'text', content: 'Secret house rules' }]),
        [sem.GEN_AI_INPUT_MESSAGES]: json(input.slice(0, 2)),
      },
    });
    const root = mount({ span });
    const systems = root.querySelectorAll('.sl-d-role-system');
    expect(systems).toHaveLength(2);
    const toggle = systems[0]!.querySelector('button')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(systems[0]!.querySelector('.sl-d-pre')).toBeNull();
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(systems[0]!.querySelector('.sl-d-pre')!.textContent).toBe('Secret house rules');
  });

  it('reads OpenAI-style {role, content, tool_calls} and tool messages', () => {
    const openai = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c9', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
      { role: 'tool', tool_call_id: 'c9', content: 'found x' },
    ];
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: json(openai) } }) });
    const calls = root.querySelectorAll('.sl-d-call');
    expect(calls[0]!.textContent).toContain('lookup');
    expect(calls[0]!.textContent).toContain('q: "x"');
    expect(calls[1]!.textContent).toContain('c9');
    expect(calls[1]!.textContent).toContain('found x');
  });

  it('reads Gemini-style parts: text, functionCall, functionResponse, inlineData', () => {
    const gemini = [
      { role: 'user', parts: [{ text: 'describe' }, { inlineData: { mimeType: 'audio/wav', data: 'UklGR'.repeat(40) } }] },
      { role: 'model', parts: [{ functionCall: { name: 'search', args: { q: 'cats' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'search', response: { hits: 3 } } }] },
    ];
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: json(gemini) } }) });
    const conversation = section(root, 'conversation');
    expect(conversation.textContent).toContain('describe');
    expect(conversation.querySelector('.sl-d-bin')!.textContent).toBe('audio/wav · 150 B');
    const calls = conversation.querySelectorAll('.sl-d-call');
    expect(calls[0]!.textContent).toContain('search');
    expect(calls[0]!.textContent).toContain('q: "cats"');
    expect(calls[1]!.textContent).toContain('hits: 3');
  });

  it('links a tool call to the tool span with the same call id, and the tool span back', () => {
    const llmSpan = makeSpan({ attributes: { [sem.GEN_AI_OUTPUT_MESSAGES]: json([input[2]]) } });
    const toolSpan = makeSpan({ name: 'execute_tool get_weather', kind: 'tool', attributes: { [sem.GEN_AI_TOOL_CALL_ID]: 'call_1' } });
    const other = makeSpan({ name: 'execute_tool other', kind: 'tool', attributes: { [sem.GEN_AI_TOOL_CALL_ID]: 'call_2' } });
    const spans = new Map([llmSpan, other, toolSpan].map((s) => [s.spanId, s]));
    const onSelect = vi.fn();
    const root = mount({ span: llmSpan, spans, onSelect });
    click(button(section(root, 'conversation'), 'execute_tool get_weather'));
    expect(onSelect).toHaveBeenCalledWith(toolSpan.spanId);

    act(() => render(<SpanDetail span={toolSpan} now={T0} spans={spans} onSelect={onSelect} />, container));
    click(button(section(root, 'tool'), 'chat gpt-4o'));
    expect(onSelect).toHaveBeenLastCalledWith(llmSpan.spanId);
  });

  it('turns a tool call into a link once its tool span starts (the session map grows in place)', () => {
    const llmSpan = makeSpan({ attributes: { [sem.GEN_AI_OUTPUT_MESSAGES]: json([input[2]]) } });
    const spans = new Map([[llmSpan.spanId, llmSpan]]);
    const root = mount({ span: llmSpan, spans, onSelect: () => {} });
    expect(section(root, 'conversation').querySelector('.sl-d-link')).toBeNull();
    const toolSpan = makeSpan({ name: 'execute_tool get_weather', kind: 'tool', endTime: undefined, attributes: { [sem.GEN_AI_TOOL_CALL_ID]: 'call_1' } });
    spans.set(toolSpan.spanId, toolSpan);
    act(() => render(<SpanDetail span={llmSpan} now={T0} spans={spans} onSelect={() => {}} />, container));
    expect(section(root, 'conversation').querySelector('.sl-d-link')!.textContent).toContain('execute_tool get_weather');
  });

  it('shows the raw string when the messages are not valid JSON, without crashing', () => {
    const broken = '[{"role":"user","parts":[{"type":"text","content":"cut here' + TRUNCATION_MARKER;
    const root = mount({
      span: makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: broken, [sem.SPANLENS_ORIGINAL_LENGTH_PREFIX + sem.GEN_AI_INPUT_MESSAGES]: 70_000, [sem.GEN_AI_OUTPUT_MESSAGES]: json(output) } }),
    });
    const conversation = section(root, 'conversation');
    expect(conversation.textContent).toContain('not a readable message list');
    expect(conversation.textContent).toContain('original 70,000 chars');
    expect(conversation.textContent).toContain('cut here');
    expect(conversation.textContent).toContain('It is 21 °C.');
  });

  it('grows live when the same span object gets more output', () => {
    const span = makeSpan({ endTime: undefined, attributes: { [sem.GEN_AI_OUTPUT_MESSAGES]: json([{ role: 'assistant', parts: [{ type: 'text', content: 'Hel' }] }]) } });
    const root = mount({ span });
    expect(section(root, 'conversation').textContent).toContain('streaming');
    span.attributes[sem.GEN_AI_OUTPUT_MESSAGES] = json([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello world' }] }]);
    act(() => render(<SpanDetail span={span} now={T0 + 100} />, container));
    expect(section(root, 'conversation').textContent).toContain('Hello world');
  });
});

describe('untrusted content', () => {
  const hostile = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '[click](javascript:alert(1)) <a href="javascript:alert(1)">x</a>'];

  it('renders markup in messages, tool results, attributes and names as inert text', () => {
    const text = hostile.join('\n');
    const span = makeSpan({
      name: hostile[0],
      status: { code: 'error', message: hostile[1] },
      attributes: {
        [sem.GEN_AI_INPUT_MESSAGES]: json([{ role: 'user', content: text }]),
        [sem.GEN_AI_OUTPUT_MESSAGES]: json([{ role: 'assistant', parts: [{ type: 'text', content: text }, { type: 'tool_call', id: 'x', name: hostile[1], arguments: { html: text } }] }]),
        [sem.GEN_AI_TOOL_CALL_RESULT]: text,
        'app.note': text,
      },
    });
    const root = mount({ span });
    for (const el of root.querySelectorAll('.sl-d-body [aria-expanded="false"]')) click(el);
    expect(root.querySelectorAll('img, script, a, iframe')).toHaveLength(0);
    for (const h of hostile) expect(root.textContent).toContain(h);
  });
});

describe('big payloads', () => {
  it('expands JSON trees lazily: children exist only once their node is opened', () => {
    const args = { outer: { inner: { deepest: 'treasure' } }, list: [1, 2, 3] };
    const root = mount({ span: makeSpan({ kind: 'tool', name: 'execute_tool t', attributes: { [sem.GEN_AI_TOOL_CALL_ARGUMENTS]: json(args) } }) });
    const tool = section(root, 'tool');
    const rows = () => tool.querySelectorAll('.sl-d-row').length;
    expect(rows()).toBe(3); // the root, outer and list
    const outer = button(tool, 'outer:');
    expect(outer.getAttribute('aria-expanded')).toBe('false');
    click(outer);
    expect(outer.getAttribute('aria-expanded')).toBe('true');
    expect(rows()).toBe(4);
    expect(tool.textContent).not.toContain('treasure');
    click(button(tool, 'inner:'));
    expect(tool.textContent).toContain('deepest: "treasure"');
  });

  it('shows the latest 50 messages of a long conversation and earlier ones on demand', () => {
    const messages = Array.from({ length: 120 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message #${i}.` }));
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: json(messages) } }) });
    const conversation = section(root, 'conversation');
    expect(conversation.querySelectorAll('.sl-d-msg')).toHaveLength(50);
    expect(conversation.textContent).toContain('message #70.');
    expect(conversation.textContent).not.toContain('message #69.');
    click(button(conversation, 'show 70 earlier messages'));
    expect(conversation.querySelectorAll('.sl-d-msg')).toHaveLength(120);
    expect(conversation.textContent).toContain('message #0.');
  });

  it('lists the first 100 events and the rest on demand', () => {
    const events = Array.from({ length: 130 }, (_, i) => ({ name: `retry-${i}`, time: T0 + i }));
    const root = mount({ span: makeSpan({ events }) });
    const list = section(root, 'events');
    expect(list.textContent).toContain('retry-99');
    expect(list.textContent).not.toContain('retry-100');
    click(button(list, 'show 30 more events'));
    expect(list.textContent).toContain('retry-129');
  });

  it('pages through huge arrays', () => {
    const big = Array.from({ length: 250 }, (_, i) => `item-${i}`);
    const root = mount({ span: makeSpan({ kind: 'tool', attributes: { [sem.GEN_AI_TOOL_CALL_RESULT]: json(big) } }) });
    const tool = section(root, 'tool');
    expect(tool.querySelectorAll('.sl-d-kids > .sl-d-row')).toHaveLength(100);
    click(button(tool, 'show 100 more'));
    expect(tool.querySelectorAll('.sl-d-kids > .sl-d-row')).toHaveLength(200);
    expect(tool.textContent).toContain('item-199');
    expect(tool.textContent).not.toContain('item-200');
  });

  it('clips long text with a "show all" button', () => {
    const long = 'start ' + 'x'.repeat(10_000) + ' the-end';
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_OUTPUT_MESSAGES]: json([{ role: 'assistant', content: long }]) } }) });
    const conversation = section(root, 'conversation');
    expect(conversation.textContent).toContain('start');
    expect(conversation.textContent).not.toContain('the-end');
    click(button(conversation, 'show all'));
    expect(conversation.textContent).toContain('the-end');
    expect(conversation.textContent).not.toContain('show all');
  });

  it('summarises base64 by type and size instead of inlining it', () => {
    const b64 = 'iVBORw0KGgo' + 'A'.repeat(40_000);
    const message = {
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${b64}` } },
      ],
    };
    const root = mount({
      span: makeSpan({
        attributes: {
          [sem.GEN_AI_INPUT_MESSAGES]: json([message, { role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: b64 }] }]),
          'app.inline': `before data:image/gif;base64,${b64} after`,
        },
      }),
    });
    for (const el of root.querySelectorAll('.sl-d-body [aria-expanded="false"]')) click(el);
    expect(root.textContent).not.toContain('AAAAAAAAAAAAAAAAAAAA');
    const labels = [...root.querySelectorAll('.sl-d-bin')].map((b) => b.textContent);
    expect(labels).toContain('image/png · 29.3 KB');
    expect(labels).toContain('image/jpeg · 29.3 KB');
    expect(labels).toContain('image/gif · 29.3 KB');
    expect(root.textContent).toContain('what is this?');
    expect(root.textContent).toContain('after');
  });

  it('shows the original length of values cut at capture', () => {
    const cut = 'y'.repeat(50) + TRUNCATION_MARKER;
    const root = mount({ span: makeSpan({ attributes: { 'app.big': cut, [sem.SPANLENS_ORIGINAL_LENGTH_PREFIX + 'app.big']: 123_456 } }) });
    const row = [...section(root, 'attributes').querySelectorAll('tr')].find((tr) => tr.querySelector('th')!.textContent === 'app.big')!;
    expect(row.textContent).toContain('original 123,456 chars');
  });
});

describe('other sections', () => {
  it('shows retrieval query and documents with ids and scores', () => {
    const docs = [{ id: 'doc-1', content: 'Paris is in France', score: 0.91 }, { id: 'doc-2', content: 'Lyon too', score: 0.5 }];
    const root = mount({ span: makeSpan({ kind: 'retriever', name: 'retrieve', attributes: { [sem.INPUT_VALUE]: 'where is paris', [sem.RETRIEVAL_DOCUMENTS]: json(docs) } }) });
    const documents = section(root, 'documents');
    expect(documents.querySelector('.sl-d-query')!.textContent).toContain('where is paris');
    const items = documents.querySelectorAll('.sl-d-doc');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('doc-1 · score 0.91');
    expect(items[0]!.textContent).toContain('Paris is in France');
  });

  it('lists exceptions with their stack trace', () => {
    const span = makeSpan({
      events: [{ name: 'exception', time: T0 + 10, attributes: { [sem.EXCEPTION_TYPE]: 'TypeError', [sem.EXCEPTION_MESSAGE]: 'boom', [sem.EXCEPTION_STACKTRACE]: 'TypeError: boom\n    at tool.js:3' } }],
    });
    const events = section(mount({ span }), 'events');
    expect(events.textContent).toContain('TypeError: boom');
    expect(events.querySelector('.sl-d-stack')!.textContent).toContain('at tool.js:3');
  });

  it('opens attribute JSON as a tree on demand', () => {
    const root = mount({ span: makeSpan({ attributes: { 'app.config': json({ retries: 3 }) } }) });
    const attrs = section(root, 'attributes');
    expect(attrs.querySelector('.sl-d-json')).toBeNull();
    click(button(attrs, 'tree'));
    expect(attrs.querySelector('.sl-d-json')!.textContent).toContain('retries: 3');
  });

  it('collapses a section by keyboard-reachable button and shows raw JSON on demand', () => {
    const span = makeSpan({ attributes: { 'app.k': 'v' } });
    const root = mount({ span });
    const raw = section(root, 'raw');
    const toggle = raw.querySelector('button')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    click(toggle);
    expect(raw.textContent).toContain(`"spanId": "${span.spanId}"`);
    click(toggle);
    expect(raw.querySelector('.sl-d-body')).toBeNull();
  });

  it('copies with navigator.clipboard and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const span = makeSpan();
    const root = mount({ span });
    const copy = button(root, 'copy id');
    copy.click();
    expect(writeText).toHaveBeenCalledWith(span.spanId);
    await vi.waitFor(() => expect(copy.textContent).toBe('copied'));
  });

  it('highlights search matches', () => {
    const root = mount({ span: makeSpan({ attributes: { 'app.text': 'find the needle here' } }), query: 'needle' });
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toContain('needle');
  });
});

describe('search', () => {
  it('opens the system prompt and JSON nodes that hold a match, and says when a clipped part has more', () => {
    const span = makeSpan({
      attributes: {
        [sem.GEN_AI_SYSTEM_INSTRUCTIONS]: 'Always mention the lighthouse.',
        [sem.GEN_AI_INPUT_MESSAGES]: json([{ role: 'system', content: 'Be brief.' }]),
        [sem.GEN_AI_TOOL_CALL_ARGUMENTS]: json({ a: { b: { note: 'near the lighthouse' } }, other: { x: 1 } }),
        'app.long': 'x '.repeat(1000) + 'lighthouse',
      },
    });
    const root = mount({ span, query: 'lighthouse' });
    const systems = root.querySelectorAll('.sl-d-role-system .sl-d-role');
    expect(systems[0]!.getAttribute('aria-expanded')).toBe('true');
    expect(systems[1]!.getAttribute('aria-expanded')).toBe('false');
    const tool = section(root, 'tool');
    expect(button(tool, 'a:').getAttribute('aria-expanded')).toBe('true');
    expect(button(tool, 'other:').getAttribute('aria-expanded')).toBe('false');
    expect(tool.querySelector('mark')!.textContent).toBe('lighthouse');
    expect(button(section(root, 'attributes'), 'show all').textContent).toContain('more matches');
  });
});

describe('robustness', () => {
  it('copies through a hidden textarea when navigator.clipboard is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    let copied: string | undefined;
    const execCommand = vi.fn(() => {
      copied = (document.activeElement as HTMLTextAreaElement | null)?.value ?? document.querySelector('textarea')?.value;
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    const span = makeSpan();
    const root = mount({ span });
    const copy = button(root, 'copy id');
    copy.click();
    await vi.waitFor(() => expect(copy.textContent).toBe('copied'));
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe(span.spanId);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('keeps a section that fails to render inside its own boundary', () => {
    // A span from a bad import: a status message that is not a string.
    const span = makeSpan({ status: { code: 'error', message: 42 as unknown as string }, attributes: { 'app.k': 'still here' } });
    const root = mount({ span });
    expect(section(root, 'overview').textContent).toContain('Could not show this section');
    expect(section(root, 'attributes').textContent).toContain('still here');
  });

  it('shows input and output values of other spans', () => {
    const root = mount({ span: makeSpan({ kind: 'chain', attributes: { [sem.INPUT_VALUE]: json({ question: 'why?' }), [sem.OUTPUT_VALUE]: 'because' } }) });
    const io = section(root, 'io');
    expect(io.textContent).toContain('question: "why?"');
    expect(io.textContent).toContain('because');
  });

  it('reads Anthropic content blocks: text, tool_use, tool_result, base64 image', () => {
    const messages = [
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'Ab1'.repeat(1000) } }, { type: 'text', text: 'look' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'tool_use', id: 'toolu_1', name: 'zoom', input: { level: 2 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'zoomed' }] },
    ];
    const root = mount({ span: makeSpan({ attributes: { [sem.GEN_AI_INPUT_MESSAGES]: json(messages) } }) });
    const conversation = section(root, 'conversation');
    expect(conversation.querySelector('.sl-d-bin')!.textContent).toBe('image/webp · 2.2 KB');
    expect(conversation.querySelector('.sl-d-reason')!.textContent).toBe('hmm');
    const calls = conversation.querySelectorAll('.sl-d-call');
    expect(calls[0]!.textContent).toContain('zoom');
    expect(calls[0]!.textContent).toContain('level: 2');
    expect(calls[1]!.textContent).toContain('toolu_1');
    expect(calls[1]!.textContent).toContain('zoomed');
  });
});

describe('hostile keys', () => {
  it('shows a __proto__ attribute as an ordinary row, and __proto__ keys inside a JSON tree', () => {
    const attributes = JSON.parse('{"__proto__": "from the file", "app.payload": "{\\"__proto__\\":{\\"x\\":1}}"}');
    const root = mount({ span: makeSpan({ attributes }) });
    const rows = [...section(root, 'attributes').querySelectorAll('tr')].map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]);
    expect(rows).toContainEqual(['__proto__', 'from the file']);
    expect(section(root, 'attributes').textContent).toContain('Attributes (2)');
    const payloadRow = [...section(root, 'attributes').querySelectorAll('tr')].find((tr) => tr.querySelector('th')!.textContent === 'app.payload')!;
    click(button(payloadRow, 'tree'));
    expect(payloadRow.textContent).toContain('__proto__');
  });
});
