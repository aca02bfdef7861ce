/**
 * The demo server's own OpenTelemetry, as a real backend has it: the Node SDK's tracer with the
 * OTLP/HTTP exporter, sending to the spanlens collector that the demo server mounts (the
 * `spanlens/vite` plugin, same origin). The AI SDK route runs under it: its span continues the
 * browser's traceparent, and a retrieval step and the AI SDK's own `ai.*` spans
 * (`experimental_telemetry`) nest under it, so the panel shows one tree from the click to the tools.
 */
import type { IncomingMessage } from 'node:http';
import { context, type Context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

let tracer: Tracer | undefined;
const propagator = new W3CTraceContextPropagator();

/** The server's tracer, exporting to the collector on the origin the first request came in on. */
export function serverTracer(req: IncomingMessage): Tracer {
  if (tracer) return tracer;
  const exporter = new OTLPTraceExporter({ url: `http://${req.headers.host ?? 'localhost:5173'}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'wayfarer-server' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  // The AI SDK's spans find their parent through the active context: keep it across awaits.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  tracer = provider.getTracer('wayfarer-demo');
  return tracer;
}

/** The context of the browser span whose traceparent the request carries. */
export function requestContext(req: IncomingMessage): Context {
  return propagator.extract(context.active(), req.headers, {
    get: (headers, key) => {
      const value = (headers as IncomingMessage['headers'])[key];
      return Array.isArray(value) ? value[0] : value;
    },
    keys: (headers) => Object.keys(headers as object),
  });
}
