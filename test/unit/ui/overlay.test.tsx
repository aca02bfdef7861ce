// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { GEN_AI_OUTPUT_MESSAGES } from '../../../src/core/semconv';
import type { SpanData } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { encodeOtlp } from '../../../src/export/otlp';
import type { SessionSummary, SpanStore, StoreState } from '../../../src/store/types';
import { ErrorBoundary } from '../../../src/ui/ErrorBoundary';
import { mountOverlay, type OverlayHandle } from '../../../src/ui/mount';
import { PREFS_KEY } from '../../../src/ui/prefs';
import { OverlayState } from '../../../src/ui/state';
import { importFile } from '../../../src/ui/transfer';
import { makeSpan } from './helpers';

/** Long enough for a frame (the live batch) and Preact's render after it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

let tracer: Tracer;
let handle: OverlayHandle | undefined;

const shadow = () => document.querySelector('spanlens-overlay')!.shadowRoot!;
const $ = (selector: string) => shadow().querySelector(selector) as HTMLElement | null;
const $$ = (selector: string) => [...shadow().querySelectorAll(selector)] as HTMLElement[];
const rowNames = () => $$('[role=treeitem] .sl-name').map((el) => el.textContent);
const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));
const hotkey = () => press(document.body, 'K', { code: 'KeyK', altKey: true, shiftKey: true });

function mount(options: Parameters<typeof mountOverlay>[0] = {}) {
  handle = mountOverlay({ tracer, ...options });
  return handle;
}

/** A chat turn: root → agent → (llm, tool that fails). */
function recordTurn() {
  const root = tracer.startSpan('chat turn', { kind: 'chain' });
  const agent = tracer.startSpan('invoke_agent planner', { kind: 'agent', parent: root });
  const llm = tracer.startSpan('chat gpt-4o', { kind: 'llm', parent: agent, attributes: { 'gen_ai.request.model': 'gpt-4o' } });
  llm.end();
  const tool = tracer.startSpan('execute_tool get_weather', { kind: 'tool', parent: agent });
  tool.setStatus('error', 'HTTP 503');
  tool.end();
  agent.end();
  root.end();
  return { root, agent, llm, tool };
}

beforeEach(() => {
  localStorage.clear();
  tracer = new Tracer();
});
afterEach(() => {
  handle?.unmount();
  handle = undefined;
});

describe('mounting', () => {
  it('puts one zero-size fixed host with an open shadow root into the page, and removes it on unmount', () => {
    mount();
    const host = document.querySelector('spanlens-overlay') as HTMLElement;
    expect(host.shadowRoot).toBeTruthy();
    expect(host.style.getPropertyValue('position')).toBe('fixed');
    expect(host.style.getPropertyPriority('position')).toBe('important');
    expect(host.style.getPropertyValue('width')).toBe('0px');
    expect($('.sl-launcher')).toBeTruthy();
    handle!.unmount();
    expect(document.querySelector('spanlens-overlay')).toBeNull();
    // The hotkey listener is gone with it.
    expect(() => hotkey()).not.toThrow();
    expect(document.querySelector('spanlens-overlay')).toBeNull();
  });

  it('leaves no listener on window or document behind after unmount', async () => {
    const live = new Map<string, number>();
    const targets = [window, document] as const;
    const originals = targets.map((t) => [t.addEventListener, t.removeEventListener] as const);
    targets.forEach((target, i) => {
      target.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
        live.set(type, (live.get(type) ?? 0) + 1);
        return (originals[i][0] as (...a: unknown[]) => void).call(this, type, ...rest);
      } as typeof target.addEventListener;
      target.removeEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
        live.set(type, (live.get(type) ?? 0) - 1);
        return (originals[i][1] as (...a: unknown[]) => void).call(this, type, ...rest);
      } as typeof target.removeEventListener;
    });
    try {
      mount({ open: true });
      tracer.startSpan('x').end();
      await settle();
      expect(live.get('keydown')).toBe(1);
      expect(live.get('resize')).toBe(1);
      handle!.unmount();
      handle = undefined;
      expect([...live].filter(([, n]) => n !== 0)).toEqual([]);
    } finally {
      targets.forEach((target, i) => {
        target.addEventListener = originals[i][0];
        target.removeEventListener = originals[i][1];
      });
    }
  });

  it('toggles with the hotkey, closes with Escape, and the handle reports it', async () => {
    mount();
    hotkey();
    await settle();
    expect(handle!.isOpen()).toBe(true);
    expect($('.sl-panel')).toBeTruthy();
    expect($('.sl-launcher')).toBeNull();
    press($('.sl-tbody')!, 'Escape');
    await settle();
    expect(handle!.isOpen()).toBe(false);
    expect($('.sl-panel')).toBeNull();
    handle!.toggle();
    await settle();
    expect($('.sl-panel')).toBeTruthy();
    hotkey();
    await settle();
    expect($('.sl-panel')).toBeNull();
  });

  it('uses a configured hotkey instead of the default', async () => {
    mount({ hotkey: 'Ctrl+Shift+Y' });
    hotkey();
    await settle();
    expect(handle!.isOpen()).toBe(false);
    press(document.body, 'Y', { code: 'KeyY', ctrlKey: true, shiftKey: true });
    await settle();
    expect(handle!.isOpen()).toBe(true);
  });
});

