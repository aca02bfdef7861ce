/**
 * The price table: USD per million tokens, list prices for standard (non-batch) API use, short
 * prompts (where a provider charges more above a prompt size, the lower tier is listed).
 * Checked against the providers' pricing pages in November 2025:
 *   https://openai.com/api/pricing  https://www.anthropic.com/pricing#api
 *   https://ai.google.dev/gemini-api/docs/pricing
 * Gemini 3 Flash and 3.1 rows: December 2026, from the same Gemini page as quoted by price
 * trackers (the page itself could not be fetched from here); 3.1 Flash-Lite has no cached rate.
 * Prices change: apps override or extend this table with the `prices` option.
 * A model that is not here gets no cost at all, never a guess.
 */

export interface ModelPrice {
  /** USD per 1M input tokens not served from a cache. */
  input: number;
  /** USD per 1M output tokens (reasoning tokens included: they are billed as output). */
  output: number;
  /** USD per 1M input tokens read from the prompt cache; absent: billed as input. */
  cachedInput?: number;
  /** USD per 1M input tokens written to the prompt cache (Anthropic, 5-minute TTL); absent: input. */
  cacheWrite?: number;
}

/** One row of the table, in USD per 1M tokens. */
function price(input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelPrice {
  const row: ModelPrice = { input, output };
  if (cachedInput !== undefined) row.cachedInput = cachedInput;
  if (cacheWrite !== undefined) row.cacheWrite = cacheWrite;
  return row;
}

// Rows: price(input, output, cachedInput?, cacheWrite?).
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  // --- OpenAI ---
  'gpt-5.1': price(1.25, 10, 0.125),
  'gpt-5': price(1.25, 10, 0.125),
  'gpt-5-chat-latest': price(1.25, 10, 0.125),
  'gpt-5-mini': price(0.25, 2, 0.025),
  'gpt-5-nano': price(0.05, 0.4, 0.005),
  'gpt-5-pro': price(15, 120),
  'gpt-4.1': price(2, 8, 0.5),
  'gpt-4.1-mini': price(0.4, 1.6, 0.1),
  'gpt-4.1-nano': price(0.1, 0.4, 0.025),
  'gpt-4o': price(2.5, 10, 1.25),
  'gpt-4o-mini': price(0.15, 0.6, 0.075),
  'gpt-4-turbo': price(10, 30),
  'gpt-3.5-turbo': price(0.5, 1.5),
  o1: price(15, 60, 7.5),
  'o1-mini': price(1.1, 4.4, 0.55),
  o3: price(2, 8, 0.5),
  'o3-mini': price(1.1, 4.4, 0.55),
  'o3-pro': price(20, 80),
  'o4-mini': price(1.1, 4.4, 0.275),
  'text-embedding-3-small': price(0.02, 0),
  'text-embedding-3-large': price(0.13, 0),

  // --- Anthropic (cache reads 0.1x input, 5-minute cache writes 1.25x input) ---
  'claude-opus-4-5': price(5, 25, 0.5, 6.25),
  'claude-opus-4-1': price(15, 75, 1.5, 18.75),
  'claude-opus-4': price(15, 75, 1.5, 18.75),
  'claude-sonnet-4-5': price(3, 15, 0.3, 3.75),
  'claude-sonnet-4': price(3, 15, 0.3, 3.75),
  'claude-3-7-sonnet': price(3, 15, 0.3, 3.75),
  'claude-3-5-sonnet': price(3, 15, 0.3, 3.75),
  'claude-haiku-4-5': price(1, 5, 0.1, 1.25),
  'claude-3-5-haiku': price(0.8, 4, 0.08, 1),
  'claude-3-haiku': price(0.25, 1.25, 0.03, 0.3),
  'claude-3-opus': price(15, 75, 1.5, 18.75),

  // --- Google Gemini (prompts up to 200k tokens) ---
  'gemini-3.1-pro-preview': price(2, 12, 0.2),
  'gemini-3-pro-preview': price(2, 12, 0.2),
  'gemini-3-flash-preview': price(0.5, 3, 0.05),
  'gemini-3.1-flash-lite-preview': price(0.25, 1.5),
  'gemini-2.5-pro': price(1.25, 10, 0.125),
  'gemini-2.5-flash': price(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': price(0.1, 0.4, 0.01),
  'gemini-2.0-flash': price(0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': price(0.075, 0.3),
};
