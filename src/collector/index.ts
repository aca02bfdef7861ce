/**
 * The collector's programmatic entry (Node only, never part of the page bundle).
 */
export { createCollector, DEFAULT_MAX_BODY_BYTES } from './collector';
export type { Collector, CollectorOptions, CollectorStats } from './collector';
export { startCollector, DEFAULT_PORT } from './server';
export type { RunningCollector, ServerOptions } from './server';
export { SpanWindow, DEFAULT_WINDOW_BYTES, DEFAULT_WINDOW_SPANS } from './window';
export type { StoredSpan, WindowLimits, WindowStats } from './window';
export { protobufToOtlpJson, traceRequestType } from './protobuf';
export { spanlens as spanlensVite } from './vite';
export { main } from './cli';
