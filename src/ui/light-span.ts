/**
 * The panel's copy of an ended span: what the tree, the filters and the links need, with every
 * long text (prompts, completions, tool results, documents) cut to its first LIGHT_TEXT
 * characters. The whole span stays in the store; the details pane reads it from there when the
 * span is selected. This is what bounds the panel's memory by bytes, not only by span count.
 */
import type { AttributeValue, SpanData } from '../core/span';

/** Characters of each long text an ended span keeps in the panel (search sees these). */
export const LIGHT_TEXT = 256;

/**
 * The first LIGHT_TEXT characters as a string of their own. A plain slice would not do: V8 keeps
 * a slice of a long string as a view into it, which keeps the whole text alive.
 */
function cut(text: string): string {
  return JSON.parse(JSON.stringify(text.slice(0, LIGHT_TEXT) + '…')) as string;
}

function lightValue(value: AttributeValue): AttributeValue {
  if (typeof value === 'string') return value.length > LIGHT_TEXT ? cut(value) : value;
  if (Array.isArray(value) && typeof value[0] === 'string') return (value as string[]).map((v) => lightValue(v) as string);
  return value;
}

function isLong(value: AttributeValue): boolean {
  if (typeof value === 'string') return value.length > LIGHT_TEXT;
  return Array.isArray(value) && value.some((v) => typeof v === 'string' && v.length > LIGHT_TEXT);
}

/** The light copy of `span`, or undefined when nothing of it is long (keep it as it is). */
export function lightSpan(span: SpanData): SpanData | undefined {
  const long = (attributes: SpanData['attributes']) => Object.values(attributes).some(isLong);
  if (!long(span.attributes) && !span.events.some((e) => e.attributes && long(e.attributes))) return undefined;
  const light = (attributes: SpanData['attributes']) => {
    const copy: SpanData['attributes'] = {};
    for (const key of Object.keys(attributes)) {
      // Keys are data (a hostile file may name one __proto__): define, never assign.
      Object.defineProperty(copy, key, { value: lightValue(attributes[key]), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return {
    ...span,
    attributes: light(span.attributes),
    events: span.events.map((event) => (event.attributes ? { ...event, attributes: light(event.attributes) } : event)),
  };
}
