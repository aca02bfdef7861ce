/**
 * The configuration of install(): its type, and the reading of it from the two places a page can
 * set it without code, the `data-*` attributes of spanlens' own `<script>` element and a
 * `window.spanlensConfig` object defined before it:
 *
 *   <script>window.spanlensConfig = { llmUrls: ['/api/chat', /ollama/] }</script>
 *   <script src="spanlens.iife.js" data-hotkey="Alt+Shift+J" data-dock="right"></script>
 *
 * A data attribute's name is the option's name in kebab case (`maxSessions` ↔ `data-max-sessions`);
 * attributes win over the object. Nothing here throws: an unknown name or a malformed value becomes
 * one line in `problems` (shown on the console and in the panel) and the default is used.
 */
import type { Span } from './core/tracer';
import type { ModelPrice } from './instrument/prices';
import type { UrlPattern } from './instrument/url-patterns';

export type Dock = 'bottom' | 'right' | 'floating';
export type Theme = 'auto' | 'light' | 'dark';

/** USD per million tokens by model id, as the fetch instrumentation's price table takes them. */
export type PriceTable = Record<string, ModelPrice>;

export interface SpanlensConfig {
  /** Toggles the panel. Default 'Alt+Shift+K'. */
  hotkey?: string;
  /** Open the panel when the page loads. Default closed. Once the user toggles it, their choice wins. */
  open?: boolean;
  /** Where the panel sits. Default 'bottom'. Once the user docks it elsewhere, their choice wins. */
  dock?: Dock;
  /** 'auto' follows prefers-color-scheme. Default 'auto'. The user's choice in the panel wins. */
  theme?: Theme;
  /** Record prompts, completions, tool arguments and results. Off: metadata only. Default true. */
  captureContent?: boolean;
  /** Extra URLs that are OpenAI-compatible LLM endpoints: paths ('/api/chat'), globs, RegExps. */
  llmUrls?: UrlPattern[];
  /** Origins besides the page's own that get a W3C `traceparent` header. Default none. */
  traceparentOrigins?: string[];
  /** Record other fetches as `http` spans. Default false. */
  recordHttp?: boolean;
  /** Page sessions kept in IndexedDB, the current one included. Default 50. */
  maxSessions?: number;
  /** Megabytes kept in IndexedDB across sessions. Default 50. */
  maxMegabytes?: number;
  /** Strings longer than this are cut. Default 65536. */
  maxAttributeLength?: number;
  /** Show the panel (and its launcher). Off: record and store only. Default true. */
  overlay?: boolean;
  /** CSP nonce for the fallback `<style>` element. Default: the nonce of spanlens' own `<script>`. */
  nonce?: string;
  /** Prices that override or extend the built-in table (object config only). */
  prices?: PriceTable;
  /** Mask PII before spans reach the panel, the store or an export (object config only). */
  redact?: (span: Span) => void;
  /** Element to mount the panel into. Default document.body (object config only). */
  container?: HTMLElement;
  /** Forward ended spans to this OTLP/HTTP traces endpoint. Default off. */
  otlpEndpoint?: string;
  /** Headers for the OTLP endpoint (`key=value,key2=value2` in the attribute). Never shown or stored. */
  otlpHeaders?: Record<string, string>;
  /** The OTLP encoding. Default 'json'. */
  otlpProtocol?: OtlpProtocol;
  /**
   * The local collector whose server spans join the page's tree: its URL, or true (a bare
   * `data-collector`) for the page's own origin (the Vite plugin). Default off.
   */
  collector?: string;
}

export type OtlpProtocol = 'json' | 'protobuf';

/** The outcome of reading a configuration: what to use, and what was wrong with what was given. */
export interface ParsedConfig {
  config: SpanlensConfig;
  /** One line each, already prefixed `spanlens: `. */
  problems: string[];
}

interface OptionSpec {
  /** What a valid value is, for messages: "should be ...". */
  expected: string;
  /** The value to use, or undefined when `value` is not acceptable. */
  read: (value: unknown) => unknown;
  /** Shown in messages: "using the default (...)". */
  defaultText: string;
  /** The value a data attribute's text stands for, before `read`. Default: the text itself. */
  fromText?: (text: string) => unknown;
  /** Only window.spanlensConfig and install() can set it (functions, objects, elements). */
  objectOnly?: true;
}

const BOOLEAN_WORDS: Record<string, boolean> = { '': true, true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };
const MODIFIERS = new Set(['ctrl', 'control', 'alt', 'option', 'shift', 'meta', 'cmd', 'command']);