describe('live spans', () => {
  it('shows spans as they start, nested, with errors and their ancestors flagged', async () => {
    mount({ open: true });
    const running = tracer.startSpan('chat turn', { kind: 'chain' });
    await settle();
    expect(rowNames()).toEqual(['chat turn']);
    expect($('.sl-st-open')).toBeTruthy();
    running.end();
    recordTurn();
    await settle();
    expect(rowNames()).toEqual(['chat turn', 'invoke_agent planner', 'chat gpt-4o', 'execute_tool get_weather', 'chat turn']);
    const rows = $$('[role=treeitem]');
    expect(rows.map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '3', '3', '1']);
    expect(rows.map((r) => `${r.getAttribute('aria-posinset')}/${r.getAttribute('aria-setsize')}`)).toEqual(['1/2', '1/1', '1/2', '2/2', '2/2']);
    expect(rows[3].classList.contains('sl-row-error')).toBe(true);
    // Its agent and root show that something below failed.
    expect(rows[1].querySelector('.sl-st-below')).toBeTruthy();
    expect(rows[0].querySelector('.sl-st-below')).toBeTruthy();
    expect(rows[4].querySelector('.sl-st-below')).toBeNull();
  });

  it('applies any number of span events as one batch per frame', async () => {
    const state = new OverlayState(tracer);
    const before = state.sessions.revision.value;
    const root = tracer.startSpan('root');
    for (let i = 0; i < 50; i++) {
      const child = tracer.startSpan(`child ${i}`, { parent: root });
      child.setAttribute('n', i);
      child.end();
    }
    await settle();
    expect(state.sessions.revision.value).toBe(before + 1);
    expect(state.sessions.liveView.index.size).toBe(51);
    state.dispose();
  });

  it('applies a streaming span\'s updates at most every 100 ms, but shows spans that start or end at the next frame', async () => {
    const state = new OverlayState(tracer);
    const stream = tracer.startSpan('chat gpt-4o', { kind: 'llm' });
    await settle();
    const shown = () => state.sessions.liveView.index.spans.get(stream.spanId)!;
    // Right after a frame: a new span is not held back, and the pending update goes with it.
    stream.setAttribute('n', 1);
    const other = tracer.startSpan('execute_tool search', { kind: 'tool' });
    await settle();
    expect(state.sessions.liveView.index.spans.has(other.spanId)).toBe(true);
    expect(shown().attributes.n).toBe(1);
    // An update alone waits until 100 ms after the last batch (timers run in due order).
    const revision = state.sessions.revision.value;
    stream.setAttribute('n', 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.sessions.revision.value).toBe(revision);
    expect(shown().attributes.n).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(shown().attributes.n).toBe(2);
    state.dispose();
  });

  it('keeps the rows in view in place when a new turn arrives above them', async () => {
    mount({ open: true });
    for (let i = 0; i < 60; i++) tracer.startSpan(`turn ${i}`, { startTime: 1000 + i }).end(1001 + i);
    await settle();
    const body = $('.sl-tbody')!;
    body.scrollTop = 22 * 10;
    body.dispatchEvent(new Event('scroll'));
    await settle();
    tracer.startSpan('newest', { startTime: 5000 }).end(5001);
    await settle();
    // One row was inserted above: the view moved down by one row, so `turn 49` is still on top.
    expect(body.scrollTop).toBe(22 * 11);
  });

  it('shows spans in flight and errors as launcher badges', async () => {
    mount();
    tracer.startSpan('a');
    tracer.startSpan('b');
    const failed = tracer.startSpan('c');
    failed.setStatus('error', 'x');
    failed.end();
    await settle();
    expect($('.sl-badge-run')!.textContent).toBe('2');
    expect($('.sl-badge-err')!.textContent).toBe('1');
  });
});

