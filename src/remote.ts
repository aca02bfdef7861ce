/**
 * The parts of spanlens that talk to servers, each its own chunk, loaded only when configured:
 *   `otlpEndpoint` → the forwarder (export/forwarder.ts), sending ended spans to an OTLP backend;
 *   `collector`    → the collector client (otel/collector-client.ts), bringing the server's spans in.
 * What happens while a module loads is kept (the spans that end, the traces that start) and handed
 * over, so nothing recorded in the first moments of the page is missed.
 */
import type { SpanlensConfig } from './config';
import { snapshotSpan, type SpanData } from './core/span';
import type { Tracer } from './core/tracer';
import type { Forwarder, ForwarderState } from './export/forwarder';
import { getOriginalFetch } from './instrument/fetch/instrument-fetch';
import type { LoadForwarder } from './install';
import type { CollectorClient, CollectorClientState } from './otel/collector-client';

/** Spans (or trace ids) kept while a module loads. */
const MAX_EARLY = 2048;

export interface RemoteParts {
  forwarder(): Readonly<ForwarderState> | undefined;
  collector(): Readonly<CollectorClientState> | undefined;
  stop(): void;
}

type Notify = (message: string, level: 'info' | 'warn') => void;

/** `loadForwarder` says how the forwarder's code arrives (a file beside the script tag, or a chunk). */
export function startRemoteParts(config: SpanlensConfig, tracer: Tracer, notify: Notify, loadForwarder?: LoadForwarder): RemoteParts {
  let forwarder: Forwarder | undefined;
  let collector: CollectorClient | undefined;
  let stopped = false;
  const undo: Array<() => void> = [];

  if (config.otlpEndpoint && loadForwarder) {
    const endpoint = config.otlpEndpoint;
    const early: SpanData[] = [];
    const stopEarly = tracer.subscribe((type, span) => type === 'end' && early.length < MAX_EARLY && early.push(snapshotSpan(span)));
    undo.push(stopEarly);
    loadForwarder()
      .then(({ startForwarder }) =>
        startForwarder({
          endpoint,
          headers: config.otlpHeaders,
          protocol: config.otlpProtocol,
          tracer,
          fetch: getOriginalFetch,
          pageUrl: typeof location === 'undefined' ? undefined : location.href,
          initial: () => (stopEarly(), early.splice(0)),
          onProblem: (message) => notify(`spanlens: ${message}; the local trace is complete`, 'warn'),
        }),
      )
      .then((started) => {
        forwarder = started;
        if (stopped) started.stop();
        else undo.push(() => started.stop());
      })
      .catch((error: unknown) => tracer.reportError('forwarder', error));
  }

  if (config.collector) {
    const url = config.collector;
    const early = new Set<string>();
    const stopEarly = tracer.subscribe((type, span) => type === 'start' && early.size < MAX_EARLY && early.add(span.traceId));
    undo.push(stopEarly);
    import('./otel/collector-client')
      .then(({ startCollectorClient }) => {
        if (stopped) return;
        const started = startCollectorClient({ url, tracer, fetch: getOriginalFetch, notify, initialTraceIds: () => (stopEarly(), [...early]) });
        collector = started;
        undo.push(() => started.stop());
      })
      .catch((error: unknown) => tracer.reportError('collector', error));
  }

  return {
    forwarder: () => forwarder?.state,
    collector: () => collector?.state,
    stop() {
      stopped = true;
      for (const step of undo.splice(0).reverse()) step();
    },
  };
}
