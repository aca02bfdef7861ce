/**
 * Hotkeys written as text ('Alt+Shift+K', 'Ctrl+`'). Letters and digits are matched by physical
 * key (event.code), because with Alt held macOS reports a composed character as event.key ('˚').
 *
 * The default, Alt+Shift+K, is not taken by Chrome, Firefox, Safari, Edge, Windows, macOS, GNOME or
 * ChromeOS (which uses Alt+Shift+L/S/N/M/I for its shelf and panels).
 */
export const DEFAULT_HOTKEY = 'Alt+Shift+K';

export interface Hotkey {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  /** event.code for letters and digits ('KeyK', 'Digit1'), otherwise the lower-cased event.key. */
  key: string;
}

export function parseHotkey(text: string): Hotkey | undefined {
  const parts = text.split('+').map((p) => p.trim());
  const last = parts.pop();
  if (!last) return undefined;
  const mods = parts.map((p) => p.toLowerCase());
  const has = (...names: string[]) => mods.some((m) => names.includes(m));
  const key = eventKey(last);
  return {
    ctrl: has('ctrl', 'control'),
    alt: has('alt', 'option'),
    shift: has('shift'),
    meta: has('meta', 'cmd', 'command'),
    key,
  };
}

/** How a key's name is compared: event.code for letters and digits, else the lower-cased event.key. */
function eventKey(name: string): string {
  if (/^[a-z]$/i.test(name)) return 'Key' + name.toUpperCase();
  if (/^\d$/.test(name)) return 'Digit' + name;
  return name.toLowerCase();
}

export function matchesHotkey(event: KeyboardEvent, hotkey: Hotkey): boolean {
  if (event.ctrlKey !== hotkey.ctrl || event.altKey !== hotkey.alt || event.shiftKey !== hotkey.shift) return false;
  if (event.metaKey !== hotkey.meta) return false;
  // `?? ''`: Chrome's autofill sends keydown events without a key.
  return hotkey.key.length > 1 && /^(Key|Digit)/.test(hotkey.key)
    ? event.code === hotkey.key
    : (event.key ?? '').toLowerCase() === hotkey.key;
}
