/**
 * The overlay with its panel loaded on demand. Until the panel's code is needed, the page has only
 * the tiny launcher (src/launcher/launcher.ts) and its hotkey; the recorder and the store run as
 * always, so nothing is missed: the panel, once loaded, reads the spans recorded before it from
 * the store and the running ones from the tracer, exactly as an eagerly mounted panel does.
 *
 * Without a store (mountOverlay() from the npm entry), a memory store owned by this overlay keeps
 * the session until the panel comes, as the eager panel's live subscription would have.
 *
 * The panel is loaded on the first open (launcher, hotkey, `open()`), or at once when it should
 * start open (`open: true`, or the user left it open on the last visit). How its code arrives is
 * the caller's `loadPanel`: the file beside the script tag's (src/script.ts), a bundler-split
 * `import()` (src/launcher/npm.ts), or the module already bundled (src/eager.ts, src/script-single.ts). One load, however many opens ask for it; if it
 * fails, the launcher and the console say why in one line and the next open tries again.
 *
 * The handle is the same OverlayHandle the eager panel gives, so install() does not care which.
 */
import type { Tracer } from '../core/tracer';
import { createMemoryStore } from '../store/index';
import type { OverlayHandle, OverlayOptions } from '../ui/mount';
import type * as PanelFile from '../ui/panel';
import { DEFAULT_PREFS, loadPrefs, type Prefs } from '../ui/prefs';
import type { NoticeLevel } from '../ui/stores/notices';
import { FailureWatch } from './failures';
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

/** Notices kept for a panel that is not loaded yet (the panel itself keeps only its latest few). */
const MAX_PENDING_NOTICES = 50;

export function mountLazyOverlay(options: LazyOverlayOptions): OverlayHandle {
  const { tracer, loadPanel, open: openAtStart, warn: warnOption, ...panelOptions } = options;
  const ownStore = options.store ? undefined : createMemoryStore({ tracer });
  const store = options.store ?? ownStore!;
  // The panel reads the same preferences when it mounts; the launcher needs its place and theme.
  const defaults: Partial<Prefs> = {};
  if (openAtStart !== undefined) defaults.open = openAtStart;
  if (options.theme) defaults.theme = options.theme;
  const prefs = loadPrefs({ ...DEFAULT_PREFS, ...defaults });
  const warn = warnOption ?? ((line: string) => console.warn(line));
  const pending: Array<[string, NoticeLevel]> = [];
  let panel: OverlayHandle | undefined;
  let loading = false;
  /** What the user asked for last: the panel mounts open or closed accordingly. */
  let wantOpen = false;
  let removed = false;

  const failures = new FailureWatch({
    tracer,
    toasts: options.errorToasts,
    isOpen: () => panel?.isOpen() ?? false,
  });
  const launcher = mountLauncher({
    hotkey: options.hotkey,
    nonce: options.nonce,
    container: options.container,
    prefs,
    onActivate: () => guard('launcher', open),
    onHotkey: () => guard('hotkey', toggle),
  });

  const stopBadge = failures.watch((count) => launcher.showFailures(count));

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
    stopBadge();
    launcher.remove();
    panel = module.mountPanel({ ...panelOptions, tracer, store, failures });
    for (const [message, level] of pending.splice(0)) panel.notify(message, level);
    // The saved preference may say otherwise: what the user did while it loaded wins.
    if (wantOpen) panel.open();
    else panel.close();
  }

  function open(): void {
    wantOpen = true;
    failures.seen();
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
      failures.stop();
      guard('unmount', () => (panel ? panel.unmount() : launcher.remove()));
      if (ownStore) guard('unmount', () => ownStore.close());
    },
  };
}
