/**
 * Comparing a model's output with the text a page shows. Apps transform what they render
 * (markdown turned into elements, whitespace collapsed, smart quotes), so both sides are reduced
 * to the same plain form: markdown syntax dropped, link targets dropped, quotes and dashes made
 * plain, whitespace collapsed, lower case.
 */

export function normalizeText(text: string): string {
  return text
    .replace(/\]\([^)\s]*\)/g, ']') // [label](url) renders as "label"
    .replace(/[*_`#>~|[\]\\]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:!?])/g, '$1')
    .trim()
    .toLowerCase();
}

/** Characters of normalized text that make a probe distinctive enough to look for. */
export const PROBE_LENGTH = 24;

/** The first words are short: the first token painted may be a word or two. */
export const HEAD_PROBE_LENGTH = 12;

/** The start of a normalized text, up to HEAD_PROBE_LENGTH. */
export function headProbe(normalized: string): string {
  return normalized.slice(0, HEAD_PROBE_LENGTH).trim();
}

/** The end of a normalized text, up to PROBE_LENGTH. */
export function tailProbe(normalized: string): string {
  return normalized.slice(-PROBE_LENGTH).trim();
}

/**
 * How much of `output` the element text `shown` holds, 0..1: the share of the output's words
 * found in order in the shown text. A bubble that shows the whole answer scores 1; one that
 * shows a streamed prefix scores the prefix's share; unrelated text scores near 0.
 */
export function overlapScore(output: string, shown: string): number {
  const outputWords = output.split(' ').filter(Boolean);
  const shownWords = shown.split(' ').filter(Boolean);
  if (outputWords.length === 0 || shownWords.length === 0) return 0;
  // Longest common run of words, counted greedily in order: cheap and good enough for prose.
  let matched = 0;
  let from = 0;
  for (const word of outputWords) {
    const at = shownWords.indexOf(word, from);
    if (at === -1) continue;
    matched++;
    from = at + 1;
  }
  return matched / Math.max(outputWords.length, shownWords.length);
}
