/**
 * spanlens as an ES module. The script tag (src/script.ts) builds on the same exports.
 *
 * install() and mountOverlay() load the panel's code with a dynamic import() on its first open, so
 * that bundlers split it into a chunk of its own; `spanlens/eager` (src/eager.ts) exports the same
 * API with the panel bundled in.
 */
export type {
  AttributeValue,
  Attributes,
  SpanData,
  SpanEventRecord,
  SpanKind,
  SpanLink,
  SpanStatus,
  StatusCode,
} from './core/span';
export { SPAN_KINDS, snapshotSpan } from './core/span';
export { Span, Tracer } from './core/tracer';
export type {
  ErrorListener,
  InternalError,
  SpanEventType,
  SpanListener,
  StartSpanOptions,
  TracerConfig,
  TracerStats,
} from './core/tracer';
export { SpanContext } from './core/context';
export type { AsyncVariable } from './core/context';
export { getTracer, setTracer } from './core/global';
export * as semconv from './core/semconv';
export { agent, chain, llm, rerank, retrieval, tool, trace } from './instrument/api/manual';
export type { LlmRequest, LlmResultShape, RetrievalOptions, ToolOptions, TraceOptions } from './instrument/api/manual';
export type { ChatMessage, MessagePart } from './core/messages';
export { decodeOtlp, encodeOtlp, exportJson, OtlpDecodeError } from './export/otlp';
export type { DecodedSession, OtlpExportRequest, ResourceInfo } from './export/otlp';
export { decodeJaeger, JaegerDecodeError } from './export/jaeger-decode';
export { decodeTraceFile } from './export/import';
export type { DecodedFile, TraceFileFormat } from './export/import';
export { SpanlensExporter } from './otel/spanlens-exporter';
export type { ExportResult, SpanlensExporterOptions } from './otel/spanlens-exporter';
export type { OtelReadableSpan } from './otel/readable-span';
export { installed } from './install';
export type { InstallOptions, NoticeLevel, SpanlensHandle } from './install';
export type { ParsedConfig, SpanlensConfig } from './config';
export { createMemoryStore, openStore, STORE_DEFAULTS } from './store/index';
export type { PageInfo, SessionSummary, SpanStore, StoreMode, StoreOptions, StoreState } from './store/index';
export { instrumentFetch, isFetchInstrumented, getOriginalFetch } from './instrument/fetch/instrument-fetch';
export { instrumentXhr, isXhrInstrumented } from './instrument/xhr/instrument-xhr';
export { instrumentEventSource, isEventSourceInstrumented } from './instrument/event-source/instrument-event-source';
export type { FetchInstrumentation, FetchInstrumentationOptions } from './instrument/fetch/instrument-fetch';
export { DEFAULT_PRICES } from './instrument/prices';
export type { ModelPrice } from './instrument/prices';
export { computeCost, costByTrace, findPrice, totalCost } from './instrument/cost';
export type { OverlayHandle, OverlayOptions } from './ui/mount';
export { instrumentBrowserAi } from './instrument/browser-ai/instrument-browser-ai';
export type { BrowserAiInstrumentation, BrowserAiInstrumentationOptions } from './instrument/browser-ai/instrument-browser-ai';
export { wrapChatClient } from './instrument/engines/wrap-chat-client';
export type { WrapChatClientOptions } from './instrument/engines/wrap-chat-client';
export { receiveWorkerSpans } from './instrument/worker/page-bridge';
export { install, mountOverlay } from './launcher/npm';
// Replay, what-if, feedback, datasets, Markdown, trace diff (issue 14). Datasets and Markdown are
// the install handle's dataset() and markdown(), whose code comes with the panel's.
export type { Score, RecordedScore } from './core/scores';
export { readScores, latestScores } from './core/scores';
export type { DatasetFormat, DatasetOptions, DatasetSelection } from './export/datasets/index';
export type { DiffRow, TraceDiff } from './export/trace-diff';
export type { DiffPiece } from './export/word-diff';
export type { ReplayEdits, ReplayDraft } from './instrument/fetch/replay-request';
export type { ReplayOptions } from './instrument/fetch/replay';
export type { OverrideHandle, OverrideMatch, OverrideOptions, OverrideResponse } from './instrument/fetch/overrides';
