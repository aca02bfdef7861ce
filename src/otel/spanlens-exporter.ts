/**
 * SpanlensExporter: an OpenTelemetry JS `SpanExporter`, so an app (or a library) that already
 * traces with `@opentelemetry/sdk-trace-web` sees those spans in the spanlens panel and store.
 *
 *   provider = new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new SpanlensExporter())] });
 *
 * Each exported ReadableSpan becomes a spanlens span with the same trace, span and parent ids (so
 * OTel spans and spanlens spans nest into one tree), its times, status, attributes and events, and
 * our kind read from its GenAI / OpenInference attributes or the AI SDK's `ai.*` names. Spans go
 * into the page's tracer (the installed one, also across bundle copies) unless one is given.
 * `export` never throws: a span it cannot read is reported in the panel and the rest still go.
 */
import { getTracer } from '../core/global';
import type { SpanData } from '../core/span';
import type { Tracer } from '../core/tracer';
import { adoptSpan } from './adopt';
import { hrTimeToMs, kindOf, parentIdOf, statusOf, type OtelReadableSpan } from './readable-span';

/** The SDK's ExportResult: code 0 is SUCCESS, 1 FAILED. */
export interface ExportResult {
  code: 0 | 1;
  error?: Error;
}

export interface SpanlensExporterOptions {
  /** Default: the installed spanlens's tracer, else the page's default one. */
  tracer?: Tracer;
}

const SUCCESS = 0;
const FAILED = 1;

export class SpanlensExporter {
  readonly #tracer: Tracer | undefined;
  #stopped = false;

  constructor(options: SpanlensExporterOptions = {}) {
    this.#tracer = options.tracer;
  }

  export(spans: readonly OtelReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#stopped) {
      resultCallback({ code: FAILED, error: new Error('SpanlensExporter is shut down') });
      return;
    }
    const tracer = this.#tracer ?? installedTracer() ?? getTracer();
    let failed = 0;
    for (const span of spans) {
      try {
        record(tracer, span);
      } catch (error) {
        failed++;
        tracer.reportError('SpanlensExporter', error);
      }
    }
    // A span that could not be read will not read better on a retry: say so, but as done.
    resultCallback(failed ? { code: FAILED, error: new Error(`${failed} span(s) could not be read`) } : { code: SUCCESS });
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }

  /** Spans are recorded as they are exported: nothing is ever pending. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** One ended OTel span into the tracer, as our span. */
function record(tracer: Tracer, otel: OtelReadableSpan): void {
  const { traceId, spanId } = otel.spanContext();
  const attributes: Record<string, unknown> = { ...otel.attributes };
  if (otel.instrumentationScope?.name) attributes['otel.scope.name'] = otel.instrumentationScope.name;
  adoptSpan(tracer, {
    traceId,
    spanId,
    parentSpanId: parentIdOf(otel),
    name: String(otel.name),
    kind: kindOf(otel),
    startTime: hrTimeToMs(otel.startTime),
    endTime: hrTimeToMs(otel.endTime),
    status: statusOf(otel),
    // Values are read and bounded by the recorder, as for any attribute the app sets.
    attributes: attributes as SpanData['attributes'],
    events: (otel.events ?? []).map((event) => ({ name: event.name, time: hrTimeToMs(event.time), attributes: event.attributes as SpanData['attributes'] })),
  });
}

/** The tracer of spanlens as installed on this page, by whichever bundle copy (see install.ts). */
function installedTracer(): Tracer | undefined {
  const registry = globalThis as { [key: symbol]: { tracer?: Tracer } | undefined };
  return registry[Symbol.for('spanlens.installed')]?.tracer;
}
