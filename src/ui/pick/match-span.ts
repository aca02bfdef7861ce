/**
 * Which llm span produced a piece of the page's text, and which elements of the page show a
 * span's output: both by comparing normalized text (src/instrument/page/page-text.ts), so
 * markdown the app rendered and whitespace it collapsed still match. Works on partial text too:
 * a bubble still streaming shows a prefix of the span's output so far.
 */
import type { SpanData } from '../../core/span';
import { headProbe, normalizeText } from '../../instrument/page/page-text';
import { outputText } from '../../instrument/page/turn-latency';

/** How well `shown` (an element's text) and `output` (a span's) match, both normalized. */
export interface TextMatch {
  /** Share of the shown words found, in order, in the output: did this span write this text? */
  precision: number;
  /** Share of the output's words the element shows: how much of the answer is there. */
  recall: number;
}

export function compareText(output: string, shown: string): TextMatch {
  const outputWords = output.split(' ').filter(Boolean);
  const shownWords = shown.split(' ').filter(Boolean);
  if (outputWords.length === 0 || shownWords.length === 0) return { precision: 0, recall: 0 };
  let matched = 0;
  let from = 0;
  for (const word of shownWords) {
    const at = outputWords.indexOf(word, from);
    if (at === -1) continue;
    matched++;
    from = at + 1;
  }
  return { precision: matched / shownWords.length, recall: matched / outputWords.length };
}

/** Below this share of its words found in an output, a text was not written by that span. */
const MIN_PRECISION = 0.6;

export interface PickResult {
  span: SpanData;
  match: TextMatch;
}

/** The llm span whose output best explains `text`, or undefined when none does. */
export function spanForText(text: string, spans: Iterable<SpanData>): PickResult | undefined {
  const shown = normalizeText(text);
  if (!shown) return undefined;
  let best: PickResult | undefined;
  for (const span of spans) {
    if (span.kind !== 'llm') continue;
    const output = normalizeText(outputText(span));
    if (!output) continue;
    const match = compareText(output, shown);
    if (match.precision < MIN_PRECISION) continue;
    const better = !best || match.precision > best.match.precision || (match.precision === best.match.precision && match.recall > best.match.recall);
    if (better) best = { span, match };
  }
  return best;
}

/**
 * The elements under `root` that show `span`'s output: the innermost elements holding its first
 * words, widened to their ancestors while those still hold nothing but the output (a bubble of
 * several paragraphs). `skip` leaves out spanlens' own elements.
 */
export function elementsShowing(span: SpanData, root: Element, skip: (element: Element) => boolean): Element[] {
  const output = normalizeText(outputText(span));
  const head = headProbe(output);
  if (!head) return [];
  const found: Element[] = [];
  const walk = (element: Element): boolean => {
    if (skip(element)) return false;
    if (!normalizeText(element.textContent ?? '').includes(head)) return false;
    let inner = false;
    for (const child of element.children) inner = walk(child) || inner;
    if (!inner) found.push(element);
    return true;
  };
  walk(root);
  return found.map((element) => widen(element, output, root));
}

function widen(element: Element, output: string, root: Element): Element {
  let best = element;
  for (let parent = element.parentElement; parent && parent !== root; parent = parent.parentElement) {
    if (compareText(output, normalizeText(parent.textContent ?? '')).precision < 0.9) break;
    best = parent;
  }
  return best;
}
