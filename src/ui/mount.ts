/**
 * Mounting the overlay into a page: one host element with an open shadow root (src/launcher/host.ts:
 * the app's CSS cannot reach in, ours cannot leak out, styles adopted even under a strict CSP).
 * The host is a zero-size fixed box: closed, the panel changes nothing in the page's layout.
 * Every listener added here is removed by unmount().
 *
 * mountOverlay() mounts the whole panel at once (the `spanlens/eager` entry, tests); install() and
 * the default `mountOverlay` of the npm entry start with the launcher and load this file's code on
 * the first open (src/launcher/lazy-overlay.ts), through mountPanel().
 */
/// <reference types="vite/client" />
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { now as clockNow } from '../core/clock';
import { getTracer } from '../core/global';
import type { Tracer } from '../core/tracer';
import type { SpanStore } from '../store/types';
import { FailureWatch } from '../launcher/failures';
import { createHost } from '../launcher/host';
import launcherCss from '../launcher/launcher.css?inline';
import { App } from './App';
import { DEFAULT_HOTKEY, matchesHotkey, parseHotkey } from './hotkey';
import detailCss from './detail/detail.css?inline';
import panelCss from './panel.css?inline';
import toolsCss from './tools/tools.css?inline';
import type { Dock, Theme } from '../config';
import type { Prefs } from './prefs';
import type { PanelActions } from './actions';
import { OverlayState } from './state';
import type { NoticeLevel } from './stores/notices';

export interface OverlayOptions {
  /** Live event source; default getTracer(). */
  tracer?: Tracer;
  /** Earlier sessions, imports, and spans recorded before mounting. Without it the panel works from live events alone. */
  store?: SpanStore;
  /** Toggles the panel; default 'Alt+Shift+K'. */
  hotkey?: string;
  /** Initial state, until the user changes it (what they chose is saved and wins). */
  open?: boolean;
  dock?: Dock;
  theme?: Theme;
  /** Nonce for the <style> fallback under a CSP without constructable stylesheets. */
  nonce?: string;
  /** Where the host element goes; default document.body (documentElement before there is a body). */
  container?: HTMLElement;
  /** Score, replay, pin: what install() gives the panel (without it those controls are hidden). */
  actions?: PanelActions;
  /** A toast for each new failed span while the panel is closed. Default true. */
  errorToasts?: boolean;
  /** The launcher's failure count, shared with the tiny launcher (a new one when absent). */
  failures?: FailureWatch;
}

export interface OverlayHandle {
  open(): void;
  close(): void;
  toggle(): void;
  isOpen(): boolean;
  notify(message: string, level?: NoticeLevel): void;
  unmount(): void;
}

export function mountOverlay(options: OverlayOptions = {}): OverlayHandle {
  return mountPanel({ ...options, tracer: options.tracer ?? getTracer() });
}

/**
 * mountOverlay() given the tracer rather than defaulting to the page's: what the lazily loaded
 * panel file exports (src/ui/panel.ts), so that it bundles no Tracer of its own.
 */
export function mountPanel(options: OverlayOptions & { tracer: Tracer }): OverlayHandle {
  const { tracer } = options;
  try {
    return mount(tracer, options);
  } catch (error) {
    tracer.reportError('overlay: mount', error);
    const inert = () => {};
    return { open: inert, close: inert, toggle: inert, isOpen: () => false, notify: inert, unmount: inert };
  }
}

function mount(tracer: Tracer, options: OverlayOptions): OverlayHandle {
  const defaults: Partial<Prefs> = {};
  if (options.open !== undefined) defaults.open = options.open;
  if (options.dock) defaults.dock = options.dock;
  if (options.theme) defaults.theme = options.theme;
  const state = new OverlayState(tracer, options.store, defaults, options.actions);
  const isOpenNow = () => state.layout.prefs.value.open;
  const failures = options.failures ?? new FailureWatch({ tracer, toasts: options.errorToasts, isOpen: isOpenNow });
  const failureCount = signal(failures.count);
  const stopFailures = failures.watch((count) => (failureCount.value = count));

  const { element: host, shadow } = createHost(launcherCss + panelCss + detailCss + toolsCss, options.nonce, options.container);
  const root = document.createElement('div');
  shadow.appendChild(root);

  const media = matchMedia('(prefers-color-scheme: dark)');
  const systemDark = signal(media.matches);
  const onScheme = (e: MediaQueryListEvent) => (systemDark.value = e.matches);
  media.addEventListener('change', onScheme);

  /** Where focus was before the panel opened, to give it back on close. */
  let returnFocus: Element | null = null;
  const isOpen = () => state.layout.prefs.value.open;
  const open = () => {
    if (isOpen()) return;
    returnFocus = document.activeElement;
    failures.seen();
    state.live.now.value = clockNow();
    state.layout.set({ open: true });
    // After the render: put the keyboard in the tree.
    setTimeout(() => (shadow.querySelector('.sl-tbody') as HTMLElement | null)?.focus());
  };
  const close = () => {
    if (!isOpen()) return;
    const hadFocus = shadow.activeElement !== null;
    state.layout.set({ open: false });
    if (hadFocus && returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
    returnFocus = null;
  };
  const toggle = () => (isOpen() ? close() : open());

  const hotkey = parseHotkey(options.hotkey ?? DEFAULT_HOTKEY) ?? parseHotkey(DEFAULT_HOTKEY)!;
  const onKey = (event: KeyboardEvent) => {
    try {
      if (!matchesHotkey(event, hotkey)) return;
      event.preventDefault();
      event.stopPropagation();
      toggle();
    } catch (error) {
      state.report('hotkey', error);
    }
  };
  // Capture phase: an app that stops propagation of keys still lets the hotkey through.
  addEventListener('keydown', onKey, true);

  render(h(App, { state, systemDark, failures: failureCount, onOpen: open, onClose: close }), root);

  const guard =
    <A extends unknown[]>(where: string, fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (error) {
        state.report(where, error);
      }
    };
  let mounted = true;
  return {
    open: guard('open', open),
    close: guard('close', close),
    toggle: guard('toggle', toggle),
    isOpen: () => mounted && isOpen(),
    notify: guard('notify', (message: string, level?: NoticeLevel) => state.notices.notify(message, level)),
    unmount: guard('unmount', () => {
      if (!mounted) return;
      mounted = false;
      removeEventListener('keydown', onKey, true);
      media.removeEventListener('change', onScheme);
      render(null, root);
      stopFailures();
      // A watch the panel made for itself ends with it; a shared one belongs to the launcher.
      if (!options.failures) failures.stop();
      state.dispose();
      host.remove();
    }),
  };
}
