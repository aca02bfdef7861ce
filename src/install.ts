/**
 * install(config): everything in one call, which is what the script tag does on load.
 *
 *   recorder (the page's tracer, configured) → fetch instrumentation → store (IndexedDB or memory)
 *   → overlay (mounted once the store is open and the document has a body: the launcher, and the
 *     panel's code loaded on first open through `options.loadPanel`, src/launcher/lazy-overlay.ts)
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
import type { DatasetFormat, DatasetOptions } from './export/datasets/index';
import { Feedback } from './instrument/api/feedback';
import { SpanLookup } from './instrument/api/span-lookup';
import { FetchActions } from './instrument/fetch/actions';
import type { OverrideHandle, OverrideMatch, OverrideOptions, OverrideResponse } from './instrument/fetch/overrides';
import type { ReplayOptions } from './instrument/fetch/replay';
import type { ReplayEdits } from './instrument/fetch/replay-request';
import type { PanelActions } from './ui/actions';
import { DEFAULT_PRICES } from './instrument/prices';
import type { Score } from './core/scores';
import type { OtlpExportRequest } from './export/otlp';
import type { SpanData } from './core/span';
import type { ForwarderState } from './export/forwarder';
import type { CollectorClientState } from './otel/collector-client';
import { getOriginalFetch, instrumentFetch, isFetchInstrumented } from './instrument/fetch/instrument-fetch';
import { instrumentXhr } from './instrument/xhr/instrument-xhr';
import { instrumentEventSource } from './instrument/event-source/instrument-event-source';
import { agent, chain, llm, rerank, retrieval, tool, trace } from './instrument/api/manual';
import { startRemoteParts } from './remote';
import { SpanlensExporter } from './otel/spanlens-exporter';
import { instrumentBrowserAi } from './instrument/browser-ai/instrument-browser-ai';
import { wrapChatClient } from './instrument/engines/wrap-chat-client';
import { receiveWorkerSpans } from './instrument/worker/page-bridge';
import { watchTurnLatency } from './instrument/page/turn-latency';
import { HOST_TAG } from './launcher/host';
import { checkPage } from './page-checks';
import { openStore } from './store/index';
import type { SpanStore } from './store/types';
import { mountLazyOverlay, type LoadPanel } from './launcher/lazy-overlay';
import type { OverlayHandle } from './ui/mount';

import type { NoticeLevel } from './ui/stores/notices';

export type { NoticeLevel } from './ui/stores/notices';

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
  /** Trace an OpenAI-shaped client that does not use fetch (an in-page engine such as WebLLM); returns it. */
  wrapChatClient: typeof wrapChatClient;
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
  /**
   * A feedback score on a span (an id of this session, or a span of any session): recorded as a
   * `gen_ai.evaluation.result` event, also on an ended span; stored and exported with it.
   */
  score(span: string | SpanData, score: Score): Promise<void>;
  /** Re-issue an llm call, edited; resolves to the new span's id once it has ended. */
  replay(span: string | SpanData, edits?: ReplayEdits, options?: ReplayOptions): Promise<string>;
  /** Pin an answer to the app's next matching LLM call (see README, "What-if"). */
  override(match: OverrideMatch, response: OverrideResponse, options?: OverrideOptions): OverrideHandle;
  /** llm spans of this session (or `options.sessionId`'s) as a dataset file's text. */
  dataset(format: DatasetFormat, options?: DatasetOptions & { sessionId?: string }): Promise<string>;
  /** One trace of this session (or `sessionId`'s) as Markdown. */
  markdown(traceId: string, sessionId?: string): Promise<string>;
  /** @internal What the panel acts through. */
  readonly actions: FetchActions;
  /** @internal */
  readonly feedback: Feedback;
  /** Restore fetch, XMLHttpRequest and EventSource, unmount the panel, stop storing; a later install() starts over. */
  uninstall(): void;
}

export interface InstallOptions {
  /** Problems found while reading the config elsewhere (the script tag's attributes). */
  problems?: readonly string[];
  /**
   * How the panel's code arrives when it is first opened. The entries set it: the npm build with a
   * dynamic import() (src/index.ts), the script tag from the file beside it (src/install-from-page.ts),
   * the eager and single-file builds from the bundle itself. Without it there is no panel.
   */
  loadPanel?: LoadPanel;
  /**
   * How the forwarder's code arrives when `otlpEndpoint` is set, as for the panel: a dynamic
   * import() for npm, the file `spanlens.forwarder.js` beside the script tag, or bundled.
   */
  loadForwarder?: LoadForwarder;
}

/** What the forwarder's code provides: the exports of src/export/forwarder.ts. */
export type LoadForwarder = () => Promise<typeof import('./export/forwarder')>;

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
  const handle = createHandle(parsed.config, [...(options.problems ?? []), ...parsed.problems, ...checkPage(globalThis, isFetchInstrumented())], options);
  registry[REGISTRY_KEY] = handle;
  return handle;
}

