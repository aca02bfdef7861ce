/**
 * Every attribute name spanlens emits, in one place.
 *
 * GenAI names follow the OpenTelemetry GenAI semantic conventions (development status, so they may
 * move; keeping them here makes a rename a one-line change). `openinference.span.kind` lets Arize
 * Phoenix show span kinds natively. `spanlens.*` names are ours.
 */

// --- GenAI: the operation --------------------------------------------------------------------
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';

// --- GenAI: the request ----------------------------------------------------------------------
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';

// --- GenAI: the response ---------------------------------------------------------------------
export const GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds from request start to the first streamed chunk. */
export const GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';

// --- GenAI: usage ----------------------------------------------------------------------------
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** Part of input_tokens served from the provider's prompt cache. */
export const GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/**
 * Part of input_tokens written to the provider's prompt cache (Anthropic). The conventions named it
 * `gen_ai.usage.cache_creation.input_tokens` until open-telemetry/semantic-conventions-genai#440.
 */
export const GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
/** @deprecated The constant's old name; it holds the current attribute name (cache_write). */
export const GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS;
/** Part of output_tokens spent on hidden reasoning (o-series, GPT-5, extended thinking). */
export const GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';

// --- GenAI: content (JSON strings in the semconv message shape) ------------------------------
/** The type of a message part that is none of the typed ones (the conventions' GenericPart). */
export const GENERIC_PART_TYPE = 'generic';
export const GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';

// --- GenAI: tools ----------------------------------------------------------------------------
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
export const GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';

// --- GenAI: events ---------------------------------------------------------------------------
export const EVENT_FIRST_TOKEN = 'gen_ai.first_token';

// --- Retrieval (OpenInference names, which Phoenix renders as a document list) ---------------
export const INPUT_VALUE = 'input.value';
export const OUTPUT_VALUE = 'output.value';
export const RETRIEVAL_DOCUMENTS = 'retrieval.documents';
export const RETRIEVAL_TOP_K = 'retrieval.top_k';
export const RERANKER_QUERY = 'reranker.query';
export const RERANKER_TOP_K = 'reranker.top_k';
export const EMBEDDING_MODEL_NAME = 'embedding.model_name';

// --- OpenInference ---------------------------------------------------------------------------
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
export const SESSION_ID = 'session.id';

// --- General OTel ----------------------------------------------------------------------------
export const ERROR_TYPE = 'error.type';
export const EXCEPTION_EVENT = 'exception';
export const EXCEPTION_TYPE = 'exception.type';
export const EXCEPTION_MESSAGE = 'exception.message';
export const EXCEPTION_STACKTRACE = 'exception.stacktrace';
export const HTTP_REQUEST_METHOD = 'http.request.method';
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const URL_FULL = 'url.full';
export const SERVER_ADDRESS = 'server.address';
export const SERVER_PORT = 'server.port';
export const SERVICE_NAME = 'service.name';

// --- spanlens --------------------------------------------------------------------------------
/** USD cost of one llm span, from the price table. */
export const SPANLENS_COST_USD = 'spanlens.cost.usd';
/** The span was still open when it was exported or when its page went away. */
export const SPANLENS_UNFINISHED = 'spanlens.unfinished';
/** Prefix: `spanlens.original_length.<attribute>` holds the length of a value that was cut. */
export const SPANLENS_ORIGINAL_LENGTH_PREFIX = 'spanlens.original_length.';
/** What the instrumentation could not parse (unknown provider payload, malformed SSE...). */
export const SPANLENS_PARSE_ERROR = 'spanlens.parse_error';
/** The parent was inferred by the sequential-flow rule rather than known (see core/context.ts). */
export const SPANLENS_PARENT_INFERRED = 'spanlens.parent_inferred';
/** Resource attribute: the page session id. */
export const SPANLENS_SESSION_ID = 'spanlens.session.id';
export const SPANLENS_PAGE_URL = 'spanlens.page.url';
/** Where a span was recorded when not in this page: `server` for spans from the collector. */
export const SPANLENS_SOURCE = 'spanlens.source';

