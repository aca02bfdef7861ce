/**
 * install(config): everything in one call, which is what the script tag does on load.
 *
 *   recorder (the page's tracer, configured) → fetch instrumentation → store (IndexedDB or memory)
 *   → overlay (mounted once the store is open and the document has a body)
 *
 * Installing is idempotent across bundle copies: the handle lives on `globalThis` under a
 * registry symbol, so a second script tag, or the npm build next to the script tag, gets the first
 * handle back instead of patching fetch twice. Nothing here throws into the page: every step is
 * guarded, reported in the panel, and the rest still installs.
 */
import { parseConfigObject, type SpanlensConfig } from './config';
import { getTracer } from './core/global';
import type { Tracer } from './core/tracer';
import { encodeOtlp } from './export/otlp';
import type { OtlpExportRequest } from './export/otlp';
import type { ForwarderState } from './export/forwarder';
import type { CollectorClientState } from './otel/collector-client';
import { instrumentFetch, isFetchInstrumented } from './instrument/fetch';
import { agent, chain, llm, rerank, retrieval, tool, trace } from './instrument/manual';
import { SpanlensExporter } from './otel/spanlens-exporter';
import { checkPage } from './page-checks';
import { startRemoteParts } from './remote';
import { openStore } from './store/index';
import type { SpanStore } from './store/types';
import { mountOverlay, type OverlayHandle } from './ui/mount';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface SpanlensHandle {
  readonly tracer: Tracer;
  /** The configuration in use (after validation). */
  readonly config: Readonly<SpanlensConfig>;
  /** What was wrong with the configuration or the page, one `spanlens: ` line each. */
  readonly problems: readonly string[];
  /** Resolves once the store is open and the panel mounted (or known not to mount). */
  readonly ready: Promise<void>;
  /** The store, once open. */
  store(): SpanStore | undefined;
  getTracer(): Tracer;
  trace: typeof trace;
  tool: typeof tool;
  retrieval: typeof retrieval;
  rerank: typeof rerank;
  llm: typeof llm;
  agent: typeof agent;
  chain: typeof chain;
  /** The OpenTelemetry SpanExporter that feeds OTel SDK spans into this panel (`new spanlens.SpanlensExporter()`). */
  SpanlensExporter: typeof SpanlensExporter;
  open(): void;
  close(): void;
  toggle(): void;
  isOpen(): boolean;
  /** A message in the panel (and nowhere else). */
  notify(message: string, level?: NoticeLevel): void;
  /** The forwarder's state (`otlpEndpoint`): sent, queued, dropped, failed, last error. */
  forwarder(): Readonly<ForwarderState> | undefined;
  /** The collector client's state (`collector`): connecting, open or down, server spans received. */
  collector(): Readonly<CollectorClientState> | undefined;
  /** This page session as OTLP/JSON (`JSON.stringify` it), what the panel's Export downloads. */
  export(): Promise<OtlpExportRequest>;
  /** Restore fetch, unmount the panel, stop storing; a later install() starts over. */
  uninstall(): void;
}

export interface InstallOptions {
  /** Problems found while reading the config elsewhere (the script tag's attributes). */
  problems?: readonly string[];
}

const REGISTRY_KEY = Symbol.for('spanlens.installed');
/** Notices kept for a panel that is not mounted yet (the panel itself keeps only its latest few). */
const MAX_PENDING_NOTICES = 50;
/** Lines already printed on this page: each problem is reported once, whichever copy finds it. */
const REPORTED_KEY = Symbol.for('spanlens.reported');

type Registry = { [REGISTRY_KEY]?: SpanlensHandle; [REPORTED_KEY]?: Set<string> };
const registry = globalThis as unknown as Registry;

/** The handle of the install on this page, if any. */
export function installed(): SpanlensHandle | undefined {
  return registry[REGISTRY_KEY];
}

export function install(config?: SpanlensConfig, options: InstallOptions = {}): SpanlensHandle {
  const existing = registry[REGISTRY_KEY];
  if (existing) {
    const isScriptCopy = options.problems !== undefined;
    const line = `spanlens: already installed on this page; this ${isScriptCopy ? 'second copy of the script' : 'second install()'} and its configuration were ignored`;
    if (warnOnce(line)) existing.notify(line, 'warn');
    return existing;
  }
  const parsed = parseConfigObject(config, 'install() config');
  const handle = createHandle(parsed.config, [...(options.problems ?? []), ...parsed.problems, ...checkPage(globalThis, isFetchInstrumented())]);
  registry[REGISTRY_KEY] = handle;
  return handle;
}

