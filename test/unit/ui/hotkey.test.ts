import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEY, matchesHotkey, parseHotkey } from '../../../src/ui/hotkey';

const key = (init: Partial<KeyboardEvent>) =>
  ({ ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, key: '', code: '', ...init }) as KeyboardEvent;

describe('hotkeys', () => {
  it('matches letters by physical key, so macOS Option characters still count', () => {
    const hotkey = parseHotkey(DEFAULT_HOTKEY)!;
    expect(matchesHotkey(key({ altKey: true, shiftKey: true, key: '', code: 'KeyK' }), hotkey)).toBe(true);
    expect(matchesHotkey(key({ altKey: true, shiftKey: true, key: 'K', code: 'KeyK', ctrlKey: true }), hotkey)).toBe(false);
    expect(matchesHotkey(key({ altKey: true, key: 'k', code: 'KeyK' }), hotkey)).toBe(false);
    expect(matchesHotkey(key({ altKey: true, shiftKey: true, key: 'L', code: 'KeyL' }), hotkey)).toBe(false);
  });

  it('parses modifiers in any case and named keys', () => {
    expect(parseHotkey('ctrl+Shift+1')).toEqual({ ctrl: true, alt: false, shift: true, meta: false, key: 'Digit1' });
    const f2 = parseHotkey('Meta+F2')!;
    expect(matchesHotkey(key({ metaKey: true, key: 'F2', code: 'F2' }), f2)).toBe(true);
    expect(parseHotkey('')).toBeUndefined();
  });
});
