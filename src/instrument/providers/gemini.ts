/**
 * Google's Gemini API in its native shape, as `@google/genai` and the REST docs speak it:
 *   - Gemini API: `POST https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent`
 *     and `:streamGenerateContent?alt=sse` (key in `x-goog-api-key` or `?key=`);
 *   - Vertex AI: `POST https://{location}-aiplatform.googleapis.com/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:...`.
 * The model is in the path, not in the body, so a format is made per request (`geminiFor(url)`).
 *
 * Request: `contents` (`{ role: 'user' | 'model', parts }`), `systemInstruction` (a Content),
 * `tools` (`functionDeclarations` and built-in tools), `generationConfig` (temperature, topP,
 * topK, maxOutputTokens, stopSequences...). The REST API also takes snake_case names
 * (`system_instruction`, `generation_config`), which the docs' curl examples use: both are read.
 * Parts: text (with `thought: true` for thinking), inlineData, fileData, functionCall,
 * functionResponse, executableCode, codeExecutionResult.
 *
 * Response: `candidates[]` (content, finishReason), `usageMetadata`, `modelVersion`, `responseId`,
 * `promptFeedback.blockReason` when the prompt was blocked (then there are no candidates).
 * A stream (`alt=sse`) is `data: {GenerateContentResponse}` events, each with the new parts only;
 * there is no final event: the stream is complete once every candidate has a finishReason.
 * Without `alt=sse` the stream is one JSON array of those responses, read as a whole.
 *
 * Usage: promptTokenCount includes cachedContentTokenCount; candidatesTokenCount excludes
 * thoughtsTokenCount, which is billed as output; toolUsePromptTokenCount is input too.
 */
import type { ChatMessage, MessagePart } from '../../core/messages';
import { GENERIC_PART_TYPE } from '../../core/semconv';
import type { StreamEvent } from '../streams/event-framing';
import { answerMessage, byIndex, eventObject, toolCallPart } from './build';
import { arr, mediaPart, num, obj, str, strings, type JsonObject } from './json';
import { emptyOutcome, type ApiFormat, type LlmOutcome, type LlmRequestInfo, type ProviderError, type StreamAccumulator, type ToolDefinition, type Usage } from './types';

/** `models/{model}:{method}` at the end of a path (Gemini API, Vertex publishers, tuned models). */
const GEMINI_PATH = /\/(?:models|tunedModels)\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** The model and method of a Gemini path, or undefined for any other path. */
export function geminiPath(pathname: string): { model: string; stream: boolean } | undefined {
  const match = GEMINI_PATH.exec(pathname);
  if (!match) return undefined;
  return { model: decodePathSegment(match[1]), stream: match[2] === 'streamGenerateContent' };
}

/** Finish reasons that mean the answer was withheld or cut by a filter, not finished. */
const BLOCKED_FINISH = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);

/** The Gemini format for one request URL (model and streaming come from the path). */
export function geminiFor(url: URL): ApiFormat {
  const path = geminiPath(url.pathname);
  return {
    id: 'gemini.generate_content',
    defaultProvider: 'gcp.gemini',
    parseRequest: (body) => parseRequest(body, path),
    parseResponse,
    createStream: () => new GeminiStream(),
    parseError,
  };
}

function parseRequest(body: unknown, path: { model: string; stream: boolean } | undefined): LlmRequestInfo {
  const b = obj(body) ?? {};
  const config = obj(field(b, 'generationConfig', 'generation_config')) ?? {};
  const system = field(b, 'systemInstruction', 'system_instruction');
  const info: LlmRequestInfo = {
    operation: 'chat',
    stream: path?.stream ?? false,
    model: path?.model ?? str(b.model),
    temperature: num(config.temperature),
    topP: num(field(config, 'topP', 'top_p')),
    topK: num(field(config, 'topK', 'top_k')),
    maxTokens: num(field(config, 'maxOutputTokens', 'max_output_tokens')),
    frequencyPenalty: num(field(config, 'frequencyPenalty', 'frequency_penalty')),
    presencePenalty: num(field(config, 'presencePenalty', 'presence_penalty')),
    seed: num(config.seed),
    stopSequences: strings(field(config, 'stopSequences', 'stop_sequences')),
    toolDefinitions: toolDefinitions(b.tools),
  };
  if (system !== undefined) info.systemInstructions = typeof system === 'string' ? [{ type: 'text', content: system }] : parts(obj(system)?.parts);
  if (Array.isArray(b.contents)) info.inputMessages = b.contents.map(inputMessage);
  else if (typeof b.contents === 'string') info.inputMessages = [{ role: 'user', parts: [{ type: 'text', content: b.contents }] }];
  return info;
}

