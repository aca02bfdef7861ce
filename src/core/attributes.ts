/**
 * Turning whatever app code hands us into a valid attribute value, without ever throwing.
 *
 * Strings, finite numbers and booleans pass as they are (the hot path). Everything else is
 * converted when that keeps its meaning (objects and mixed arrays to JSON, BigInt to its decimal
 * string) or dropped (undefined, null, NaN, functions, symbols), and the caller counts which.
 */
import type { AttributeValue } from './span';

export const TRUNCATION_MARKER = '…[truncated by spanlens]';

export type Conversion = 'kept' | 'converted' | 'dropped';

export interface Converted {
  value: AttributeValue | undefined;
  how: Conversion;
}

/**
 * `record[key] = value`, as an own data property whatever the key. Keys come from outside input
 * (an app's object, an imported file, a stored record) and are data: assigning `__proto__` would
 * call Object.prototype's setter and replace the record's prototype instead. Every other key is
 * safe to assign (the rest of Object.prototype is plain writable data), so the common case stays
 * a plain assignment.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: NoInfer<T>): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}

const kept = (value: AttributeValue): Converted => ({ value, how: 'kept' });
const DROPPED: Converted = { value: undefined, how: 'dropped' };

export function toAttributeValue(value: unknown): Converted {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return kept(value);
    case 'number':
      return Number.isFinite(value) ? kept(value) : DROPPED;
    case 'bigint':
      return { value: value.toString(), how: 'converted' };
    case 'object':
      if (value === null) return DROPPED;
      if (Array.isArray(value)) return arrayValue(value);
      return jsonValue(value);
    default:
      // undefined, function, symbol
      return DROPPED;
  }
}

function arrayValue(items: unknown[]): Converted {
  if (items.length === 0) return kept([] as string[]);
  const first = typeof items[0];
  if (first === 'string' || first === 'boolean' || first === 'number') {
    let homogeneous = true;
    for (const item of items) {
      if (typeof item !== first || (first === 'number' && !Number.isFinite(item as number))) {
        homogeneous = false;
        break;
      }
    }
    if (homogeneous) return kept(items.slice() as AttributeValue);
  }
  return jsonValue(items);
}

function jsonValue(value: object): Converted {
  const json = safeJson(value);
  return json === undefined ? DROPPED : { value: json, how: 'converted' };
}

/**
 * JSON.stringify that survives what app objects contain: cycles become "[Circular]", BigInt its
 * decimal string, functions and symbols vanish as JSON makes them, Errors keep name and message.
 * Returns undefined when nothing serialisable is left.
 */
export function safeJson(value: unknown, indent?: number): string | undefined {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(
      value,
      function (_key, v: unknown) {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Error) return { name: v.name, message: v.message };
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      },
      indent,
    );
  } catch {
    // A throwing toJSON or getter: the value cannot be represented.
    return undefined;
  }
}

/** Cut a string to `max` chars with a visible marker. */
export function truncate(text: string, max: number): string {
  return text.slice(0, Math.max(0, max - TRUNCATION_MARKER.length)) + TRUNCATION_MARKER;
}

/** A name for display, whatever the app passed (a throwing toString included). */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return safeJson(error) ?? toText(error);
}