function createHandle(config: SpanlensConfig, problems: string[], { loadPanel, loadForwarder }: InstallOptions): SpanlensHandle {
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

  const actions = new FetchActions({ tracer, prices: { ...DEFAULT_PRICES, ...config.prices }, fetch: getOriginalFetch, loadCode: () => panelCode('replay and pinned answers') });
  const lookup = new SpanLookup(tracer, () => store);
  const feedback = new Feedback(tracer, () => store, lookup);
  undo.push(() => lookup.dispose());
  const panelCode = (api: string) => {
    if (!loadPanel) return Promise.reject(new Error(`${api}: this build has no panel code to load it from`));
    return loadPanel();
  };
  /** A session's spans, the current one's flushed first. */
  const sessionSpans = async (sessionId = tracer.sessionId): Promise<SpanData[]> => {
    await ready;
    if (!store) return [];
    if (sessionId === tracer.sessionId) await store.flush();
    return store.loadSession(sessionId);
  };

  const panelActions: PanelActions = {
    score: (span, score) => feedback.score(span, score).then(() => undefined),
    canReplay: (span) => actions.replayer.check(span),
    hasLiveHeaders: (span) => actions.replayer.hasLiveHeaders(span),
    replay: async (span, edits, headers) => actions.replayer.replay(await lookup.find(span, 'replay'), edits, { headers }),
    override: (match, response, options) => actions.overrides.add(match, response, options),
    pins: () => actions.overrides.list(),
    removePin: (id) => actions.overrides.remove(id),
    onPinsChange: (listener) => actions.overrides.onChange(listener),
  };

  // Each module's options have the config's names: the config passes through whole.
  guard('fetch instrumentation', () => {
    const instrumentation = instrumentFetch({ ...config, tracer, onLlmCall: actions.hook });
    undo.push(() => instrumentation.uninstall());
  });
  if (config.instrumentXhr !== false) {
    guard('XMLHttpRequest instrumentation', () => {
      const instrumentation = instrumentXhr({ ...config, tracer });
      undo.push(() => instrumentation.uninstall());
    });
  }
  if (config.instrumentEventSource !== false) {
    guard('EventSource instrumentation', () => {
      const instrumentation = instrumentEventSource({ ...config, tracer });
      undo.push(() => instrumentation.uninstall());
    });
  }

  if (config.otlpEndpoint && !loadForwarder) warnOnce('spanlens: otlpEndpoint is set, but this install() was given no way to load the forwarder (loadForwarder); spans are not forwarded');
  // The forwarder and the collector client, each loaded only when configured.
  const remote = startRemoteParts(config, tracer, notify, loadForwarder);
  undo.push(() => remote.stop());

  if (config.browserAi !== false) {
    guard('browser AI instrumentation', () => {
      const instrumentation = instrumentBrowserAi({ tracer });
      undo.push(() => instrumentation.uninstall());
    });
  }

  if (config.pageLatency !== false && typeof document !== 'undefined' && typeof MutationObserver === 'function') {
    guard('page latency', () => {
      const stop = watchTurnLatency({ tracer, root: document, ignore: (element) => element.closest(HOST_TAG) !== null });
      undo.push(stop);
    });
  }

  if (config.workers !== false) {
    guard('worker spans', () => {
      const receiver = receiveWorkerSpans(tracer);
      undo.push(() => receiver.uninstall());
    });
  }

  const ready = (async () => {
    const opened = await openStore({ ...config, tracer });
    if (removed) return opened.close();
    store = opened;
    undo.push(() => opened.close());
    if (config.overlay === false || !loadPanel || typeof document === 'undefined') return;
    await documentReady();
    if (removed) return;
    guard('overlay', () => {
      overlay = mountLazyOverlay({ ...config, tracer, store: opened, loadPanel, warn: warnOnce, actions: panelActions });
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
    wrapChatClient: (client, options) => wrapChatClient(client, { tracer, ...options }),
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
    async score(span, score) {
      await feedback.score(span, score);
    },
    async replay(span, edits, options) {
      return actions.replayer.replay(await lookup.find(span, 'spanlens.replay'), edits, options);
    },
    override: (match, response, options) => actions.overrides.add(match, response, options),
    // The formats are the panel file's code (its dataset menu uses them): loaded from there.
    async dataset(format, options = {}) {
      const tools = await panelCode('spanlens.dataset');
      return tools.buildDataset(format, await sessionSpans(options.sessionId), options);
    },
    async markdown(traceId, sessionId) {
      const tools = await panelCode('spanlens.markdown');
      return tools.traceMarkdown(await sessionSpans(sessionId), traceId);
    },
    actions,
    feedback,
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