/**
 * Attributes that are doubles by definition. OTLP/JSON must write them as `doubleValue` even when
 * the JS number happens to be whole (temperature 1 is still a double), or a typed backend rejects
 * the mix of int and double for one key.
 */
export const DOUBLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  GEN_AI_REQUEST_TEMPERATURE,
  GEN_AI_REQUEST_TOP_P,
  GEN_AI_REQUEST_FREQUENCY_PENALTY,
  GEN_AI_REQUEST_PRESENCE_PENALTY,
  GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  SPANLENS_COST_USD,
  // GEN_AI_EVALUATION_SCORE_VALUE, defined further down (a const cannot be read before it).
  'gen_ai.evaluation.score.value',
]);

// --- spanlens: fetch instrumentation (appended by the instrumentation helper) ----------------
/** Which wire format an llm span was parsed as: `openai.chat_completions`, `anthropic.messages`... */
export const SPANLENS_API_FORMAT = 'spanlens.api.format';
/** A streamed answer ended (or was cut) before the provider's final event. */
export const SPANLENS_INCOMPLETE = 'spanlens.incomplete';
/** How many stream events (SSE events, NDJSON lines) the response carried. */
export const SPANLENS_STREAM_EVENTS = 'spanlens.stream.events';
/** The first characters of a response body that could not be parsed (secrets scrubbed). */
export const SPANLENS_RESPONSE_BODY_EXCERPT = 'spanlens.response.body_excerpt';
/** On a tool span: the span id of the llm span whose completion asked for this tool call. */
export const SPANLENS_TOOL_CALL_LLM_SPAN_ID = 'spanlens.tool_call.llm_span_id';
/** On a tool span: the call id was matched by tool name, not given by the app. */
export const SPANLENS_TOOL_CALL_ID_INFERRED = 'spanlens.tool_call.id_inferred';

// --- spanlens: the browser's built-in AI (instrument/browser-ai/) ----------------------------
/** Which built-in AI method made the span: `LanguageModel.prompt`, `Summarizer.summarizeStreaming`... */
export const SPANLENS_BROWSER_AI_API = 'spanlens.browser_ai.api';
/** The session's `contextUsage` (tokens in its context window) before and after the call. */
export const SPANLENS_BROWSER_AI_CONTEXT_USAGE_BEFORE = 'spanlens.browser_ai.context_usage_before';
export const SPANLENS_BROWSER_AI_CONTEXT_USAGE = 'spanlens.browser_ai.context_usage';
/** The session's `contextWindow` (LanguageModel), or `inputQuota` (the other APIs). */
export const SPANLENS_BROWSER_AI_CONTEXT_WINDOW = 'spanlens.browser_ai.context_window';
export const SPANLENS_BROWSER_AI_INPUT_QUOTA = 'spanlens.browser_ai.input_quota';
/** The `responseConstraint` of a prompt (a JSON schema, or a RegExp as text). */
export const SPANLENS_BROWSER_AI_RESPONSE_CONSTRAINT = 'spanlens.browser_ai.response_constraint';
/** The instance's settings as JSON: type, format, length, tone, languages... */
export const SPANLENS_BROWSER_AI_OPTIONS = 'spanlens.browser_ai.options';
/** A QuotaExceededError's `requested` and `quota`: how many tokens the input needed, how many were left. */
export const SPANLENS_BROWSER_AI_QUOTA_REQUESTED = 'spanlens.browser_ai.quota_requested';
export const SPANLENS_BROWSER_AI_QUOTA = 'spanlens.browser_ai.quota';
/** How many corrections a Proofreader made. */
export const SPANLENS_BROWSER_AI_CORRECTIONS = 'spanlens.browser_ai.corrections';

