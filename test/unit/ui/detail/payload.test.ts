import { describe, expect, it } from 'vitest';
import { contains, parseJson, splitBinary } from '../../../../src/ui/detail/payload';

const B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'; // 60 chars, mixed classes

describe('splitBinary', () => {
  it('replaces a data: URL by its type and decoded size, keeping the text around it', () => {
    const payload = B64.repeat(100); // 6000 chars → 4500 bytes
    const { segments, end } = splitBinary(`see data:image/png;base64,${payload}== here`);
    expect(segments).toEqual(['see ', { binary: 'image/png · 4.4 KB' }, ' here']);
    expect(end).toBe(4 + 'data:image/png;base64,'.length + 6002 + 5);
  });

  it('summarises short data: URLs too, and takes the type before any parameters', () => {
    expect(splitBinary('data:text/plain;charset=utf-8;base64,SGVsbG8=').segments).toEqual([{ binary: 'text/plain · 5 B' }]);
  });

  it('summarises a long bare base64 run but leaves long runs of one letter, and short tokens, as text', () => {
    expect(splitBinary(`x ${B64.repeat(10)} y`).segments).toEqual(['x ', { binary: 'base64 · 450 B' }, ' y']);
    const letters = 'a'.repeat(1000);
    expect(splitBinary(letters).segments).toEqual([letters]);
    expect(splitBinary(`token ${B64} end`).segments).toEqual([`token ${B64} end`]);
  });

  it('stops at the limit of visible characters, a blob counting as its label', () => {
    const text = `${'p'.repeat(10)}data:image/gif;base64,${B64.repeat(50)} ${'q'.repeat(100)}`;
    const { segments, end } = splitBinary(text, 40);
    const label = 'image/gif · 2.2 KB';
    expect(segments).toEqual(['p'.repeat(10), { binary: label }, ' ' + 'q'.repeat(40 - 10 - 1)]);
    expect(end).toBe(text.length - 100 + 29);
    expect(splitBinary('short', 40)).toEqual({ segments: ['short'], end: 5 });
  });
});

describe('parseJson and contains', () => {
  it('parses objects and arrays, and reports anything else as not JSON', () => {
    expect(parseJson(' {"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseJson('[1, 2')).toEqual({ ok: false });
    expect(parseJson('42')).toEqual({ ok: false });
  });

  it('finds a needle in keys and nested values', () => {
    expect(contains({ a: { deep: ['Needle'] } }, 'needle')).toBe(true);
    expect(contains({ Needle: 1 }, 'needle')).toBe(true);
    expect(contains({ a: [1, 2, null] }, 'needle')).toBe(false);
  });
});
