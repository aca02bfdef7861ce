/**
 * Cost of one llm span from its token counts and the price table; cost summed per trace and per
 * session (thin uses of core/totals.ts, kept for the public API).
 */
import type { SpanData } from '../core/span';
import { totalsByTrace, totalsOf } from '../core/totals';
import { lookupModel } from './model-lookup';
import type { Usage } from './providers/types';
import type { ModelPrice } from './prices';

/** The price entry for a model id, or undefined (matching rules: model-lookup.ts). */
export function findPrice(model: string | undefined, prices: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  return lookupModel(model, prices);
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
