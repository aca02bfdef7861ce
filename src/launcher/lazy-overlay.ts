/**
 * The overlay with its panel loaded on demand. Until the panel's code is needed, the page has only
 * the tiny launcher (src/launcher/launcher.ts) and its hotkey; the recorder and the store run as
 * always, so nothing is missed: the panel, once loaded, reads the spans recorded before it from
 * the store and the running ones from the tracer, exactly as an eagerly mounted panel does.
 *
 * The panel is loaded on the first open (launcher, hotkey, `open()`), or at once when it should
 * start open (`open: true`, or the user left it open on the last visit). How its code arrives is
 * the caller's `loadPanel`: a `<script>`-tag sibling file, a bundler-split `import()`, or a module
 * already bundled (src/launcher/panel-sources.ts). One load, however many opens ask for it; if it
 * fails, the launcher and the console say why in one line and the next open tries again.
 *
 * The handle is the same OverlayHandle the eager panel gives, so install() does not care which.
 */
import type { Tracer } from '../core/tracer';
import type { OverlayHandle, OverlayOptions } from '../ui/mount';
import type * as PanelFile from '../ui/panel';
import { DEFAULT_PREFS, loadPrefs, type Prefs } from '../ui/prefs';
import { mountLauncher } from './launcher';

/** What the panel's code provides: the exports of src/ui/panel.ts. */
export type PanelModule = typeof PanelFile;
export type LoadPanel = () => Promise<PanelModule>;

export interface LazyOverlayOptions extends OverlayOptions {
  tracer: Tracer;
  loadPanel: LoadPanel;
  /** Where a failure to load is said (besides the launcher); default console.warn. */
  warn?: (line: string) => void;
}

type NoticeLevel = 'info' | 'warn' | 'error';

/** Notices kept for a panel that is not loaded yet (the panel itself keeps only its latest few). */
const MAX_PENDING_NOTICES = 50;

export function mountLazyOverlay(options: LazyOverlayOptions): OverlayHandle {
  const { tracer, loadPanel, open: openAtStart, ...panelOptions } = options;
  // The panel reads the same preferences when it mounts; the launcher needs its place and theme.
  const defaults: Partial<Prefs> = {};
  if (openAtStart !== undefined) defaults.open = openAtStart;
  if (options.theme) defaults.theme = options.theme;
  const prefs = loadPrefs({ ...DEFAULT_PREFS, ...defaults });
  const warn = options.warn ?? ((line: string) => console.warn(line));
  const pending: Array<[string, NoticeLevel]> = [];
  let panel: OverlayHandle | undefined;
  let loading = false;
  /** What the user asked for last: the panel mounts open or closed accordingly. */
  let wantOpen = false;
  let removed = false;

  const launcher = mountLauncher({
    hotkey: options.hotkey,
    nonce: options.nonce,
    container: options.container,
    prefs,
    onActivate: () => guard('launcher', open),
    onHotkey: () => guard('hotkey', toggle),
  });

  function guard(where: string, step: () => void): void {
    try {
      step();
    } catch (error) {
      tracer.reportError(`overlay: ${where}`, error);
    }
  }

  function load(): void {
    if (loading || panel) return;
    loading = true;
    launcher.show({ kind: 'loading' });
    loadPanel().then(
      (module) => {
        loading = false;
        if (removed) return;
        guard('mount', () => mountLoaded(module));
      },
      (error: unknown) => {
        loading = false;
        if (removed) return;
        const line = error instanceof Error && error.message.startsWith('spanlens: ') ? error.message : `spanlens: the panel could not be loaded (${String(error)}); recording goes on`;
        launcher.show({ kind: 'failed', message: line });
        warn(line);
      },
    );
  }

  function mountLoaded(module: PanelModule): void {
    launcher.remove();
    panel = module.mountPanel({ ...panelOptions, tracer });
    for (const [message, level] of pending.splice(0)) panel.notify(message, level);
    // The saved preference may say otherwise: what the user did while it loaded wins.
    if (wantOpen) panel.open();
    else panel.close();
  }

  function open(): void {
    wantOpen = true;
    if (panel) panel.open();
    else load();
  }

  function close(): void {
    wantOpen = false;
    panel?.close();
  }

  function toggle(): void {
    if (panel) panel.toggle();
    else if (wantOpen) close();
    else open();
  }

  if (prefs.open) open();

  return {
    open: () => guard('open', open),
    close: () => guard('close', close),
    toggle: () => guard('toggle', toggle),
    isOpen: () => !removed && (panel?.isOpen() ?? false),
    notify(message, level = 'info') {
      if (panel) guard('notify', () => panel?.notify(message, level));
      else if (pending.length < MAX_PENDING_NOTICES) pending.push([String(message), level]);
    },
    unmount() {
      if (removed) return;
      removed = true;
      guard('unmount', () => (panel ? panel.unmount() : launcher.remove()));
    },
  };
}
