import { describe, expect, it } from 'vitest';
import { checkPage, fetchPatchedBefore } from '../../../src/page-checks';

type Scope = typeof globalThis;

describe('page checks', () => {
  it('knows the native fetch from a replaced one', () => {
    // Node's own fetch is JavaScript (undici), so a built-in stands in for the browser's.
    const native = Math.max;
    expect(fetchPatchedBefore({ fetch: native } as unknown as Scope)).toBe(false);
    expect(fetchPatchedBefore({ fetch: (...args: unknown[]) => args } as unknown as Scope)).toBe(true);
    expect(fetchPatchedBefore({ fetch: native.bind(null) } as unknown as Scope)).toBe(false);
    expect(fetchPatchedBefore({} as unknown as Scope)).toBe(false);
  });

  it('does not count spanlens\' own wrapper as someone else\'s', () => {
    const win = {} as Record<string, unknown>;
    Object.assign(win, { fetch: () => undefined, document: { head: {} }, self: win, top: win });
    expect(checkPage(win as unknown as Scope, true)).toEqual([]);
    expect(checkPage(win as unknown as Scope, false)).toHaveLength(1);
  });

  it('says nothing about an ordinary top-level page', () => {
    const win = {} as Record<string, unknown>;
    Object.assign(win, { fetch: Math.max, document: { head: {} }, self: win, top: win });
    expect(checkPage(win as unknown as Scope)).toEqual([]);
  });

  it('names each problem of a page in one line', () => {
    const top = {};
    const win = { fetch: function fetch() {}, document: { head: null }, self: {}, top };
    const lines = checkPage(win as unknown as Scope);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^spanlens: window\.fetch was already replaced/);
    expect(lines[1]).toMatch(/^spanlens: this document has no <head>/);
    expect(lines[2]).toMatch(/^spanlens: running inside a frame/);
    for (const line of lines) expect(line).not.toContain('\n');
  });

  it('treats a window whose top cannot be read as a frame, and a page without fetch as such', () => {
    const win = { document: { head: {} }, self: {} } as Record<string, unknown>;
    Object.defineProperty(win, 'top', { get: () => { throw new Error('blocked'); } });
    const lines = checkPage(win as unknown as Scope);
    expect(lines[0]).toMatch(/^spanlens: this page has no fetch\(\)/);
    expect(lines[1]).toMatch(/^spanlens: running inside a frame/);
  });
});
