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
}

/** The outcome of reading a configuration: what to use, and what was wrong with what was given. */
export interface ParsedConfig {
  config: SpanlensConfig;
  /** One line each, already prefixed `spanlens: `. */
  problems: string[];
}

type Parser = (value: unknown) => { value: unknown } | { expected: string };

interface OptionSpec {
  /** Whether a value is acceptable, and the value to use. */
  parse: Parser;
  /** The value a data attribute's text stands for, before `parse`; absent: object config only. */
  fromText?: (text: string) => unknown;
  /** Shown in messages: "using the default (...)". */
  defaultText: string;
}

const BOOLEAN_WORDS: Record<string, boolean> = { '': true, true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };
const MODIFIERS = new Set(['ctrl', 'control', 'alt', 'option', 'shift', 'meta', 'cmd', 'command']);

// How a data attribute's text becomes a value (anything unreadable stays text, which parse rejects).
const asIs = (text: string) => text;
const booleanWord = (text: string) => BOOLEAN_WORDS[text.trim().toLowerCase()] ?? text;
const numberText = (text: string) => (/^[\d.eE+-]+$/.test(text.trim()) ? Number(text) : NaN);
const splitList = (text: string) => text.split(/[\s,]+/).filter((p) => p !== '');

const boolean: Parser = (v) => (typeof v === 'boolean' ? { value: v } : { expected: 'true or false' });

function wholeNumber(min: number): Parser {
  const expected = `a whole number ≥ ${min}`;
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? { value: v } : { expected });
}
const positiveNumber: Parser = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? { value: v } : { expected: 'a number > 0' });

function oneOf(...allowed: string[]): Parser {
  const expected = `one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
  return (v) => (typeof v === 'string' && allowed.includes(v) ? { value: v } : { expected });
}

const hotkey: Parser = (v) => {
  const expected = 'a key with modifiers, like "Alt+Shift+K"';
  if (typeof v !== 'string') return { expected };
  const parts = v.split('+').map((p) => p.trim());
  const key = parts.pop();
  const modifiersKnown = parts.every((p) => MODIFIERS.has(p.toLowerCase()));
  return key && parts.length > 0 && modifiersKnown && !MODIFIERS.has(key.toLowerCase()) ? { value: v.trim() } : { expected };
};

const urlPatterns: Parser = (v) => {
  const expected = 'a list of URL paths, globs or RegExps';
  const list = typeof v === 'string' || v instanceof RegExp ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return { expected };
  return list.every((p) => (typeof p === 'string' && p.trim() !== '') || p instanceof RegExp)
    ? { value: list.map((p) => (typeof p === 'string' ? p.trim() : p)) }
    : { expected };
};

const origins: Parser = (v) => {
  const expected = 'a list of origins, like "https://api.example.com"';
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0) return { expected };
  const out = list.map((item) => (typeof item === 'string' ? toOrigin(item.trim()) : undefined));
  return out.every((origin) => origin !== undefined) ? { value: out } : { expected };
};

const text: Parser = (v) => (typeof v === 'string' ? { value: v } : { expected: 'a string' });
const isPrice = (p: unknown) =>
  p !== null && typeof p === 'object' && ['input', 'output'].every((k) => typeof (p as Record<string, unknown>)[k] === 'number');
const priceTable: Parser = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isPrice)
    ? { value: v }
    : { expected: 'an object of { input, output } USD per million tokens by model' };
const func: Parser = (v) => (typeof v === 'function' ? { value: v } : { expected: 'a function' });
const element: Parser = (v) =>
  typeof HTMLElement !== 'undefined' && v instanceof HTMLElement ? { value: v } : { expected: 'an HTML element' };

/** Every option, in the order the README's table lists them. */
export const OPTIONS: Record<keyof SpanlensConfig, OptionSpec> = {
  hotkey: { parse: hotkey, fromText: asIs, defaultText: 'Alt+Shift+K' },
  open: { parse: boolean, fromText: booleanWord, defaultText: 'closed' },
  dock: { parse: oneOf('bottom', 'right', 'floating'), fromText: asIs, defaultText: 'bottom' },
  theme: { parse: oneOf('auto', 'light', 'dark'), fromText: asIs, defaultText: 'auto' },
  captureContent: { parse: boolean, fromText: booleanWord, defaultText: 'true' },
  llmUrls: { parse: urlPatterns, fromText: splitList, defaultText: 'none' },
  traceparentOrigins: { parse: origins, fromText: splitList, defaultText: 'none' },
  recordHttp: { parse: boolean, fromText: booleanWord, defaultText: 'false' },
  maxSessions: { parse: wholeNumber(1), fromText: numberText, defaultText: '50' },
  maxMegabytes: { parse: positiveNumber, fromText: numberText, defaultText: '50' },
  maxAttributeLength: { parse: wholeNumber(64), fromText: numberText, defaultText: '65536' },
  overlay: { parse: boolean, fromText: booleanWord, defaultText: 'true' },
  nonce: { parse: text, fromText: asIs, defaultText: 'none' },
  prices: { parse: priceTable, defaultText: 'built-in' },
  redact: { parse: func, defaultText: 'none' },
  container: { parse: element, defaultText: 'document.body' },
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
  const config: SpanlensConfig = {};
  const problems: string[] = [];
  if (input === undefined || input === null) return { config, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push(`spanlens: ${source} should be an object like { hotkey: 'Alt+Shift+K' }, got ${describeValue(input)}; using the defaults`);
    return { config, problems };
  }
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (!isOption(key)) {
      problems.push(`spanlens: ${source}.${key} is not an option${suggest(key, OPTION_NAMES)}; ignored`);
      continue;
    }
    if (value === undefined) continue;
    const parsed = OPTIONS[key].parse(value);
    if ('expected' in parsed) {
      problems.push(`spanlens: ${source}.${key} should be ${parsed.expected}, got ${describeValue(value)}; using the default (${OPTIONS[key].defaultText})`);
    } else {
      (config as Record<string, unknown>)[key] = parsed.value;
    }
  }
  return { config, problems };
}

/** Read the `data-*` attributes of spanlens' own script element. */
export function parseDataAttributes(attributes: Iterable<{ name: string; value: string }>): ParsedConfig {
  const config: SpanlensConfig = {};
  const problems: string[] = [];
  const byAttribute = new Map(OPTION_NAMES.map((name) => [attributeName(name), name]));
  for (const { name, value } of attributes) {
    const attribute = name.toLowerCase();
    if (!attribute.startsWith('data-')) continue;
    const option = byAttribute.get(attribute);
    const spec = option && OPTIONS[option];
    if (!option || !spec?.fromText) {
      const reason = option ? ' (it can only be set in window.spanlensConfig)' : suggest(attribute, [...byAttribute.keys()]);
      problems.push(`spanlens: ${attribute} is not an option${reason}; ignored`);
      continue;
    }
    const parsed = spec.parse(spec.fromText(value));
    if ('expected' in parsed) {
      problems.push(`spanlens: ${attribute}="${clip(value)}" should be ${parsed.expected}; using the default (${spec.defaultText})`);
    } else {
      (config as Record<string, unknown>)[option] = parsed.value;
    }
  }
  return { config, problems };
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
