/**
 * The launcher the script tag draws before the panel's code is loaded: the same button as the
 * panel's own (src/ui/Launcher.tsx), in the same place, with plain DOM and no framework, so the
 * page pays for a button, not for a panel it may never open. It also listens for the hotkey.
 * It only asks: clicking it or pressing the hotkey calls onActivate; src/launcher/lazy-overlay.ts
 * decides what that means. Once the panel is loaded it takes this launcher's place (with its
 * badges and drag); until then the button shows that the panel is loading, or why it failed.
 */
import { DEFAULT_HOTKEY, matchesHotkey, parseHotkey } from '../ui/hotkey';
import type { Prefs } from '../ui/prefs';
import { createHost } from './host';
import launcherCss from './launcher.css?inline';

export interface LauncherOptions {
  hotkey?: string;
  nonce?: string;
  container?: HTMLElement;
  /** Where the user left the launcher and which theme they chose (src/ui/prefs.ts). */
  prefs: Prefs;
  onActivate(): void;
  /** The hotkey: toggles (it may close a panel that is still loading). */
  onHotkey(): void;
}

export type LauncherState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string };

export interface TinyLauncher {
  show(state: LauncherState): void;
  /** Failed spans since the panel was last open (src/launcher/failures.ts); 0 hides the badge. */
  showFailures(count: number): void;
  remove(): void;
}

/** The lens of src/ui/Icon.tsx, drawn the same way. */
const LENS_PATH = 'M7 11.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM4.5 7h5M7 4.5v5m3.3.8L14 14';
const SVG = 'http://www.w3.org/2000/svg';

export function mountLauncher(options: LauncherOptions): TinyLauncher {
  const host = createHost(launcherCss, options.nonce, options.container);
  const root = document.createElement('div');
  root.className = 'sl';
  root.dataset.theme = themeOf(options.prefs);
  const button = document.createElement('button');
  button.className = 'sl-launcher';
  // Where the panel's launcher will be: the same place, kept inside the viewport.
  const { right, bottom } = options.prefs.launcher;
  button.style.right = `${Math.max(0, Math.min(right, innerWidth - 48))}px`;
  button.style.bottom = `${Math.max(0, Math.min(bottom, innerHeight - 32))}px`;
  const name = document.createElement('span');
  name.className = 'sl-launcher-name';
  button.append(lensIcon(), name);
  root.appendChild(button);
  host.shadow.appendChild(root);
  button.addEventListener('click', () => options.onActivate());

  const hotkey = parseHotkey(options.hotkey ?? DEFAULT_HOTKEY) ?? parseHotkey(DEFAULT_HOTKEY)!;
  const onKey = (event: KeyboardEvent) => {
    if (!matchesHotkey(event, hotkey)) return;
    event.preventDefault();
    event.stopPropagation();
    options.onHotkey();
  };
  // Capture phase, as the panel does: an app that stops propagation of keys still lets it through.
  addEventListener('keydown', onKey, true);

  const show = (state: LauncherState) => {
    const failed = state.kind === 'failed';
    name.textContent = state.kind === 'loading' ? 'spanlens…' : 'spanlens';
    button.setAttribute('aria-busy', String(state.kind === 'loading'));
    const label = failed ? state.message : 'Open spanlens';
    button.setAttribute('aria-label', label);
    button.title = failed ? state.message : `Open spanlens (${options.hotkey ?? DEFAULT_HOTKEY})`;
    button.querySelector('.sl-badge-load')?.remove();
    if (failed) button.appendChild(errorBadge());
  };
  show({ kind: 'idle' });

  const failures = document.createElement('span');
  failures.className = 'sl-badge sl-badge-err sl-badge-failures';
  failures.title = 'spans failed since the panel was last open';
  const showFailures = (count: number) => {
    failures.textContent = String(count);
    if (count > 0) button.appendChild(failures);
    else failures.remove();
  };

  return {
    show,
    showFailures,
    remove() {
      removeEventListener('keydown', onKey, true);
      host.element.remove();
    },
  };
}

function themeOf(prefs: Prefs): 'light' | 'dark' {
  if (prefs.theme !== 'auto') return prefs.theme;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function lensIcon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sl-icon sl-icon-lens');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', LENS_PATH);
  svg.appendChild(path);
  return svg;
}

function errorBadge(): HTMLElement {
  const badge = document.createElement('span');
  badge.className = 'sl-badge sl-badge-err sl-badge-load';
  badge.textContent = '!';
  return badge;
}
