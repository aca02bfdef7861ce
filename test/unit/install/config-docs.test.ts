import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeName, OPTIONS } from '../../../src/config';

/** The README's options table, row by row: name, attribute (or "object only"), default, doc. */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('| option (`data-` attribute) |');
  const lines = readme.slice(start).split('\n');
  const rows: string[][] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}

const plain = (text: string) => text.replace(/`/g, '');

describe('the config table owns the options documentation', () => {
  it('the README lists every option of OPTIONS, in order, with its default and doc text', () => {
    const expected = Object.entries(OPTIONS).map(([name, spec]) => {
      const where = 'objectOnly' in spec && spec.objectOnly ? 'object only' : attributeName(name);
      return [`${name} (${where})`, spec.defaultText, spec.doc];
    });
    const actual = readmeRows().map(([option, defaultText, doc]) => [plain(option), plain(defaultText), doc]);
    expect(actual).toEqual(expected);
  });
});