describe('keyboard', () => {
  it('moves with arrows, collapses and expands, opens details with Enter, focuses search with /', async () => {
    mount({ open: true });
    recordTurn();
    await settle();
    const tree = $('[role=tree]')!;
    const active = () => shadow().getElementById(tree.getAttribute('aria-activedescendant') ?? '')?.querySelector('.sl-name')?.textContent;
    press(tree, 'ArrowDown');
    await settle();
    expect(active()).toBe('chat turn');
    press(tree, 'ArrowDown');
    await settle();
    expect(active()).toBe('invoke_agent planner');
    press(tree, 'ArrowLeft'); // collapse the agent
    await settle();
    expect(rowNames()).toEqual(['chat turn', 'invoke_agent planner']);
    expect($$('[role=treeitem]')[1].getAttribute('aria-expanded')).toBe('false');
    press(tree, 'ArrowRight'); // expand again
    await settle();
    press(tree, 'ArrowRight'); // into the first child
    await settle();
    expect(active()).toBe('chat gpt-4o');
    press(tree, 'ArrowLeft'); // a leaf: to its parent
    await settle();
    expect(active()).toBe('invoke_agent planner');
    press(tree, 'End');
    press(tree, 'Enter');
    await settle();
    expect($('.sl-detail')).toBeTruthy();
    expect($$('[role=treeitem][aria-selected=true] .sl-name').map((e) => e.textContent)).toEqual(['execute_tool get_weather']);
    press(tree, '/');
    await settle();
    expect(shadow().activeElement).toBe($('input[type=search]'));
  });
});

describe('search and filters', () => {
  it('narrows the tree to matches with their ancestors and highlights the match', async () => {
    mount({ open: true });
    recordTurn();
    await settle();
    const search = $('input[type=search]') as HTMLInputElement;
    search.value = 'WEATHER';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(rowNames()).toEqual(['chat turn', 'invoke_agent planner', 'execute_tool get_weather']);
    expect($$('mark').map((m) => m.textContent)).toEqual(['weather']);
    expect($$('.sl-row-context').length).toBe(2);
    search.value = '';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    const kind = $('select[aria-label="Filter by kind"]') as HTMLSelectElement;
    kind.value = 'llm';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(rowNames()).toEqual(['chat turn', 'invoke_agent planner', 'chat gpt-4o']);
    kind.value = '';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    const errors = $('.sl-check input') as HTMLInputElement;
    errors.checked = true;
    errors.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(rowNames()).toEqual(['chat turn', 'invoke_agent planner', 'execute_tool get_weather']);
  });

  it('offers the models seen as a filter', async () => {
    mount({ open: true });
    recordTurn();
    await settle();
    const options = $$('select[aria-label="Filter by model"] option').map((o) => o.textContent);
    expect(options).toEqual(['All models', 'gpt-4o']);
  });
});

describe('hostile content', () => {
  it('renders markup in names and model output as inert text', async () => {
    (window as unknown as { pwned?: boolean }).pwned = false;
    mount({ open: true });
    const evil = '<img src=x onerror="window.pwned=true"><script>window.pwned=true</script>';
    const span = tracer.startSpan(evil, {
      kind: 'llm',
      attributes: {
        'gen_ai.request.model': '<b>model</b>',
        [GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: `${evil} [click](javascript:window.pwned=true)` }] },
        ]),
      },
    });
    span.end();
    await settle();
    $('[role=treeitem]')!.click();
    await settle();
    const root = shadow();
    expect(root.querySelectorAll('img, script, b').length).toBe(0);
    for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    expect($('.sl-name')!.textContent).toBe(evil);
    expect(root.textContent).toContain('javascript:window.pwned=true');
    expect((window as unknown as { pwned?: boolean }).pwned).toBe(false);
  });
});