function createHandle(config: SpanlensConfig, problems: string[]): SpanlensHandle {
  const tracer = getTracer();
  const undo: Array<() => void> = [];
  let overlay: OverlayHandle | undefined;
  let store: SpanStore | undefined;
  let removed = false;
  /** Notices asked for before the panel exists, shown once it mounts. */
  const pending: Array<[string, NoticeLevel]> = [];

  const guard = (where: string, step: () => void) => {
    try {
      step();
    } catch (error) {
      tracer.reportError(`install: ${where}`, error);
    }
  };
  const notify = (message: string, level: NoticeLevel = 'info') => {
    if (overlay) guard('notify', () => overlay?.notify(message, level));
    else if (pending.length < MAX_PENDING_NOTICES && config.overlay !== false) pending.push([String(message), level]);
  };

  for (const line of problems) {
    warnOnce(line);
    notify(line, 'warn');
  }

  guard('recorder settings', () => {
    if (config.captureContent !== undefined) tracer.captureContent = config.captureContent;
    if (config.maxAttributeLength !== undefined) tracer.maxAttributeLength = config.maxAttributeLength;
    if (config.redact) tracer.redact = config.redact;
  });

  // Each module's options have the config's names: the config passes through whole.
  guard('fetch instrumentation', () => {
    const instrumentation = instrumentFetch({ ...config, tracer });
    undo.push(() => instrumentation.uninstall());
  });

  // The forwarder and the collector client, each loaded only when configured.
  const remote = startRemoteParts(config, tracer, notify);
  undo.push(() => remote.stop());

  const ready = (async () => {
    const opened = await openStore({ ...config, tracer });
    if (removed) return opened.close();
    store = opened;
    undo.push(() => opened.close());
    if (config.overlay === false || typeof document === 'undefined') return;
    await documentReady();
    if (removed) return;
    guard('overlay', () => {
      overlay = mountOverlay({ ...config, tracer, store: opened });
    });
    if (!overlay) warnOnce('spanlens: the panel could not be mounted; spans are still recorded and stored');
    for (const [message, level] of pending.splice(0)) notify(message, level);
  })().catch((error: unknown) => tracer.reportError('install', error));

  const handle: SpanlensHandle = {
    tracer,
    config: Object.freeze({ ...config }),
    problems: Object.freeze([...problems]),
    ready,
    store: () => store,
    getTracer: () => tracer,
    trace,
    tool,
    retrieval,
    rerank,
    llm,
    agent,
    chain,
    SpanlensExporter,
    open: () => guard('open', () => overlay?.open()),
    close: () => guard('close', () => overlay?.close()),
    toggle: () => guard('toggle', () => overlay?.toggle()),
    isOpen: () => {
      try {
        return overlay?.isOpen() ?? false;
      } catch {
        return false;
      }
    },
    notify,
    forwarder: () => remote.forwarder(),
    collector: () => remote.collector(),
    async export() {
      await ready;
      const spans = store ? (await store.flush(), await store.loadSession(tracer.sessionId)) : [];
      const pageUrl = typeof location === 'undefined' ? undefined : location.href;
      return encodeOtlp(spans, { sessionId: tracer.sessionId, pageUrl });
    },
    uninstall() {
      if (removed) return;
      removed = true;
      guard('overlay', () => overlay?.unmount());
      overlay = undefined;
      for (const step of undo.splice(0).reverse()) guard('uninstall', step);
      if (registry[REGISTRY_KEY] === handle) delete registry[REGISTRY_KEY];
    },
  };
  return handle;
}

/** Resolves when the parser is done with the document (the script tag runs in <head>, before <body>). */
function documentReady(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** Print a line once per page; true when it was printed now (not before). */
function warnOnce(line: string): boolean {
  const reported = (registry[REPORTED_KEY] ??= new Set());
  if (reported.has(line)) return false;
  reported.add(line);
  try {
    console.warn(line);
  } catch {
    // A page that replaced console with something that throws: the panel still shows it.
  }
  return true;
}
