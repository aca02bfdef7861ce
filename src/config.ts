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

/** Where the panel sits. */
export const DOCKS = ['bottom', 'right', 'floating'] as const;
export type Dock = (typeof DOCKS)[number];
/** 'auto' follows prefers-color-scheme. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** USD per million tokens by model id, as the fetch instrumentation's price table takes them. */
export type PriceTable = Record<string, ModelPrice>;

/** How the OTLP forwarder encodes spans. */
export const OTLP_PROTOCOLS = ['json', 'protobuf'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The outcome of reading a configuration: what to use, and what was wrong with what was given. */
export interface ParsedConfig {
  config: SpanlensConfig;
  /** One line each, already prefixed `spanlens: `. */
  problems: string[];
}

/** One option: its documentation, default and how a given value is read. */
interface OptionSpec<T> {
  /** What the option does: the README's options table is this text (a unit test compares them). */
  doc: string;
  /** What a valid value is, for messages: "should be ...". */
  expected: string;
  /** The value to use, or undefined when `value` is not acceptable. */
  read: (value: unknown) => T | undefined;
  /** The default, as the README and messages say it: "using the default (...)". */
  defaultText: string;
  /** The value a data attribute's text stands for, before `read`. Default: the text itself. */
  fromText?: (text: string) => unknown;
  /** Only window.spanlensConfig and install() can set it (functions, objects, elements). */
  objectOnly?: true;
}

/** An option's entry, typed by the value it reads. */
const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec;

const BOOLEAN_WORDS: Record<string, boolean> = { '': true, true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };
const MODIFIERS = new Set(['ctrl', 'control', 'alt', 'option', 'shift', 'meta', 'cmd', 'command']);

// How a data attribute's text becomes a value (anything unreadable stays text, which `read` rejects).
const numberText = (text: string) => (/^[\d.eE+-]+$/.test(text.trim()) ? Number(text) : NaN);
const splitList = (text: string) => text.split(/[\s,]+/).filter((p) => p !== '');

/** A `read` that keeps the value as it is when `test` accepts it. */
const when =
  <T>(test: (value: any) => boolean) =>
  (value: unknown): T | undefined =>
    test(value) ? (value as T) : undefined;

const BOOLEAN = {
  expected: 'true or false',
  read: when<boolean>((v) => typeof v === 'boolean'),
  fromText: (text: string) => BOOLEAN_WORDS[text.trim().toLowerCase()] ?? text,
};

function wholeNumber(min: number) {
  return {
    expected: `a whole number ≥ ${min}`,
    read: when<number>((v) => Number.isInteger(v) && v >= min),
    fromText: numberText,
  };
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return { expected: `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, read: when<T>((v) => allowed.includes(v)) };
}

function hotkey(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.split('+').map((p) => p.trim());
  const key = parts.pop();
  const modifiersKnown = parts.every((p) => MODIFIERS.has(p.toLowerCase()));
  return key && parts.length > 0 && modifiersKnown && !MODIFIERS.has(key.toLowerCase()) ? v.trim() : undefined;
}

/** One item or a non-empty list of them, each read by `readItem` (undefined: the whole list is rejected). */
function listOf<T>(readItem: (item: unknown) => T | undefined) {
  return (v: unknown): T[] | undefined => {
    const list = Array.isArray(v) ? v : [v];
    const out = list.map(readItem);
    return out.length > 0 && !out.includes(undefined) ? (out as T[]) : undefined;
  };
}

const urlPattern = (p: unknown): UrlPattern | undefined => (p instanceof RegExp ? p : typeof p === 'string' && p.trim() !== '' ? p.trim() : undefined);

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

/**
 * Every option: its name, type (what `read` returns), default and documentation, in the order the
 * README's table lists them. `SpanlensConfig` is made from this table.
 */
export const OPTIONS = {
  hotkey: option({
    doc: 'toggles the panel; modifiers + key, e.g. `Ctrl+Shift+Y`. Escape closes',
    expected: 'a key with modifiers, like "Alt+Shift+K"',
    read: hotkey,
    defaultText: 'Alt+Shift+K',
  }),
  open: option({
    ...BOOLEAN,
    doc: 'open the panel on load (`true`/`false`; a bare `data-open` is true)',
    defaultText: 'closed',
  }),
  dock: option({ ...oneOf(DOCKS), doc: '`bottom`, `right` or `floating`', defaultText: 'bottom' }),
  theme: option({ ...oneOf(THEMES), doc: '`auto` (follows `prefers-color-scheme`), `light`, `dark`', defaultText: 'auto' }),
  captureContent: option({
    ...BOOLEAN,
    doc: 'record prompts, completions, tool arguments and results; `false`: metadata only',
    defaultText: 'true',
  }),
  llmUrls: option({
    doc: 'extra OpenAI-compatible endpoints: paths (`/api/chat`), globs (`http://localhost:11434/*`), or RegExps (object only); comma-separated in the attribute',
    expected: 'a list of URL paths, globs or RegExps',
    read: listOf(urlPattern),
    fromText: splitList,
    defaultText: 'none',
  }),
  traceparentOrigins: option({
    doc: "origins besides the page's own that get a W3C `traceparent` header",
    expected: 'a list of origins, like "https://api.example.com"',
    read: listOf((item) => (typeof item === 'string' ? toOrigin(item.trim()) : undefined)),
    fromText: splitList,
    defaultText: 'none',
  }),
  recordHttp: option({ ...BOOLEAN, doc: 'also record non-LLM fetches as `http` spans', defaultText: 'false' }),
  instrumentXhr: option({ ...BOOLEAN, doc: 'also record LLM calls made with `XMLHttpRequest` (axios in the browser, raw XHR)', defaultText: 'true' }),
  instrumentEventSource: option({
    ...BOOLEAN,
    doc: 'also record `EventSource` streams from routes in `llmUrls` or whose first event is an OpenAI chunk or AI SDK part',
    defaultText: 'true',
  }),
  maxSessions: option({ ...wholeNumber(1), doc: 'page sessions kept in IndexedDB (oldest go first)', defaultText: '50' }),
  maxMegabytes: option({
    doc: 'megabytes kept in IndexedDB across sessions',
    expected: 'a number > 0',
    read: when<number>((v) => Number.isFinite(v) && v > 0),
    fromText: numberText,
    defaultText: '50',
  }),
  maxAttributeLength: option({
    ...wholeNumber(64),
    doc: 'longer strings are cut (with their original length recorded)',
    defaultText: '65536',
  }),
  overlay: option({ ...BOOLEAN, doc: '`false`: record and store only, no panel', defaultText: 'true' }),
  nonce: option({
    doc: 'CSP nonce for the `<style>` fallback (only used where constructable stylesheets are missing)',
    expected: 'a string',
    read: when<string>((v) => typeof v === 'string'),
    defaultText: "the script tag's nonce",
  }),
  prices: option({
    doc: "`{ 'my-model': { input, output, cachedInput? } }` in USD per million tokens",
    expected: 'an object of { input, output } USD per million tokens by model',
    read: when<PriceTable>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isPrice)),
    defaultText: 'built-in table',
    objectOnly: true,
  }),
  redact: option({
    doc: '`(span) => void`, called before a span reaches the panel, the store or an export: mask PII here',
    expected: 'a function',
    read: when<(span: Span) => void>((v) => typeof v === 'function'),
    defaultText: 'none',
    objectOnly: true,
  }),
  container: option({
    doc: 'element to mount the panel into',
    expected: 'an HTML element',
    read: when<HTMLElement>((v) => typeof HTMLElement !== 'undefined' && v instanceof HTMLElement),
    defaultText: 'document.body',
    objectOnly: true,
  }),
  otlpEndpoint: option({
    doc: 'forward ended spans to this OTLP/HTTP traces endpoint (a base URL gets `/v1/traces`)',
    expected: 'an http(s) URL, like "http://localhost:6006/v1/traces"',
    read: otlpEndpoint,
    defaultText: 'off',
  }),
  otlpHeaders: option({
    doc: 'headers for the OTLP endpoint, `key=value,key2=value2` (never shown or stored)',
    expected: 'headers, like "x-api-key=abc,x-langfuse-ingestion-version=4"',
    read: when<Record<string, string>>(isHeaders),
    fromText: headersText,
    defaultText: 'none',
  }),
  otlpProtocol: option({ ...oneOf(OTLP_PROTOCOLS), doc: '`json` or `protobuf` (Phoenix takes protobuf only)', defaultText: 'json' }),
  browserAi: option({
    ...BOOLEAN,
    doc: "record the browser's built-in AI (`LanguageModel`, `Summarizer`, `Writer`, `Rewriter`, `Translator`, `LanguageDetector`, `Proofreader`)",
    defaultText: 'true',
  }),
  errorToasts: option({ ...BOOLEAN, doc: 'a short toast for each failed span while the panel is closed', defaultText: 'true' }),
  pageLatency: option({
    ...BOOLEAN,
    doc: 'record what the user felt of each turn: the input that started it, when its answer was first and last painted, long tasks',
    defaultText: 'true',
  }),
  collector: option({
    doc: 'show the server\'s spans from a spanlens collector (`npx spanlens collector`): its URL, or a bare attribute for this page\'s own origin (the Vite plugin)',
    expected: 'a URL like "http://localhost:4318", or true for this page\'s own origin',
    read: collectorUrl,
    fromText: (text: string) => (text.trim() === '' || text.trim() === 'true' ? true : text),
    defaultText: 'off',
  }),
  workers: option({
    ...BOOLEAN,
    doc: 'receive the spans of workers that load `spanlens.worker.js` (wraps the `Worker` / `SharedWorker` constructors)',
    defaultText: 'true',
  }),
};

type OptionValue<Spec> = Spec extends OptionSpec<infer T> ? T : never;

/** install()'s configuration: each option of OPTIONS (see its `doc` there), all optional. */
export type SpanlensConfig = { [Name in keyof typeof OPTIONS]?: OptionValue<(typeof OPTIONS)[Name]> };

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
