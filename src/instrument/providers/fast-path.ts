/**
 * Reading the text out of the most common stream event without JSON.parse.
 *
 * A long answer is thousands of small events that differ only in a few characters of text;
 * parsing each whole event costs more than everything else the tap does. The structural markers
 * looked for here cannot occur inside a JSON string (quotes in strings are always escaped as \"),
 * so finding `"delta":{"content":"` proves where the text literal starts. Anything that does not
 * match the exact simple shape returns undefined and takes the full JSON.parse path.
 */

/** The JSON string literal starting at `start` (just after its opening quote), decoded; and where it ends. */
export function readStringLiteral(data: string, start: number): { value: string; end: number } | undefined {
  let escaped = false;
  for (let i = start; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 92 /* \ */) {
      escaped = true;
      i++;
    } else if (c === 34 /* " */) {
      const raw = data.slice(start, i);
      if (!escaped) return { value: raw, end: i + 1 };
      try {
        return { value: JSON.parse(`"${raw}"`) as string, end: i + 1 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const CHAT_DELTA = '"delta":{"content":"';

/**
 * The text of an OpenAI chat chunk that carries only text for choice 0:
 * `{..., "choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}`.
 * Chunks with tool calls, a finish reason, usage, several choices, a role or an error do not match.
 */
export function chatTextDelta(data: string): string | undefined {
  const at = data.indexOf(CHAT_DELTA);
  if (at === -1 || data.indexOf('"delta"', at + CHAT_DELTA.length) !== -1) return undefined;
  if (data.indexOf('"choices":[{"index":0,') === -1) return undefined;
  const literal = readStringLiteral(data, at + CHAT_DELTA.length);
  // The delta holds nothing but the text, and nothing else in the chunk needs reading.
  if (!literal || data.charCodeAt(literal.end) !== 125 /* } */) return undefined;
  if (data.indexOf('"finish_reason":null') === -1 || data.includes('"usage":{') || data.includes('"error"')) return undefined;
  return literal.value;
}

const ANTHROPIC_DELTA = '{"type":"content_block_delta","index":';
const ANTHROPIC_TEXT = ',"delta":{"type":"text_delta","text":"';

/** `{"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}` → [N, text]. */
export function anthropicTextDelta(data: string): [number, string] | undefined {
  if (!data.startsWith(ANTHROPIC_DELTA)) return undefined;
  const textAt = data.indexOf(ANTHROPIC_TEXT, ANTHROPIC_DELTA.length);
  if (textAt === -1) return undefined;
  const index = Number(data.slice(ANTHROPIC_DELTA.length, textAt));
  if (!Number.isInteger(index)) return undefined;
  const literal = readStringLiteral(data, textAt + ANTHROPIC_TEXT.length);
  if (!literal || data.slice(literal.end) !== '}}') return undefined;
  return [index, literal.value];
}