/** `camelCase` or `snake_case`: the REST API accepts both. */
function field(o: JsonObject, camel: string, snake: string): unknown {
  return o[camel] !== undefined ? o[camel] : o[snake];
}

/** `tools: [{ functionDeclarations: [...] }, { googleSearch: {} }, { codeExecution: {} }]`. */
function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  const out: ToolDefinition[] = [];
  for (const tool of arr(tools)) {
    const t = obj(tool) ?? {};
    for (const [kind, value] of Object.entries(t)) {
      if (kind !== 'functionDeclarations' && kind !== 'function_declarations') {
        out.push({ type: kind, name: kind });
        continue;
      }
      for (const declaration of arr(value)) {
        const d = obj(declaration) ?? {};
        const def: ToolDefinition = { type: 'function', name: str(d.name) ?? 'unknown' };
        const description = str(d.description);
        if (description !== undefined) def.description = description;
        const parameters = d.parameters ?? d.parametersJsonSchema ?? d.parameters_json_schema;
        if (parameters !== undefined) def.parameters = parameters;
        out.push(def);
      }
    }
  }
  return out.length > 0 ? out : undefined;
}

/** A Content of the request; function responses sent back are the `tool` role's. */
function inputMessage(content: unknown): ChatMessage {
  const c = obj(content) ?? {};
  const messageParts = parts(c.parts);
  const onlyResponses = messageParts.length > 0 && messageParts.every((p) => p.type === 'tool_call_response');
  return { role: onlyResponses || c.role === 'function' ? 'tool' : role(c.role), parts: messageParts };
}

/** Gemini says `model` where the semconv (and every other provider) says `assistant`. */
function role(value: unknown): string {
  const name = str(value);
  if (name === 'model') return 'assistant';
  return name ?? 'user';
}

function parts(list: unknown): MessagePart[] {
  return arr(list).map((item) => part(obj(item) ?? {}));
}

function part(p: JsonObject): MessagePart {
  if (typeof p.text === 'string') return p.thought === true ? { type: 'reasoning', content: p.text } : { type: 'text', content: p.text };
  const call = obj(field(p, 'functionCall', 'function_call'));
  if (call) return toolCallPart(call.id, call.name, call.args ?? {});
  const response = obj(field(p, 'functionResponse', 'function_response'));
  if (response) return { type: 'tool_call_response', id: str(response.id) ?? str(response.name), response: response.response };
  const inline = obj(field(p, 'inlineData', 'inline_data'));
  if (inline) {
    const mimeType = str(field(inline, 'mimeType', 'mime_type'));
    return mediaPart(modality(mimeType), { data: str(inline.data), mimeType });
  }
  const file = obj(field(p, 'fileData', 'file_data'));
  if (file) {
    const mimeType = str(field(file, 'mimeType', 'mime_type'));
    return { ...mediaPart(modality(mimeType), { url: str(field(file, 'fileUri', 'file_uri')) ?? '' }), mime_type: mimeType };
  }
  const code = obj(p.executableCode);
  if (code) return { type: GENERIC_PART_TYPE, provider_type: 'executableCode', language: str(code.language), content: str(code.code) ?? '' };
  const result = obj(p.codeExecutionResult);
  if (result) return { type: GENERIC_PART_TYPE, provider_type: 'codeExecutionResult', outcome: str(result.outcome), content: str(result.output) ?? '' };
  return { type: GENERIC_PART_TYPE, provider_type: Object.keys(p).join(',') || 'empty' };
}

function modality(mimeType: string | undefined): string {
  const top = mimeType?.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}

/** A whole answer is a stream of one response; a JSON-array stream (no `alt=sse`) is each of them. */
function parseResponse(body: unknown): LlmOutcome {
  const stream = new GeminiStream();
  const responses = Array.isArray(body) ? body : [body];
  for (const response of responses) stream.take(obj(response) ?? {});
  const outcome = stream.outcome();
  if (responses.length === 0 || !stream.recognised) outcome.parseErrors.push('response has no candidates or promptFeedback');
  outcome.complete = true;
  return outcome;
}

/** `{ error: { code: 400, message, status: 'INVALID_ARGUMENT' } }` (Google's API error shape). */
export function parseError(body: unknown): ProviderError | undefined {
  const error = obj(Array.isArray(body) ? body[0] : body)?.error;
  const e = obj(error);
  if (!e) return typeof error === 'string' ? { message: error } : undefined;
  const message = str(e.message) ?? JSON.stringify(e);
  const type = str(e.status) ?? (typeof e.code === 'number' ? String(e.code) : undefined);
  return type === undefined ? { message } : { type, message };
}

