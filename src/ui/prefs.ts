/**
 * What the panel remembers across reloads, in localStorage under one versioned key. A stored value
 * of another version, or one that does not parse, is ignored field by field rather than trusted:
 * localStorage is shared with the app and anything may be in it.
 */
import { DOCKS, THEMES, type Dock, type Theme } from '../config';

export type { Dock, Theme } from '../config';
export const TABS = ['traces', 'sessions'] as const;
export type Tab = (typeof TABS)[number];

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

/** The values each text preference may take. */
const CHOICES: Record<string, readonly string[]> = {
  dock: DOCKS,
  tab: TABS,
  theme: THEMES,
};

/**
 * `stored` where it is valid, `fallback` where not: field by field for objects; a value must
 * have the fallback's type, numbers must be finite, texts one of their CHOICES.
 */
function valid<T>(stored: unknown, fallback: T, name = ''): T {
  if (fallback && typeof fallback === 'object') {
    const from = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
    const result = { ...fallback };
    for (const key in fallback) result[key] = valid(from[key], fallback[key], key);
    return result;
  }
  const ok = typeof stored === typeof fallback && (typeof stored !== 'number' || Number.isFinite(stored)) && (CHOICES[name]?.includes(stored as string) ?? true);
  return ok ? (stored as T) : fallback;
}

/** Read stored preferences; what is missing or invalid comes from `defaults`. */
export function parsePrefs(text: string | null, defaults: Prefs = DEFAULT_PREFS): Prefs {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    return defaults;
  }
  if (!raw || typeof raw !== 'object') return defaults;
  const prefs = valid(raw, defaults);
  if (!(prefs.split > 0.15 && prefs.split < 0.85)) prefs.split = defaults.split;
  return prefs;
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
