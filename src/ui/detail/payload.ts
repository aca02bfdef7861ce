/**
 * Reading untrusted payloads cheaply: JSON that may be malformed or cut, and base64 blobs that
 * must be summarised (type and size) instead of being put into the DOM.
 */

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

// A data: URL with base64 content, or a bare base64 run too long to be a word.
const BINARY = /data:([\w.+-]+\/[\w.+-]+)?[^,\s"']{0,80}?;base64,[A-Za-z0-9+/=]+|[A-Za-z0-9+/]{400,}={0,2}/g;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What a base64 payload of `length` chars holds, e.g. "image/png · 12.3 KB". */
export function binaryLabel(length: number, type = 'base64'): string {
  return `${type} · ${formatBytes((length * 3) / 4)}`;
}

/** Split text into plain parts and summarised base64 blobs. */
export function splitBinary(text: string): Segment[] {
  if (text.length < 400 && !text.includes('base64,')) return [text];
  const out: Segment[] = [];
  let from = 0;
  for (const match of text.matchAll(BINARY)) {
    const at = match.index;
    // Random bytes in base64 mix upper case, lower case and digits; a long run of one letter is text.
    const run = match[0];
    if (!match[1] && !(/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run))) continue;
    if (at > from) out.push(text.slice(from, at));
    const comma = run.indexOf('base64,');
    const data = comma < 0 ? run.length : run.length - comma - 7;
    out.push({ binary: binaryLabel(data, match[1] ?? 'base64') });
    from = at + run.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}
