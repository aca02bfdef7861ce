/**
 * The context-window table beside the price table (prices.ts): how many tokens a model reads in
 * one request, input and output together, as the providers document them (November 2025):
 *   https://platform.openai.com/docs/models  https://docs.anthropic.com/en/docs/about-claude/models
 *   https://ai.google.dev/gemini-api/docs/models
 * Used for the context gauge (input tokens / window). A model that is not here gets no gauge,
 * never a guess; apps extend the table with the `contextWindows` option.
 */
import { lookupModel } from './model-lookup';

export const DEFAULT_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  // --- OpenAI ---
  'gpt-5.1': 400_000,
  'gpt-5': 400_000,
  'gpt-5-chat-latest': 128_000,
  'gpt-5-mini': 400_000,
  'gpt-5-nano': 400_000,
  'gpt-5-pro': 400_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'gpt-4-turbo': 128_000,
  'gpt-3.5-turbo': 16_385,
  o1: 200_000,
  'o1-mini': 128_000,
  o3: 200_000,
  'o3-mini': 200_000,
  'o3-pro': 200_000,
  'o4-mini': 200_000,

  // --- Anthropic (the standard window; 1M-token beta windows are opt-in per request) ---
  'claude-opus-4-5': 200_000,
  'claude-opus-4-1': 200_000,
  'claude-opus-4': 200_000,
  'claude-sonnet-4-5': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-3-5-sonnet': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-3-5-haiku': 200_000,
  'claude-3-haiku': 200_000,
  'claude-3-opus': 200_000,

  // --- Google Gemini (input token limit) ---
  'gemini-3-pro-preview': 1_048_576,
  'gemini-2.5-pro': 1_048_576,
  'gemini-2.5-flash': 1_048_576,
  'gemini-2.5-flash-lite': 1_048_576,
  'gemini-2.0-flash': 1_048_576,
  'gemini-2.0-flash-lite': 1_048_576,
};

/** The model's context window in tokens, or undefined when the table does not know it. */
export function findContextWindow(model: string | undefined, windows: Readonly<Record<string, number>> = DEFAULT_CONTEXT_WINDOWS): number | undefined {
  return lookupModel(model, windows);
}
