// @vitest-environment happy-dom
/**
 * The overlay with its panel loaded on demand, with the real panel module behind a loader the
 * test controls: when the load starts, when it finishes, or that it fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Tracer } from '../../../src/core/tracer';
import { mountLazyOverlay, type PanelModule } from '../../../src/launcher/lazy-overlay';
import type { OverlayHandle } from '../../../src/ui/mount';
import * as panelModule from '../../../src/ui/panel';
import { PREFS_KEY } from '../../../src/ui/prefs';

let tracer: Tracer;
let handle: OverlayHandle | undefined;

const hosts = () => [...document.querySelectorAll('spanlens-overlay')];
const $ = (selector: string) => hosts()[0]?.shadowRoot?.querySelector(selector) as HTMLElement | null;
const hotkey = () => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', code: 'KeyK', altKey: true, shiftKey: true, bubbles: true, cancelable: true }));

/** A loader whose load the test finishes (or fails) when it wants; counts its calls. */
function controlledLoader() {
  const loads: Array<{ resolve(module: PanelModule): void; reject(error: Error): void }> = [];
  const loadPanel = vi.fn(() => new Promise<PanelModule>((resolve, reject) => loads.push({ resolve, reject })));
  return { loadPanel, finish: () => loads.shift()!.resolve(panelModule), fail: (error: Error) => loads.shift()!.reject(error) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

beforeEach(() => {
  localStorage.clear();
  tracer = new Tracer();
});
afterEach(() => {
  handle?.unmount();
  handle = undefined;
});

describe('the overlay with its panel loaded on demand', () => {
  it('shows only the launcher until opened; the hotkey and open() share one load; the panel shows what came before', async () => {
    const loader = controlledLoader();
    handle = mountLazyOverlay({ tracer, loadPanel: loader.loadPanel });
    tracer.startSpan('recorded before the panel', { kind: 'tool' }).end();
    handle.notify('said before the panel', 'warn');
    expect(hosts()).toHaveLength(1);
    expect($('.sl-launcher')?.getAttribute('aria-label')).toBe('Open spanlens');
    expect(loader.loadPanel).not.toHaveBeenCalled();

    hotkey();
    handle.open();
    handle.open();
    expect(loader.loadPanel).toHaveBeenCalledTimes(1);
    expect($('.sl-launcher')?.getAttribute('aria-busy')).toBe('true');
    expect(handle.isOpen()).toBe(false);

    loader.finish();
    await settle();
    expect(hosts()).toHaveLength(1);
    expect(handle.isOpen()).toBe(true);
    expect($('.sl-panel')).not.toBeNull();
    expect([...hosts()[0].shadowRoot!.querySelectorAll('[role=treeitem] .sl-name')].map((n) => n.textContent)).toEqual(['recorded before the panel']);
    expect(hosts()[0].shadowRoot!.textContent).toContain('said before the panel');

    // From now on the panel's own hotkey: once, not twice.
    hotkey();
    await settle();
    expect(handle.isOpen()).toBe(false);
    expect(loader.loadPanel).toHaveBeenCalledTimes(1);
  });

  it('closed again while loading: the panel mounts closed, its launcher in place', async () => {
    const loader = controlledLoader();
    handle = mountLazyOverlay({ tracer, loadPanel: loader.loadPanel });
    hotkey();
    hotkey();
    loader.finish();
    await settle();
    expect(handle.isOpen()).toBe(false);
    expect($('.sl-panel')).toBeNull();
    expect($('.sl-launcher')?.getAttribute('aria-busy')).toBeNull();
    expect(hosts()).toHaveLength(1);
  });

  it('starts loading at once when it should start open: open: true, or left open on the last visit', async () => {
    const first = controlledLoader();
    handle = mountLazyOverlay({ tracer, loadPanel: first.loadPanel, open: true });
    expect(first.loadPanel).toHaveBeenCalledTimes(1);
    handle.unmount();

    localStorage.setItem(PREFS_KEY, JSON.stringify({ open: true }));
    const second = controlledLoader();
    handle = mountLazyOverlay({ tracer, loadPanel: second.loadPanel });
    expect(second.loadPanel).toHaveBeenCalledTimes(1);
    second.finish();
    await settle();
    expect(handle.isOpen()).toBe(true);
  });

  it('a failed load: one line on the launcher and through warn, the tracer keeps recording, the next open tries again', async () => {
    const loader = controlledLoader();
    const warn = vi.fn();
    handle = mountLazyOverlay({ tracer, loadPanel: loader.loadPanel, warn });
    handle.open();
    loader.fail(new Error('spanlens: could not load https://cdn.example/spanlens.panel.js; serve it'));
    await settle();
    expect(warn.mock.calls).toEqual([['spanlens: could not load https://cdn.example/spanlens.panel.js; serve it']]);
    expect($('.sl-launcher')?.getAttribute('aria-label')).toBe('spanlens: could not load https://cdn.example/spanlens.panel.js; serve it');
    expect($('.sl-launcher .sl-badge-err')?.textContent).toBe('!');
    const ended: string[] = [];
    tracer.subscribe((type, span) => type === 'end' && ended.push(span.name));
    tracer.startSpan('after the failure').end();
    expect(ended).toEqual(['after the failure']);

    handle.open();
    expect(loader.loadPanel).toHaveBeenCalledTimes(2);
    loader.fail(new TypeError('Failed to fetch'));
    await settle();
    expect(warn.mock.calls[1]).toEqual(['spanlens: the panel could not be loaded (TypeError: Failed to fetch); recording goes on']);
  });

  it('unmounted before the load finished: nothing is mounted afterwards', async () => {
    const loader = controlledLoader();
    handle = mountLazyOverlay({ tracer, loadPanel: loader.loadPanel });
    handle.open();
    handle.unmount();
    expect(hosts()).toHaveLength(0);
    loader.finish();
    await settle();
    expect(hosts()).toHaveLength(0);
    hotkey();
    expect(loader.loadPanel).toHaveBeenCalledTimes(1);
  });
});