describe('persistence', () => {
  it('restores open state, dock, tab and theme after a remount (a reload)', async () => {
    mount();
    handle!.open();
    await settle();
    ($('[aria-label="Dock to right"]') as HTMLButtonElement).click();
    await settle();
    const themeButton = () => $('.sl-bar [aria-label^="Theme"]') as HTMLButtonElement;
    themeButton().click(); // auto → light
    await settle();
    themeButton().click(); // light → dark
    await settle();
    ($$('[role=tab]')[1] as HTMLButtonElement).click();
    await settle();
    handle!.unmount();
    const stored = JSON.parse(localStorage.getItem(PREFS_KEY)!);
    expect(stored).toMatchObject({ open: true, dock: 'right', tab: 'sessions', theme: 'dark' });
    mount();
    await settle();
    expect(handle!.isOpen()).toBe(true);
    expect($('.sl-panel')!.classList.contains('sl-dock-right')).toBe(true);
    expect($('[role=tab][aria-selected=true]')!.textContent).toBe('Sessions');
    expect($('.sl')!.dataset.theme).toBe('dark');
  });

  it('resizes the docked panel from the keyboard', async () => {
    mount({ open: true });
    await settle();
    const handleEl = $('.sl-resize')!;
    const before = Number(handleEl.getAttribute('aria-valuenow'));
    press(handleEl, 'ArrowUp');
    await settle();
    expect(Number($('.sl-resize')!.getAttribute('aria-valuenow'))).toBe(before + 16);
  });
});

describe('notices and failures', () => {
  it('shows spanlens internal errors and notify() messages in the panel', async () => {
    tracer.reportError('early', new Error('before mount'));
    mount({ open: true });
    tracer.reportError('sink', new Error('disk on fire'));
    handle!.notify('hello from the app', 'warn');
    await settle();
    expect($('.sl-notices')!.textContent).toContain('hello from the app');
    ($('.sl-notice-more .sl-link') as HTMLButtonElement).click();
    await settle();
    const text = $('.sl-notices')!.textContent!;
    expect(text).toContain('before mount');
    expect(text).toContain('disk on fire');
  });

  it('catches a render error in a boundary with a restart button', async () => {
    let fail = true;
    const errors: unknown[] = [];
    function Fragile() {
      if (fail) throw new Error('render exploded');
      return <p class="ok">fine again</p>;
    }
    const container = document.createElement('div');
    document.body.appendChild(container);
    render(
      <ErrorBoundary onError={(e) => errors.push(e)}>
        <Fragile />
      </ErrorBoundary>,
      container,
    );
    await settle();
    expect(container.textContent).toContain('render exploded');
    expect(errors.length).toBe(1);
    fail = false;
    (container.querySelector('button') as HTMLButtonElement).click();
    await settle();
    expect(container.querySelector('.ok')!.textContent).toBe('fine again');
    render(null, container);
    container.remove();
  });
});

