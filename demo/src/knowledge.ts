/** Retrieval for the app: the mock's /api/search and /api/rerank. */
export interface Doc {
  id: string;
  title: string;
  content: string;
  score: number;
}

export async function searchNotes(query: string, topK: number, signal: AbortSignal): Promise<Doc[]> {
  const response = await fetch('/api/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, top_k: topK }), signal });
  if (!response.ok) throw new Error(`search failed: HTTP ${response.status}`);
  return ((await response.json()) as { results: Doc[] }).results;
}

export async function rerankNotes(query: string, documents: Doc[], topN: number, signal: AbortSignal): Promise<Doc[]> {
  const response = await fetch('/api/rerank', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, documents, top_n: topN }), signal });
  if (!response.ok) throw new Error(`rerank failed: HTTP ${response.status}`);
  return ((await response.json()) as { results: Doc[] }).results;
}

/** The notes go into the system prompt as "[n] Title: content" lines. */
export function systemPrompt(notes: Doc[]): string {
  const lines = notes.map((n, i) => `[${i + 1}] ${n.title}: ${n.content}`);
  return ['You are Wayfarer, a concise travel assistant. Use the get_weather tool for current weather.', 'Travel notes:', ...lines].join('\n');
}
