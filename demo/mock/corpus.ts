/**
 * The demo's knowledge base: a few travel notes that /api/search retrieves from and /api/rerank
 * orders. Scoring is plain term overlap, deterministic, good enough to look like retrieval.
 */
export interface Document {
  id: string;
  title: string;
  content: string;
}

export interface ScoredDocument extends Document {
  score: number;
}

export const DOCUMENTS: Document[] = [
  { id: 'doc-rain', title: 'Packing for rain', content: 'Pack a light waterproof shell and quick-dry layers; an umbrella is useless in coastal wind.' },
  { id: 'doc-cold', title: 'Cold weather layers', content: 'Below 8 °C wear a wool base layer, a fleece and a windproof jacket; add gloves when it is windy.' },
  { id: 'doc-sun', title: 'Sunny city breaks', content: 'Bring sunscreen, a refillable bottle and shoes you can walk ten kilometres in.' },
  { id: 'doc-oslo', title: 'Oslo in autumn', content: 'Oslo autumns are short and wet: daylight fades by five, and the fjord wind makes it feel colder.' },
  { id: 'doc-lisbon', title: 'Lisbon hills', content: 'Lisbon is built on seven hills: comfortable shoes matter more than any jacket.' },
  { id: 'doc-paris', title: 'Paris museums', content: 'Most Paris museums close one day a week; book the Louvre ahead to skip the queue.' },
  { id: 'doc-tokyo', title: 'Tokyo transit', content: 'A rechargeable transit card works on every Tokyo train and in most convenience stores.' },
  { id: 'doc-carry-on', title: 'Carry-on only', content: 'Travel carry-on only: roll clothes, wear the bulkiest shoes, and keep liquids under 100 ml.' },
  { id: 'doc-fog', title: 'San Francisco fog', content: 'Summer in San Francisco is foggy and cool; locals dress in layers all year.' },
  { id: 'doc-jetlag', title: 'Beating jet lag', content: 'Get daylight in the morning at your destination and skip the long afternoon nap.' },
];

const STOP_WORDS = new Set(['the', 'a', 'an', 'in', 'and', 'or', 'what', 'should', 'i', 'is', 'it', 'to', 'for', 'of', 'me', 'my', 'do', 'how', 'whats', "what's", 'be', 'will', 'like']);

function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9°]+/)
    .filter((t) => t.length > 1 && !STOP_WORDS.has(t));
}

function overlap(query: string[], doc: Document, titleWeight: number): number {
  const body = new Set(terms(doc.content));
  const title = new Set(terms(doc.title));
  let score = 0;
  for (const t of query) {
    const stem = t.replace(/(ing|s)$/, '');
    for (const word of body) if (word.startsWith(stem)) score += 1;
    for (const word of title) if (word.startsWith(stem)) score += titleWeight;
  }
  return score;
}

/** The topK documents for a query, best first; ties keep corpus order. */
export function search(query: string, topK: number): ScoredDocument[] {
  const q = terms(query);
  return DOCUMENTS.map((doc, i) => ({ ...doc, score: round(overlap(q, doc, 1) + 0.1 / (i + 1)) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.max(0, topK));
}

/** Re-score documents against the query with title matches weighted up; returns topN. */
export function rerank(query: string, documents: Document[], topN: number): ScoredDocument[] {
  const q = terms(query);
  const max = Math.max(1, q.length * 3);
  return documents
    .map((doc) => ({ ...doc, score: round(Math.min(1, overlap(q, doc, 2) / max)) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.max(0, topN));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
