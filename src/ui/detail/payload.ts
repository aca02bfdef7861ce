/**
 * Reading untrusted payloads cheaply: JSON that may be malformed, values that capture cut (and
 * their original length), and base64 blobs that are summarised (type and size) instead of being
 * put into the DOM.
 */
import { TRUNCATION_MARKER } from '../../core/attributes';
import { SPANLENS_ORIGINAL_LENGTH_PREFIX } from '../../core/semconv';
import type { Attributes } from '../../core/span';

export type Parsed = { ok: true; value: unknown } | { ok: false };

/** JSON.parse for strings that look like an object or array; never throws. */
export function parseJson(text: string): Parsed {
  if (!/^\s*[[{]/.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A value that may be a JSON string: parsed when it is a string, as it is otherwise. */
export const readJson = (value: unknown): Parsed => (typeof value === 'string' ? parseJson(value) : { ok: true, value });

/** The length before capture cut the value, when it was cut. */
export function originalLength(attributes: Attributes, key: string): number | undefined {
  const recorded = attributes[SPANLENS_ORIGINAL_LENGTH_PREFIX + key];
  if (typeof recorded === 'number') return recorded;
  const value = attributes[key];
  return typeof value === 'string' && value.endsWith(TRUNCATION_MARKER) ? value.length : undefined;
}

/** Whether a JSON value has `needle` (lower case) in a key or a value: to open what search found. */
export function contains(value: unknown, needle: string): boolean {
  if (value === null || typeof value !== 'object') return String(value).toLowerCase().includes(needle);
  for (const key in value) {
    if (key.toLowerCase().includes(needle) || contains((value as Record<string, unknown>)[key], needle)) return true;
  }
  return false;
}

/** A piece of displayed text: plain text, or a binary blob shown only by its label. */
export type Segment = string | { binary: string };

export interface Split {
  segments: Segment[];
  /** Index in the text where display stopped: the text's length unless it was clipped. */
  end: number;
}

// A bare base64 run this long is data, not a word; a data: URL is data at any length.
const MIN_BARE_RUN = 400;

/** What a base64 payload holds, e.g. "image/png · 12.3 KB": the payload, or its length and padding. */
export function binaryLabel(base64: string | number, type = 'base64', padding = 0): string {
  if (typeof base64 === 'string') {
    padding = base64.length - base64.replace(/={1,2}$/, '').length;
    base64 = base64.length;
  }
  const bytes = Math.floor((base64 * 3) / 4) - padding;
  return `${type} · ${formatBytes(bytes)}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const PLUS_OR_SLASH = 8;
/** Every class a run of random bytes in base64 shows. */
const RANDOM_BASE64 = UPPER | LOWER | DIGIT;

/** Which base64 character class a char code is in; 0 for a character outside base64. */
function base64Class(c: number): number {
  if (c >= 65 && c <= 90) return UPPER;
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 48 && c <= 57) return DIGIT;
  if (c === 43 || c === 47) return PLUS_OR_SLASH;
  return 0;
}

/**
 * Split text into plain parts and summarised base64 blobs, up to `limit` visible characters.
 * One pass over the characters (a regex with alternatives was 10x slower on big prompts), and
 * it stops at the limit, so a clipped megabyte costs what its visible part costs.
 */
export function splitBinary(text: string, limit = Infinity): Split {
  const segments: Segment[] = [];
  let from = 0; // start of the plain text not yet pushed
  let visible = 0;
  let run = 0; // length of the current run of base64 characters
  let classes = 0; // which of the classes above the run has
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const cls = base64Class(c);
    if (cls) {
      run++;
      classes |= cls;
      continue;
    }
    const start = i - run;
    const head = run > 0 && text.startsWith('base64,', start - 7) ? text.slice(Math.max(0, start - 100), start).lastIndexOf('data:') : -1;
    const url = head < 0 ? -1 : Math.max(0, start - 100) + head;
    const isUrl = url >= 0;
    // Random bytes in base64 mix upper case, lower case and digits; a long run of one letter is text.
    if (isUrl || (run >= MIN_BARE_RUN && classes === RANDOM_BASE64)) {
      const blobStart = isUrl ? url : start;
      if (visible + blobStart - from > limit) break;
      if (blobStart > from) segments.push(text.slice(from, blobStart));
      visible += blobStart - from;
      let end = i;
      while (text[end] === '=' && end - i < 2) end++;
      const type = isUrl ? text.slice(url + 5, start - 8).split(';')[0] || 'base64' : 'base64';
      segments.push({ binary: binaryLabel(end - start, type, end - i) });
      from = end;
      i = end - 1;
    }
    run = 0;
    classes = 0;
    if (visible + i - from > limit) break;
  }
  if (visible + text.length - from <= limit) {
    if (from < text.length) segments.push(text.slice(from));
    return { segments, end: text.length };
  }
  const end = from + Math.max(0, limit - visible);
  if (end > from) segments.push(text.slice(from, end));
  return { segments, end };
}
