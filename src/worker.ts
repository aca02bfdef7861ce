/**
 * The worker entry, `dist/spanlens.worker.js` (also `spanlens/worker` for bundlers): load it first
 * thing in a dedicated or shared worker,
 *
 *   importScripts('/spanlens.worker.js');          // a classic worker
 *   import 'spanlens/worker';                      // a module worker, as its first import
 *
 * and the worker's LLM calls show up in the page's panel and session: the worker's fetch is
 * wrapped as the page's is (instrument/fetch/), so is XMLHttpRequest (instrument/xhr/) and the built-in AI where the browser exposes it
 * to workers (instrument/browser-ai/), and every span goes to the page that created the
 * worker (instrument/worker/protocol.ts tells how, without touching the app's messages). The
 * manual API and wrapChatClient are on `self.spanlens` for the worker's own steps.
 *
 * Configuration: `self.spanlensConfig = { llmUrls: [...] }` before loading it (the recorder
 * options only: llmUrls, traceparentOrigins, recordHttp, captureContent, maxAttributeLength,
 * prices, redact, instrumentXhr, browserAi). Nothing here throws into the worker: a failure is one console line.
 */
import { parseConfigObject } from './config';
import { getTracer } from './core/global';
import { agent, chain, llm, rerank, retrieval, tool, trace } from './instrument/api/manual';
import { instrumentBrowserAi } from './instrument/browser-ai/instrument-browser-ai';
import { wrapChatClient } from './instrument/engines/wrap-chat-client';
import { instrumentFetch } from './instrument/fetch/instrument-fetch';
import { instrumentXhr } from './instrument/xhr/instrument-xhr';
import { startWorkerBridge } from './instrument/worker/worker-bridge';

function installInWorker() {
  try {
    const scope = globalThis as { spanlens?: unknown; spanlensConfig?: unknown };
    if (scope.spanlens) return scope.spanlens;
    const { config, problems } = parseConfigObject(scope.spanlensConfig, 'self.spanlensConfig');
    for (const line of problems) console.warn(line);
    const tracer = getTracer();
    if (config.captureContent !== undefined) tracer.captureContent = config.captureContent;
    if (config.maxAttributeLength !== undefined) tracer.maxAttributeLength = config.maxAttributeLength;
    if (config.redact) tracer.redact = config.redact;
    const bridge = startWorkerBridge(tracer);
    const fetchInstrumentation = instrumentFetch({ ...config, tracer });
    // Dedicated workers have XMLHttpRequest too (axios may use it there); shared workers do not.
    const xhr = config.instrumentXhr === false ? undefined : instrumentXhr({ ...config, tracer });
    // Chrome exposes the Prompt API to workers too (behind its own flag).
    const browserAi = config.browserAi === false ? undefined : instrumentBrowserAi({ tracer });
    const handle = {
      tracer,
      bridge,
      trace,
      tool,
      retrieval,
      rerank,
      llm,
      agent,
      chain,
      wrapChatClient,
      uninstall() {
        fetchInstrumentation.uninstall();
        xhr?.uninstall();
        browserAi?.uninstall();
        bridge.stop();
        delete scope.spanlens;
      },
    };
    scope.spanlens = handle;
    return handle;
  } catch (error) {
    try {
      console.warn(`spanlens: could not install in this worker (${error instanceof Error ? error.message : String(error)}); it runs without it`);
    } catch {
      // No console either.
    }
    return undefined;
  }
}

export default installInWorker();
