/**
 * Cost of one llm span from its token counts and the price table; cost summed per trace and per
 * session (thin uses of core/totals.ts, kept for the public API).
 */
import type { SpanData } from '../core/span';
import { totalsByTrace, totalsOf } from '../core/totals';
import type { Usage } from './providers/types';
import type { ModelPrice } from './prices';

/**
 * The price entry for a model id, or undefined. Matching is exact after removing what does not
 * change the price: a `vendor/` prefix (OpenRouter's `openai/gpt-4o`), a `models/` prefix
 * (Gemini), and a date or `-latest` suffix (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`).
 * `gpt-4o-audio-preview` does NOT match `gpt-4o`: an unknown model gets no cost, never a guess.
 */
export function findPrice(model: string | undefined, prices: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  if (!model) return undefined;
  const lower = model.trim().toLowerCase();
  const id = lower.replace(/^models\//, '').replace(/^.*\//s, '');
  const undated = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, '');
  return prices[model] || prices[lower] || prices[id] || prices[undated];
}

/** USD, or undefined when the usage lacks input or output counts. */
export function computeCost(usage: Usage, price: ModelPrice): number | undefined {
  if (usage.input === undefined && usage.output === undefined) return undefined;
  const input = usage.input ?? 0;
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheCreation ?? 0;
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  const usd =
    uncached * price.input +
    cacheRead * (price.cachedInput ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    (usage.output ?? 0) * price.output;
  // Per million; rounded to 1e-10 USD so sums do not show float dust.
  return Math.round(usd * 1e4) / 1e10;
}

/** Total `spanlens.cost.usd` of each trace, by trace id. Spans without a cost add nothing. */
export function costByTrace(spans: readonly SpanData[]): Map<string, number> {
  const costs = new Map<string, number>();
  for (const [traceId, totals] of totalsByTrace(spans)) if (totals.costed > 0) costs.set(traceId, totals.cost);
  return costs;
}

/** Total cost of the given spans (a session, a trace), or undefined when none has a cost. */
export function totalCost(spans: readonly SpanData[]): number | undefined {
  const totals = totalsOf(spans);
  return totals.costed > 0 ? totals.cost : undefined;
}
