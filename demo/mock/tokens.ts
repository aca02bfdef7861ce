/**
 * How the mock turns text into streamed tokens, and how it counts tokens for `usage`.
 * Real tokenizers give about four characters a token; pieces of at most five non-space
 * characters (with their leading space) look and count much like that, and are deterministic.
 */

/** Split text into the pieces streamed one chunk each. Joined, they give the text back. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,5}|\s+$/g) ?? [];
}

/** A token estimate for prompt text (what `usage.prompt_tokens` reports). */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