// --- spanlens: spans recorded in a worker (instrument/worker/) -------------------------------
/** `dedicated` or `shared`: the span was recorded in a worker and sent to the page. */
export const SPANLENS_WORKER_TYPE = 'spanlens.worker.type';
export const SPANLENS_WORKER_URL = 'spanlens.worker.url';
/** The worker's `name` (the constructor's `name` option), when it has one. */
export const SPANLENS_WORKER_NAME = 'spanlens.worker.name';
// --- spanlens: app protocols (AI SDK UI, AG-UI, LangGraph, MCP) ------------------------------
/** On a turn span: metadata the protocol carried (AI SDK message metadata, AG-UI state...), JSON. */
export const SPANLENS_TURN_METADATA = 'spanlens.turn.metadata';
/** On a tool span: where the tool ran (an MCP server's address, `provider`...). */
export const SPANLENS_TOOL_SERVER = 'spanlens.tool.server';
/** On a tool span: the tool reported a failure in its result (MCP `isError`). */
export const SPANLENS_TOOL_IS_ERROR = 'spanlens.tool.is_error';
/** On an MCP span: the JSON-RPC method (`tools/call`, `tools/list`, `initialize`...). */
export const MCP_METHOD_NAME = 'mcp.method.name';

// --- spanlens: latency as the user felt it (instrument/page/) --------------------------------
/** On a trace's first span: the input that started the turn (`click`, `keydown`, `submit`...). */
export const SPANLENS_TURN_INPUT_TYPE = 'spanlens.turn.input.type';
/** Epoch milliseconds of that input. */
export const SPANLENS_TURN_INPUT_TIME = 'spanlens.turn.input.time';
/** What was clicked or typed into: `button#send "Send"` (never a field's value). */
export const SPANLENS_TURN_INPUT_TARGET = 'spanlens.turn.input.target';
/** For key presses: a named key (`Enter`...) or `key`. */
export const SPANLENS_TURN_INPUT_KEY = 'spanlens.turn.input.key';
/** Event on an llm span: the start of its output first showed in the page. */
export const SPANLENS_PAGE_FIRST_PAINT = 'spanlens.page.first_paint';
/** Event on an llm span: the end of its output first showed in the page. */
export const SPANLENS_PAGE_LAST_PAINT = 'spanlens.page.last_paint';
/** Event on a trace's first span: a long task (main thread busy over 50 ms) during the turn. */
export const SPANLENS_PAGE_LONG_TASK = 'spanlens.page.long_task';
export const SPANLENS_PAGE_LONG_TASK_DURATION = 'spanlens.page.long_task.duration_ms';

// --- Older names (read on import) --------------------------------------------------------------
/**
 * Attribute names of earlier GenAI convention versions (and of earlier spanlens), each with the
 * current name it means: the OTLP importer reads them as the current ones.
 */
export const LEGACY_ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  'gen_ai.usage.cache_creation.input_tokens': GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  'gen_ai.usage.cache_creation_input_tokens': GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  'gen_ai.usage.cache_read_input_tokens': GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  'gen_ai.usage.prompt_tokens': GEN_AI_USAGE_INPUT_TOKENS,
  'gen_ai.usage.completion_tokens': GEN_AI_USAGE_OUTPUT_TOKENS,
  'gen_ai.system': GEN_AI_PROVIDER_NAME,
  /** A single string then; a list now. */
  'gen_ai.response.finish_reason': GEN_AI_RESPONSE_FINISH_REASONS,
};
// --- GenAI: evaluation (feedback scores, spanlens.score()) ------------------------------------
/** The event a score is recorded as, on the span it judges. */
export const GEN_AI_EVALUATION_RESULT_EVENT = 'gen_ai.evaluation.result';
export const GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name';
export const GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
export const GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
export const GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';

// --- spanlens: replay and overrides (issue 14) -------------------------------------------------
/** On a replayed llm span: the span id of the call it re-issued (also an OTel link). */
export const SPANLENS_REPLAY_OF = 'spanlens.replay_of';
/** On a link: why it points where it does (`replay_of`). */
export const SPANLENS_LINK_TYPE = 'spanlens.link.type';
/** The answer came from a pinned override (spanlens.override()), not from the network. */
export const SPANLENS_OVERRIDDEN = 'spanlens.overridden';
/** Which override answered: its id. */
export const SPANLENS_OVERRIDE_ID = 'spanlens.override.id';