/** The smallest SpanStore: sessions in a Map. */
function fakeStore(sessionId: string, state: StoreState = { mode: 'persistent', skippedRecords: 0 }) {
  const sessions = new Map<string, { summary: SessionSummary; spans: SpanData[] }>();
  const store: SpanStore & { sessions: typeof sessions } = {
    sessions,
    sessionId,
    state: () => state,
    onStateChange: () => () => {},
    listSessions: async () => [...sessions.values()].map((s) => s.summary),
    loadSession: async (id, onPage) => {
      const spans = sessions.get(id)?.spans ?? [];
      onPage?.(spans);
      return spans;
    },
    deleteSession: async (id) => void sessions.delete(id),
    deleteAll: async () => sessions.clear(),
    importSession: async (summary, spans) => {
      const base = { started: 0, lastSeen: 0, url: '', title: '', userAgent: '', spanCount: spans.length, errorCount: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      // Like the real store: an import is marked so, whatever the file says.
      sessions.set(summary.id, { summary: { ...base, ...summary, imported: true }, spans });
      return summary.id;
    },
    watch: (listener) => tracer.subscribe(listener),
    flush: async () => {},
    close: () => {},
  };
  return store;
}

describe('sessions, import and export', () => {
  it('says when the store is memory-only, and why', async () => {
    mount({ open: true, store: fakeStore(tracer.sessionId, { mode: 'memory', reason: 'IndexedDB blocked', skippedRecords: 3 }) });
    await settle();
    expect($('.sl-notices')!.textContent).toContain('memory-only: IndexedDB blocked');
    expect($('.sl-notices')!.textContent).toContain('3 stored records could not be read');
  });

  it('lists stored sessions with totals, opens one read-only, deletes one', async () => {
    const store = fakeStore(tracer.sessionId);
    await store.importSession({ id: 'older', title: 'Older page', spanCount: 2, costUsd: 0.5 }, [
      makeSpan('r', { name: 'stored root' }),
      makeSpan('c', { parent: 'r', start: 1, end: null, name: 'stored child' }),
    ]);
    mount({ open: true, store });
    await settle();
    ($$('[role=tab]')[1] as HTMLButtonElement).click();
    await settle();
    const rows = $$('.sl-table tbody tr');
    expect(rows.length).toBe(2);
    expect(rows[1].textContent).toContain('Older page');
    expect(rows[1].textContent).toContain('$0.500');
    (rows[1].querySelector('.sl-btn') as HTMLButtonElement).click();
    await settle();
    expect($('.sl-viewing')!.textContent).toContain('read-only');
    expect(rowNames()).toEqual(['stored root', 'stored child']);
    // Its page is gone: an open span there is unfinished, not running, and its duration is frozen.
    expect($('.sl-st-unfinished')).toBeTruthy();
    expect($('.sl-st-open')).toBeNull();
    expect($$('[role=treeitem] .sl-c-num')[3].textContent).toBe('9.0 ms');
    // Live spans keep going to the live session, not into the one being viewed.
    tracer.startSpan('live one').end();
    await settle();
    expect(rowNames()).toEqual(['stored root', 'stored child']);
    ($('.sl-viewing .sl-link') as HTMLButtonElement).click();
    await settle();
    expect(rowNames()).toEqual(['live one']);
    ($$('[role=tab]')[1] as HTMLButtonElement).click();
    await settle();
    ($('.sl-table tbody tr:nth-child(2) [aria-label="Delete session"]') as HTMLButtonElement).click();
    await settle();
    expect(store.sessions.has('older')).toBe(true); // a first click only asks
    const confirm = $('.sl-table tbody tr:nth-child(2) .sl-btn.sl-danger')!;
    expect(confirm.textContent).toBe('Delete?');
    confirm.click();
    await settle();
    expect(store.sessions.has('older')).toBe(false);
    expect($$('.sl-table tbody tr').length).toBe(1);
  });

  it('imports an OTLP/JSON file as a read-only session and keeps it in the store', async () => {
    const store = fakeStore(tracer.sessionId);
    const state = new OverlayState(tracer, store);
    const spans = [makeSpan('aaaaaaaaaaaaaaa1', { name: 'imported root' }), makeSpan('aaaaaaaaaaaaaaa2', { parent: 'aaaaaaaaaaaaaaa1', start: 2, name: 'imported child' })];
    for (const s of spans) s.traceId = 'b'.repeat(32);
    const text = JSON.stringify(encodeOtlp(spans, { sessionId: 'from-file' }));
    await importFile(state, new File([text], 'trace.json', { type: 'application/json' }));
    expect(state.sessions.view.value.live).toBe(false);
    expect(state.sessions.view.value.id).toBe('from-file');
    expect([...state.sessions.view.value.index.spans.values()].map((s) => s.name).sort()).toEqual(['imported child', 'imported root']);
    expect(store.sessions.get('from-file')!.summary.imported).toBe(true);
    state.dispose();
  });

  it('imports a Jaeger JSON download the same way, nested by its references', async () => {
    const state = new OverlayState(tracer);
    const traceID = 'c'.repeat(32);
    const span = (spanID: string, operationName: string, parent?: string) => ({
      traceID, spanID, operationName, startTime: 1733600000000000, duration: 1000, tags: [], logs: [], processID: 'p1',
      references: parent ? [{ refType: 'CHILD_OF', traceID, spanID: parent }] : [],
    });
    const file = { data: [{ traceID, spans: [span('1111111111111111', 'jaeger root'), span('2222222222222222', 'jaeger child', '1111111111111111')], processes: { p1: { serviceName: 'api', tags: [] } } }] };
    await importFile(state, new File([JSON.stringify(file)], 'jaeger.json', { type: 'application/json' }));
    expect(state.sessions.view.value.live).toBe(false);
    const imported = [...state.sessions.view.value.index.spans.values()];
    expect(imported.map((s) => s.name).sort()).toEqual(['jaeger child', 'jaeger root']);
    expect(imported.find((s) => s.name === 'jaeger child')!.parentSpanId).toBe('1111111111111111');
    state.dispose();
  });

  it('names the file and the first bad field when an import fails', async () => {
    const state = new OverlayState(tracer);
    await importFile(state, new File(['{"resourceSpans": 5}'], 'broken.json'));
    await importFile(state, new File(['not json at all'], 'garbage.txt'));
    const messages = state.notices.list.value.map((n) => [n.level, n.message]);
    expect(messages[0][0]).toBe('error');
    expect(messages[0][1]).toMatch(/broken\.json.*resourceSpans/);
    expect(messages[1][1]).toMatch(/garbage\.txt.*JSON/);
    expect(state.sessions.view.value.live).toBe(true);
    state.dispose();
  });
});
