import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, PREFS_KEY, parsePrefs } from '../../../src/ui/prefs';

describe('stored preferences', () => {
  it('lives under a versioned key', () => {
    expect(PREFS_KEY).toMatch(/v\d+$/);
  });

  it('falls back to defaults for garbage, and field by field for bad values', () => {
    expect(parsePrefs('not json')).toEqual(DEFAULT_PREFS);
    expect(parsePrefs('null')).toEqual(DEFAULT_PREFS);
    const prefs = parsePrefs(JSON.stringify({ open: 'yes', dock: 'right', theme: 'neon', bottomHeight: 500, floating: { x: 'a', y: 10 } }));
    expect(prefs.open).toBe(DEFAULT_PREFS.open);
    expect(prefs.dock).toBe('right');
    expect(prefs.theme).toBe(DEFAULT_PREFS.theme);
    expect(prefs.bottomHeight).toBe(500);
    expect(prefs.floating).toEqual({ ...DEFAULT_PREFS.floating, y: 10 });
  });

  it('uses the given defaults for what was never stored', () => {
    const prefs = parsePrefs(JSON.stringify({ theme: 'dark' }), { ...DEFAULT_PREFS, dock: 'floating', theme: 'light' });
    expect(prefs.dock).toBe('floating');
    expect(prefs.theme).toBe('dark');
  });
});
