import { describe, expect, it } from 'vitest';
import { headProbe, normalizeText, overlapScore, tailProbe } from '../../../src/instrument/page/page-text';

describe('page text', () => {
  it('reduces markdown and rendered text to the same form', () => {
    const markdown = '## Paris\n\nThe **capital** of [France](https://fr.example)  is “Paris” — `city`.';
    const rendered = 'Paris The capital of France is "Paris" - city.';
    expect(normalizeText(markdown)).toBe(normalizeText(rendered));
  });

  it('probes the start and the end', () => {
    const text = normalizeText('one two three four five six seven eight nine ten');
    expect(text.startsWith(headProbe(text))).toBe(true);
    expect(text.endsWith(tailProbe(text))).toBe(true);
    expect(headProbe('short')).toBe('short');
  });

  it('scores the share of an output a text shows', () => {
    const output = normalizeText('The capital of France is Paris.');
    expect(overlapScore(output, output)).toBe(1);
    expect(overlapScore(output, normalizeText('The capital of'))).toBeGreaterThan(0.3);
    expect(overlapScore(output, normalizeText('Weather in Berlin: sunny'))).toBe(0);
    expect(overlapScore('', 'x')).toBe(0);
  });
});
