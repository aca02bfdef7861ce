/**
 * How each option's value is read (src/config.ts's OPTIONS table uses these): from a JS value, and
 * from the text of a data attribute. Each reader returns the value to use, or undefined to reject.
 */
import type { UrlPattern } from './instrument/url-patterns';

const BOOLEAN_WORDS: Record<string, boolean> = { '': true, true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };
const MODIFIERS = new Set(['ctrl', 'control', 'alt', 'option', 'shift', 'meta', 'cmd', 'command']);

// How a data attribute's text becomes a value (anything unreadable stays text, which `read` rejects).
export const numberText = (text: string) => (/^[\d.eE+-]+$/.test(text.trim()) ? Number(text) : NaN);
export const splitList = (text: string) => text.split(/[\s,]+/).filter((p) => p !== '');

/** A `read` that keeps the value as it is when `test` accepts it. */
export const when =
  <T>(test: (value: any) => boolean) =>
  (value: unknown): T | undefined =>
    test(value) ? (value as T) : undefined;

export const BOOLEAN = {
  expected: 'true or false',
  read: when<boolean>((v) => typeof v === 'boolean'),
  fromText: (text: string) => BOOLEAN_WORDS[text.trim().toLowerCase()] ?? text,
};

export function wholeNumber(min: number) {
  return {
    expected: `a whole number ≥ ${min}`,
    read: when<number>((v) => Number.isInteger(v) && v >= min),
    fromText: numberText,
  };
}

export function oneOf<T extends string>(allowed: readonly T[]) {
  return { expected: `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, read: when<T>((v) => allowed.includes(v)) };
}

export function hotkey(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.split('+').map((p) => p.trim());
  const key = parts.pop();
  const modifiersKnown = parts.every((p) => MODIFIERS.has(p.toLowerCase()));
  return key && parts.length > 0 && modifiersKnown && !MODIFIERS.has(key.toLowerCase()) ? v.trim() : undefined;
}

/** One item or a non-empty list of them, each read by `readItem` (undefined: the whole list is rejected). */
export function listOf<T>(readItem: (item: unknown) => T | undefined) {
  return (v: unknown): T[] | undefined => {
    const list = Array.isArray(v) ? v : [v];
    const out = list.map(readItem);
    return out.length > 0 && !out.includes(undefined) ? (out as T[]) : undefined;
  };
}

export function urlPattern(p: unknown): UrlPattern | undefined {
  if (p instanceof RegExp) return p;
  if (typeof p === 'string' && p.trim() !== '') return p.trim();
  return undefined;
}

/** An http(s) URL; a base URL gets OTLP's `/v1/traces` path. */
export function otlpEndpoint(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(v.trim(), typeof location === 'undefined' ? undefined : location.href);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/traces';
  return url.href;
}

/** `key=value,key2=value2`, values URL-encoded as in OTEL_EXPORTER_OTLP_HEADERS. */
export function headersText(text: string): unknown {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0) return text;
    try {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return text;
    }
  }
  return headers;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const isHeaders = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, value]) => HEADER_NAME.test(k) && typeof value === 'string');

export const isPrice = (p: unknown) =>
  p !== null && typeof p === 'object' && ['input', 'output'].every((k) => typeof (p as Record<string, unknown>)[k] === 'number');

/** An http(s) origin (a URL with nothing after its host), or undefined. */
export function toOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && (url.pathname === '/' || url.pathname === '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The collector's base URL: an http(s) URL, or true for the page's own origin. */
export function collectorUrl(v: unknown): string | undefined {
  const page = typeof location === 'undefined' ? undefined : location.href;
  if (v === true) return page ? new URL(page).origin : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  try {
    const url = new URL(v.trim(), page);
    return /^https?:$/.test(url.protocol) ? (url.origin + url.pathname).replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}
