/**
 * Finding a model's row in a table keyed by model id (the price table, the context-window table).
 * Matching is exact after removing what does not change the model: a `vendor/` prefix
 * (OpenRouter's `openai/gpt-4o`), a `models/` prefix (Gemini), and a date or `-latest` suffix
 * (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`). `gpt-4o-audio-preview` does NOT match
 * `gpt-4o`: an unknown model gets no row, never a guess.
 */
export function lookupModel<Row>(model: string | undefined, table: Readonly<Record<string, Row>>): Row | undefined {
  if (!model) return undefined;
  const lower = model.trim().toLowerCase();
  const id = lower.replace(/^models\//, '').replace(/^.*\//s, '');
  const undated = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, '');
  for (const key of [model, lower, id, undated]) {
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}
