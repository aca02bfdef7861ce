/**
 * What the panel remembers across reloads, in localStorage under one versioned key. A stored value
 * of another version, or one that does not parse, is ignored field by field rather than trusted:
 * localStorage is shared with the app and anything may be in it.
 */

export type Dock = 'bottom' | 'right' | 'floating';
export type Theme = 'auto' | 'light' | 'dark';
export type Tab = 'traces' | 'sessions';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Prefs {
  open: boolean;
  dock: Dock;
  /** Panel height when docked at the bottom, width when docked right (CSS px). */
  bottomHeight: number;
  rightWidth: number;
  floating: Rect;
  tab: Tab;
  theme: Theme;
  /** Launcher position: distance from the viewport's right and bottom edges. */
  launcher: { right: number; bottom: number };
  /** Share of the panel's width (or height, when narrow) given to the tree. */
  split: number;
}

export const PREFS_KEY = 'spanlens:overlay:v1';

export const DEFAULT_PREFS: Prefs = {
  open: false,
  dock: 'bottom',
  bottomHeight: 360,
  rightWidth: 560,
  floating: { x: 80, y: 80, w: 900, h: 520 },
  tab: 'traces',
  theme: 'auto',
  launcher: { right: 16, bottom: 16 },
  split: 0.55,
};

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** Read stored preferences; what is missing or invalid comes from `defaults`. */
export function parsePrefs(text: string | null, defaults: Prefs = DEFAULT_PREFS): Prefs {
  const d = defaults;
  let raw: Record<string, unknown>;
  try {
    raw = text ? JSON.parse(text) : {};
    if (!raw || typeof raw !== 'object') return d;
  } catch {
    return d;
  }
  const f = (raw.floating ?? {}) as Partial<Rect>;
  const l = (raw.launcher ?? {}) as Partial<Prefs['launcher']>;
  return {
    open: typeof raw.open === 'boolean' ? raw.open : d.open,
    dock: pick(raw.dock, ['bottom', 'right', 'floating'] as const, d.dock),
    bottomHeight: isNum(raw.bottomHeight) ? raw.bottomHeight : d.bottomHeight,
    rightWidth: isNum(raw.rightWidth) ? raw.rightWidth : d.rightWidth,
    floating: {
      x: isNum(f.x) ? f.x : d.floating.x,
      y: isNum(f.y) ? f.y : d.floating.y,
      w: isNum(f.w) ? f.w : d.floating.w,
      h: isNum(f.h) ? f.h : d.floating.h,
    },
    tab: pick(raw.tab, ['traces', 'sessions'] as const, d.tab),
    theme: pick(raw.theme, ['auto', 'light', 'dark'] as const, d.theme),
    launcher: { right: isNum(l.right) ? l.right : d.launcher.right, bottom: isNum(l.bottom) ? l.bottom : d.launcher.bottom },
    split: isNum(raw.split) && raw.split > 0.15 && raw.split < 0.85 ? raw.split : d.split,
  };
}

export function loadPrefs(defaults: Prefs = DEFAULT_PREFS): Prefs {
  try {
    return parsePrefs(localStorage.getItem(PREFS_KEY), defaults);
  } catch {
    // Storage can throw (sandboxed iframe, disabled cookies): run with defaults.
    return defaults;
  }
}

export function savePrefs(prefs: Prefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Quota or disabled storage: the panel still works, it just forgets.
  }
}
