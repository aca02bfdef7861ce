/**
 * What the mock model "thinks": a deterministic reply planned from the conversation, shared by the
 * OpenAI and Anthropic endpoints (each normalises its request into `Conversation` first).
 *
 * Magic words in the latest user message pick a scenario:
 *   "weather in Oslo, Paris and Atlantis"  one get_weather call per city, in parallel (the demo's
 *                                          tool fails for a city it does not know: Atlantis)
 *   "rate limit" or "429"                  HTTP 429 from the model
 *   "slow"                                 a long wait before the first token
 *   "story"                                a long answer, to press Stop during
 * The same conversation always gets the same answer, so a page with spanlens and one without
 * can be compared word for word.
 */
import { KNOWN_CITIES } from './weather.ts';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model emits it. */
  arguments: string;
}

export interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls?: ToolCall[];
  /** On a tool message: the call it answers. */
  toolCallId?: string;
  isError?: boolean;
}

export interface Conversation {
  messages: Message[];
  /** Names of the tools the request offers. */
  tools: string[];
}

export type Plan =
  | { kind: 'text'; text: string; slow: boolean }
  | { kind: 'tool_calls'; calls: ToolCall[]; slow: boolean }
  | { kind: 'rate_limited'; message: string };

export function planReply(conversation: Conversation, newId: (prefix: string) => string): Plan {
  const messages = conversation.messages;
  const lastUserIndex = findLastIndex(messages, (m) => m.role === 'user');
  const question = lastUserIndex >= 0 ? messages[lastUserIndex].text : '';
  const afterQuestion = messages.slice(lastUserIndex + 1);
  const slow = /\bslow\b/i.test(question);

  if (/rate.?limit|\b429\b/i.test(question)) {
    return { kind: 'rate_limited', message: 'Rate limit reached for requests. Please try again in 20s.' };
  }

  const toolResults = afterQuestion.filter((m) => m.role === 'tool');
  const cities = citiesAskedAbout(question);
  if (cities.length > 0 && toolResults.length === 0 && conversation.tools.includes('get_weather')) {
    const calls = cities.map((city) => ({ id: newId('call'), name: 'get_weather', arguments: JSON.stringify({ city }) }));
    return { kind: 'tool_calls', calls, slow };
  }

  const notes = notesFrom(messages.find((m) => m.role === 'system')?.text ?? '');
  if (toolResults.length > 0) return { kind: 'text', text: weatherAnswer(toolResults, notes), slow: false };
  if (/\bstory\b/i.test(question)) return { kind: 'text', text: STORY, slow };
  return { kind: 'text', text: plainAnswer(question, notes), slow };
}

/** "weather in Oslo, Lisbon and Atlantis" → the capitalised names, known or not. */
export function citiesAskedAbout(question: string): string[] {
  const match = /weather\s+(?:in|for|at)\s+(.+?)(?:[?.!]|$)/i.exec(question);
  if (!match) return [];
  const pieces = match[1].split(/,|\band\b|&/);
  const cities: string[] = [];
  for (const raw of pieces) {
    const piece = raw.trim().replace(/\s+(today|tomorrow|now|right now|this week)$/i, '');
    const known = KNOWN_CITIES.find((c) => c === piece.toLowerCase());
    if (known || /^[A-Z][\w'-]*(?: [A-Z][\w'-]*)*$/.test(piece)) {
      if (!cities.includes(piece)) cities.push(piece);
    }
  }
  return cities;
}

interface Note {
  title: string;
  content: string;
}

/** The demo puts retrieved notes in the system prompt as lines "[n] Title: content". */
function notesFrom(system: string): Note[] {
  const notes: Note[] = [];
  for (const line of system.split('\n')) {
    const m = /^\[\d+\]\s*([^:]+):\s*(.+)$/.exec(line.trim());
    if (m) notes.push({ title: m[1].trim(), content: m[2].trim() });
  }
  return notes;
}

function weatherAnswer(results: Message[], notes: Note[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const data = parseObject(result.text);
    if (result.isError || !data || typeof data.temperature_c !== 'number') {
      const city = typeof data?.city === 'string' ? data.city : 'one of the places';
      const reason = typeof data?.error === 'string' ? data.error : result.text;
      lines.push(`I couldn't get the weather for ${city} (${reason}).`);
    } else {
      lines.push(`In ${String(data.city)} it's ${data.temperature_c} °C with ${String(data.conditions)}, wind ${String(data.wind_kmh)} km/h.`);
    }
  }
  const tip = notes[0];
  if (tip) lines.push(`From your notes, "${tip.title}": ${tip.content}`);
  return lines.join(' ');
}

function plainAnswer(question: string, notes: Note[]): string {
  if (notes.length === 0) {
    return `I'm a mock model running inside the demo server, so I only know a few tricks. Ask me about the weather in a city (try Oslo), or say "story" for a long answer. You asked: "${question.trim()}".`;
  }
  const best = notes.slice(0, 2).map((n) => `${n.title}: ${n.content}`);
  return `Here is what your travel notes say. ${best.join(' ')}`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

const STORY = [
  'Once upon a time, a developer shipped a chat app that worked perfectly on their laptop.',
  'The first user asked about the weather in three cities at once, and the app went quiet.',
  'Somewhere between the retrieval step and the second completion, a tool call had failed,',
  'and nobody could tell which one, how long it took, or what the model had been told.',
  'So the developer added one script tag, pressed a hotkey, and watched the turn unfold as a tree:',
  'the search that returned five notes, the reranker that kept three, the completion that asked for',
  'three forecasts, and the one forecast for a city that does not exist, glowing red.',
  'The fix took two minutes. The story, however, goes on for a while longer, because you asked',
  'for a long answer and this is the part where you press Stop to see an aborted stream:',
  'the span keeps the words that arrived, marks the rest as cut short, and the app moves on.',
  'Tokens keep arriving, one by one, at a human pace, each one a small chunk of server-sent events,',
  'each one counted, timed and shown in the panel while it streams.',
].join(' ');
