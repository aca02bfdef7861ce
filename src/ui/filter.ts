/**
 * Which spans the tree shows: full-text search over names, attribute values (which hold the
 * message content as JSON), event attributes and status messages, plus kind / model / errors-only
 * filters. Pure; results are memoised per span object, so a live update only re-tests the spans
 * that changed.
 */
import type { AttributeValue, SpanData, SpanKind } from '../core/span';
import { hasScores } from '../core/scores';
import { isError, spanModel } from './span-info';

export interface SpanFilter {
  query: string;
  kind: SpanKind | '';
  model: string;
  errorsOnly: boolean;
  /** Only spans with a feedback score (a `gen_ai.evaluation.result` event). */
  scoredOnly?: boolean;
}

export const NO_FILTER: SpanFilter = { query: '', kind: '', model: '', errorsOnly: false };

export function isFiltering(filter: SpanFilter): boolean {
  return filter.query.trim() !== '' || filter.kind !== '' || filter.model !== '' || filter.errorsOnly || filter.scoredOnly === true;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function valueHas(value: AttributeValue | undefined, pattern: RegExp): boolean {
  if (typeof value === 'string') return pattern.test(value);
  if (Array.isArray(value)) return value.some((v) => pattern.test(String(v)));
  return value !== undefined && pattern.test(String(value));
}

function attributesHave(attributes: Record<string, AttributeValue> | undefined, pattern: RegExp): boolean {
  if (!attributes) return false;
  for (const key in attributes) if (valueHas(attributes[key], pattern)) return true;
  return false;
}

/** A predicate for flattenTree, or undefined when nothing is filtered. */
export function spanMatcher(filter: SpanFilter): ((span: SpanData) => boolean) | undefined {
  if (!isFiltering(filter)) return undefined;
  const query = filter.query.trim();
  const pattern = query ? new RegExp(escapeRegExp(query), 'i') : undefined;
  const memo = new WeakMap<SpanData, boolean>();
  const test = (span: SpanData): boolean => {
    if (filter.kind && span.kind !== filter.kind) return false;
    if (filter.model && spanModel(span) !== filter.model) return false;
    if (filter.errorsOnly && !isError(span)) return false;
    if (filter.scoredOnly && !hasScores(span)) return false;
    if (!pattern) return true;
    return (
      pattern.test(span.name) ||
      (span.status.message !== undefined && pattern.test(span.status.message)) ||
      attributesHave(span.attributes, pattern) ||
      span.events.some((e) => pattern.test(e.name) || attributesHave(e.attributes, pattern))
    );
  };
  return (span) => {
    let hit = memo.get(span);
    if (hit === undefined) memo.set(span, (hit = test(span)));
    return hit;
  };
}
