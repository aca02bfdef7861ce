// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// install() as npm users get it: the panel's code arrives by a dynamic import() on first open.
import { install } from '../../../src/index';
import { installed, type SpanlensHandle } from '../../../src/install';
import { getTracer } from '../../../src/core/global';
import { decodeOtlp } from '../../../src/export/otlp';

let handles: SpanlensHandle[] = [];
let warn: { mock: { calls: unknown[][] }; mockRestore(): void };
const nativeFetch = globalThis.fetch;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  for (const handle of handles) handle.uninstall();
  handles = [];
  warn.mockRestore();
  getTracer().captureContent = true;
});

function track(handle: SpanlensHandle): SpanlensHandle {
  handles.push(handle);
  return handle;
}

const warnings = () => warn.mock.calls.map((call: unknown[]) => String(call[0]));

describe('install()', () => {
  it('installs once: a second call hands back the same handle, says so once, and fetch stays wrapped once', async () => {
    const first = track(install({ overlay: false }));
    const wrapped = globalThis.fetch;
    expect(wrapped).not.toBe(nativeFetch);
    const second = install({ dock: 'right' });
    const third = install();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(globalThis.fetch).toBe(wrapped);
    expect(warnings().filter((w) => w.includes('already installed'))).toEqual([
      'spanlens: already installed on this page; this second install() and its configuration were ignored',
    ]);
    expect(installed()).toBe(first);
    await first.ready;
  });

  it('uninstall restores fetch, removes the panel and frees the page for a new install', async () => {
    const handle = install({});
    await handle.ready;
    expect(document.querySelectorAll('spanlens-overlay')).toHaveLength(1);
    handle.uninstall();
    expect(globalThis.fetch).toBe(nativeFetch);
    expect(document.querySelectorAll('spanlens-overlay')).toHaveLength(0);
    expect(installed()).toBeUndefined();
    const again = track(install({ overlay: false }));
    expect(again).not.toBe(handle);
  });

  it('reports a bad config value on the console once, uses the default, and applies the good values', async () => {
    const handle = track(install({ captureContent: false, maxSessions: -3 } as never));
    expect(handle.config).toEqual({ captureContent: false });
    expect(handle.problems).toContain('spanlens: install() config.maxSessions should be a whole number ≥ 1, got -3; using the default (50)');
    expect(warnings()).toContain('spanlens: install() config.maxSessions should be a whole number ≥ 1, got -3; using the default (50)');
    expect(getTracer().captureContent).toBe(false);
    await handle.ready;
  });

  it('shows config problems and early notices in the panel once it is mounted', async () => {
    const handle = track(install({ theme: 'neon' } as never));
    handle.notify('hello from the app', 'info');
    await handle.ready;
    handle.open();
    // The panel's code is loaded on this first open: wait until it shows the notices.
    await vi.waitFor(() => expect(document.querySelector('spanlens-overlay')?.shadowRoot?.querySelector('.sl-notice-text')).toBeTruthy(), { timeout: 10_000 });
    const shadow = document.querySelector('spanlens-overlay')!.shadowRoot!;
    const texts = [...shadow.querySelectorAll('.sl-notice-text')].map((n) => n.textContent);
    const more = shadow.querySelector<HTMLButtonElement>('.sl-notice-more button');
    more?.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const all = [...shadow.querySelectorAll('.sl-notice-text')].map((n) => n.textContent);
    expect(texts).toContain('hello from the app');
    expect(all).toEqual(expect.arrayContaining(['hello from the app', expect.stringContaining('spanlens: install() config.theme should be one of')]));
  });

  it('records through the manual API on the handle and exports the session as OTLP/JSON', async () => {
    const handle = track(install({ overlay: false }));
    await handle.trace('turn', async () => {
      await handle.tool('get_weather', { city: 'Oslo' }, async () => ({ temperature_c: 4 }));
    });
    const request = await handle.export();
    const [session] = decodeOtlp(JSON.parse(JSON.stringify(request)));
    expect(session.sessionId).toBe(handle.tracer.sessionId);
    const names = session.spans.map((s) => s.name).sort();
    expect(names).toEqual(['execute_tool get_weather', 'turn']);
    const tool = session.spans.find((s) => s.kind === 'tool')!;
    expect(tool.parentSpanId).toBe(session.spans.find((s) => s.name === 'turn')!.spanId);
  });

  it('without the overlay, open/close/isOpen are harmless no-ops', async () => {
    const handle = track(install({ overlay: false }));
    await handle.ready;
    expect(() => [handle.open(), handle.toggle(), handle.close()]).not.toThrow();
    expect(handle.isOpen()).toBe(false);
    expect(document.querySelector('spanlens-overlay')).toBeNull();
  });
});