interface CandidateState {
  role: string;
  parts: MessagePart[];
  finishReason?: string;
  finishMessage?: string;
}

class GeminiStream implements StreamAccumulator {
  #outcome = emptyOutcome();
  #candidates = new Map<number, CandidateState>();
  #blocked: ProviderError | undefined;
  /** A response with candidates, usage or prompt feedback was seen. */
  recognised = false;

  push(event: StreamEvent): boolean {
    const response = eventObject(event.data, this.#outcome);
    return response ? this.take(response) : false;
  }

  /** One GenerateContentResponse (a stream event, or a whole answer). */
  take(r: JsonObject): boolean {
    const outcome = this.#outcome;
    outcome.id = str(r.responseId) ?? outcome.id;
    outcome.model = str(r.modelVersion) ?? outcome.model;
    const usage = obj(r.usageMetadata);
    if (usage) outcome.usage = readUsage(usage);
    const error = parseError(r);
    if (error) outcome.error = error;
    const feedback = obj(r.promptFeedback);
    const blockReason = str(feedback?.blockReason);
    if (blockReason) {
      const detail = str(feedback?.blockReasonMessage);
      this.#blocked = { type: 'prompt_blocked', message: `prompt blocked: ${blockReason}${detail ? ` (${detail})` : ''}` };
    }
    this.recognised ||= usage !== undefined || feedback !== undefined || Array.isArray(r.candidates) || error !== undefined;
    let output = false;
    for (const item of arr(r.candidates)) {
      const c = obj(item) ?? {};
      const index = num(c.index) ?? 0;
      let state = this.#candidates.get(index);
      if (!state) this.#candidates.set(index, (state = { role: 'assistant', parts: [] }));
      const content = obj(c.content) ?? {};
      if (content.role !== undefined) state.role = role(content.role);
      for (const p of parts(content.parts)) output = append(state.parts, p) || output;
      state.finishReason = str(c.finishReason) ?? state.finishReason;
      state.finishMessage = str(c.finishMessage) ?? state.finishMessage;
    }
    return output;
  }

  outcome(): LlmOutcome {
    const outcome: LlmOutcome = { ...this.#outcome, finishReasons: [], messages: [], parseErrors: this.#outcome.parseErrors.slice() };
    let allFinished = this.#candidates.size > 0;
    for (const [, state] of byIndex(this.#candidates)) {
      outcome.messages.push(answerMessage(state.role, state.parts.slice(), state.finishReason));
      if (!state.finishReason) allFinished = false;
      else {
        outcome.finishReasons.push(state.finishReason);
        if (BLOCKED_FINISH.has(state.finishReason) && !outcome.error) {
          const detail = state.finishMessage ? ` (${state.finishMessage})` : '';
          outcome.error = { type: 'response_blocked', message: `response blocked: ${state.finishReason}${detail}` };
        }
      }
    }
    if (this.#blocked) outcome.error = this.#blocked;
    // A blocked prompt gets no candidates at all: that answer is complete too.
    outcome.complete = allFinished || this.#blocked !== undefined;
    return outcome;
  }
}

/** A streamed text part continues the previous part of its kind; anything else is a part of its own. */
function append(list: MessagePart[], p: MessagePart): boolean {
  const last = list[list.length - 1];
  if ((p.type === 'text' || p.type === 'reasoning') && last?.type === p.type) {
    const added = (p as { content: string }).content;
    list[list.length - 1] = { type: p.type, content: (last as { content: string }).content + added };
    return added !== '';
  }
  list.push(p);
  return p.type !== 'text' || (p as { content: string }).content !== '';
}

function readUsage(u: JsonObject): Usage {
  const prompt = num(u.promptTokenCount);
  const toolPrompt = num(u.toolUsePromptTokenCount);
  const candidates = num(u.candidatesTokenCount);
  const thoughts = num(u.thoughtsTokenCount);
  const usage: Usage = {};
  if (prompt !== undefined || toolPrompt !== undefined) usage.input = (prompt ?? 0) + (toolPrompt ?? 0);
  if (candidates !== undefined || thoughts !== undefined) usage.output = (candidates ?? 0) + (thoughts ?? 0);
  const cached = num(u.cachedContentTokenCount);
  if (cached !== undefined) usage.cacheRead = cached;
  if (thoughts !== undefined) usage.reasoning = thoughts;
  return usage;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