// How a data attribute's text becomes a value (anything unreadable stays text, which `read` rejects).
const numberText = (text: string) => (/^[\d.eE+-]+$/.test(text.trim()) ? Number(text) : NaN);
const splitList = (text: string) => text.split(/[\s,]+/).filter((p) => p !== '');

/** A `read` that keeps the value as it is when `test` accepts it. */
const when =
  (test: (value: any) => boolean) =>
  (value: unknown) =>
    test(value) ? value : undefined;

const BOOLEAN = {
  expected: 'true or false',
  read: when((v) => typeof v === 'boolean'),
  fromText: (text: string) => BOOLEAN_WORDS[text.trim().toLowerCase()] ?? text,
};

function wholeNumber(min: number) {
  return {
    expected: `a whole number ≥ ${min}`,
    read: when((v) => Number.isInteger(v) && v >= min),
    fromText: numberText,
  };
}

function oneOf(...allowed: string[]) {
  return { expected: `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, read: when((v) => allowed.includes(v)) };
}

function hotkey(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.split('+').map((p) => p.trim());
  const key = parts.pop();
  const modifiersKnown = parts.every((p) => MODIFIERS.has(p.toLowerCase()));
  return key && parts.length > 0 && modifiersKnown && !MODIFIERS.has(key.toLowerCase()) ? v.trim() : undefined;
}

/** One item or a non-empty list of them, each read by `readItem` (undefined: the whole list is rejected). */
function listOf(readItem: (item: unknown) => unknown) {
  return (v: unknown) => {
    const list = Array.isArray(v) ? v : [v];
    const out = list.map(readItem);
    return out.length > 0 && !out.includes(undefined) ? out : undefined;
  };
}

const urlPattern = (p: unknown) => (p instanceof RegExp ? p : typeof p === 'string' && p.trim() !== '' ? p.trim() : undefined);

/** An http(s) URL; a base URL gets OTLP's `/v1/traces` path. */
function otlpEndpoint(v: unknown): string | undefined {
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

/** The collector's base URL: an http(s) URL, or true for the page's own origin. */
function collectorUrl(v: unknown): string | undefined {
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

/** `key=value,key2=value2`, values URL-encoded as in OTEL_EXPORTER_OTLP_HEADERS. */
function headersText(text: string): unknown {
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
const isHeaders = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, value]) => HEADER_NAME.test(k) && typeof value === 'string');

const isPrice = (p: unknown) =>
  p !== null && typeof p === 'object' && ['input', 'output'].every((k) => typeof (p as Record<string, unknown>)[k] === 'number');

/** Every option, in the order the README's table lists them. */
export const OPTIONS: Record<keyof SpanlensConfig, OptionSpec> = {
  hotkey: { expected: 'a key with modifiers, like "Alt+Shift+K"', read: hotkey, defaultText: 'Alt+Shift+K' },
  open: { ...BOOLEAN, defaultText: 'closed' },
  dock: { ...oneOf('bottom', 'right', 'floating'), defaultText: 'bottom' },
  theme: { ...oneOf('auto', 'light', 'dark'), defaultText: 'auto' },
  captureContent: { ...BOOLEAN, defaultText: 'true' },
  llmUrls: { expected: 'a list of URL paths, globs or RegExps', read: listOf(urlPattern), fromText: splitList, defaultText: 'none' },
  traceparentOrigins: {
    expected: 'a list of origins, like "https://api.example.com"',
    read: listOf((item) => (typeof item === 'string' ? toOrigin(item.trim()) : undefined)),
    fromText: splitList,
    defaultText: 'none',
  },
  recordHttp: { ...BOOLEAN, defaultText: 'false' },
  maxSessions: { ...wholeNumber(1), defaultText: '50' },
  maxMegabytes: { expected: 'a number > 0', read: when((v) => Number.isFinite(v) && v > 0), fromText: numberText, defaultText: '50' },
  maxAttributeLength: { ...wholeNumber(64), defaultText: '65536' },
  overlay: { ...BOOLEAN, defaultText: 'true' },
  nonce: { expected: 'a string', read: when((v) => typeof v === 'string'), defaultText: 'none' },
  prices: {
    expected: 'an object of { input, output } USD per million tokens by model',
    read: when((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isPrice)),
    defaultText: 'built-in',
    objectOnly: true,
  },
  redact: { expected: 'a function', read: when((v) => typeof v === 'function'), defaultText: 'none', objectOnly: true },
  container: {
    expected: 'an HTML element',
    read: when((v) => typeof HTMLElement !== 'undefined' && v instanceof HTMLElement),
    defaultText: 'document.body',
    objectOnly: true,
  },
  otlpEndpoint: { expected: 'an http(s) URL, like "http://localhost:6006/v1/traces"', read: otlpEndpoint, defaultText: 'off' },
  otlpHeaders: {
    expected: 'headers, like "x-api-key=abc,x-langfuse-ingestion-version=4"',
    read: when(isHeaders),
    fromText: headersText,
    defaultText: 'none',
  },
  otlpProtocol: { ...oneOf('json', 'protobuf'), defaultText: 'json' },
  collector: {
    expected: 'a URL like "http://localhost:4318", or true for this page\'s own origin',
    read: collectorUrl,
    fromText: (text: string) => (text.trim() === '' || text.trim() === 'true' ? true : text),
    defaultText: 'off',
  },
};

const OPTION_NAMES = Object.keys(OPTIONS) as Array<keyof SpanlensConfig>;

/** `maxSessions` → `data-max-sessions`. */
export function attributeName(option: string): string {
  return 'data-' + option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/**
 * Read a config object (install()'s argument or window.spanlensConfig). `source` names it in
 * messages. undefined and null mean "no config".
 */
export function parseConfigObject(input: unknown, source: string): ParsedConfig {
  const parsed: ParsedConfig = { config: {}, problems: [] };
  if (input === undefined || input === null) return parsed;
  if (typeof input !== 'object' || Array.isArray(input)) {
    parsed.problems.push(`spanlens: ${source} should be an object like { hotkey: 'Alt+Shift+K' }, got ${describeValue(input)}; using the defaults`);
    return parsed;
  }
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (!isOption(key)) parsed.problems.push(`spanlens: ${source}.${key} is not an option${suggest(key, OPTION_NAMES)}; ignored`);
    else if (value !== undefined) useOption(parsed, key, value, `${source}.${key}`, `, got ${describeValue(value)}`);
  }
  return parsed;
}

/** Read the `data-*` attributes of spanlens' own script element. */
export function parseDataAttributes(attributes: Iterable<{ name: string; value: string }>): ParsedConfig {
  const parsed: ParsedConfig = { config: {}, problems: [] };
  const byAttribute = new Map(OPTION_NAMES.map((name) => [attributeName(name), name]));
  for (const { name, value } of attributes) {
    const attribute = name.toLowerCase();
    if (!attribute.startsWith('data-')) continue;
    const option = byAttribute.get(attribute);
    if (!option || OPTIONS[option].objectOnly) {
      const reason = option ? ' (it can only be set in window.spanlensConfig)' : suggest(attribute, [...byAttribute.keys()]);
      parsed.problems.push(`spanlens: ${attribute} is not an option${reason}; ignored`);
    } else {
      const fromText = OPTIONS[option].fromText;
      useOption(parsed, option, fromText ? fromText(value) : value, `${attribute}="${clip(value)}"`, '');
    }
  }
  return parsed;
}

/** Put a valid value into the config; report anything else (`subject` and `got` describe it). */
function useOption(parsed: ParsedConfig, option: keyof SpanlensConfig, value: unknown, subject: string, got: string): void {
  const spec = OPTIONS[option];
  const result = spec.read(value);
  if (result === undefined) {
    parsed.problems.push(`spanlens: ${subject} should be ${spec.expected}${got}; using the default (${spec.defaultText})`);
  } else {
    (parsed.config as Record<string, unknown>)[option] = result;
  }
}

/**
 * The script tag's configuration: window.spanlensConfig, then the element's data attributes on
 * top, then the element's nonce when none was given.
 */
export function readPageConfig(script: Element | null | undefined, globalConfig: unknown): ParsedConfig {
  const fromObject = parseConfigObject(globalConfig, 'window.spanlensConfig');
  const fromAttributes = script ? parseDataAttributes(script.attributes) : { config: {}, problems: [] };
  const config: SpanlensConfig = { ...fromObject.config, ...fromAttributes.config };
  const nonce = script && 'nonce' in script ? (script as HTMLScriptElement).nonce : undefined;
  if (config.nonce === undefined && nonce) config.nonce = nonce;
  return { config, problems: [...fromObject.problems, ...fromAttributes.problems] };
}

function isOption(key: string): key is keyof SpanlensConfig {
  return Object.prototype.hasOwnProperty.call(OPTIONS, key);
}

function toOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && (url.pathname === '/' || url.pathname === '') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${clip(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

function clip(text: string): string {
  return text.length > 40 ? text.slice(0, 39) + '…' : text;
}

/** ' (did you mean X?)' for a name one or two edits away from a known one. */
function suggest(name: string, known: readonly string[]): string {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
