/**
 * A pinned answer written in a provider's own wire format: the JSON body, the stream events (SSE
 * for OpenAI chat, Responses and Anthropic; NDJSON for Ollama) and the HTTP error body, each the
 * documented shape the provider's client libraries parse. Pure: overrides.ts paces and sends them.
 */

import type { WritableFormat } from './action-code';

export interface PinnedToolCall {
  id?: string;
  name: string;
  /** An object, or its JSON text. */
  arguments?: unknown;
}

export interface PinnedAnswer {
  text?: string;
  toolCalls?: PinnedToolCall[];
  /** Default: `tool_calls` with tool calls, else `stop` (written in the provider's own word). */
  finishReason?: string;
  model?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
}

export type OverrideFormat = WritableFormat;

/** The body of a complete (non-streamed) answer. */
export function answerJson(format: OverrideFormat, answer: PinnedAnswer, model: string): unknown {
  const text = answer.text ?? '';
  const calls = normalisedCalls(answer.toolCalls);
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? countWords(text);
  const now = Math.floor(Date.now() / 1000);
  switch (format) {
    case 'openai.chat_completions':
      return {
        id: 'chatcmpl-spanlens-override',
        object: 'chat.completion',
        created: now,
        model,
        choices: [{ index: 0, message: openAiMessage(text, calls), logprobs: null, finish_reason: finish(format, answer, calls) }],
        usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
      };
    case 'openai.responses':
      return responseObject(model, text, calls, 'completed', inputTokens, outputTokens);
    case 'anthropic.messages':
      return {
        id: 'msg_spanlens_override',
        type: 'message',
        role: 'assistant',
        model,
        content: [
          ...(text === '' ? [] : [{ type: 'text', text }]),
          ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input })),
        ],
        stop_reason: finish(format, answer, calls),
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      };
    case 'ollama.chat':
      return {
        model,
        created_at: new Date().toISOString(),
        message: ollamaMessage(text, calls),
        done: true,
        done_reason: finish(format, answer, calls),
        prompt_eval_count: inputTokens,
        eval_count: outputTokens,
      };
  }
}

/** One stream event: `event` is the SSE event name (Anthropic, Responses); `data` is the payload. */
export interface WireEvent {
  event?: string;
  data: string;
}

/** The stream of a streamed answer, text in `chunks` (as a model's tokens would come). */
export function answerEvents(format: OverrideFormat, answer: PinnedAnswer, model: string, chunks: readonly string[], includeUsage: boolean): WireEvent[] {
  const calls = normalisedCalls(answer.toolCalls);
  const text = chunks.join('');
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? countWords(text);
  const json = (value: unknown, event?: string): WireEvent => (event ? { event, data: JSON.stringify(value) } : { data: JSON.stringify(value) });
  const created = Math.floor(Date.now() / 1000);
  switch (format) {
    case 'openai.chat_completions': {
      const chunk = (delta: unknown, finishReason: string | null = null) =>
        json({ id: 'chatcmpl-spanlens-override', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
      const events = [chunk({ role: 'assistant', content: '' })];
      for (const piece of chunks) events.push(chunk({ content: piece }));
      calls.forEach((c, index) => {
        events.push(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }));
        events.push(chunk({ tool_calls: [{ index, function: { arguments: c.argumentsText } }] }));
      });
      events.push(chunk({}, finish(format, answer, calls)));
      if (includeUsage) {
        events.push(json({ id: 'chatcmpl-spanlens-override', object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens } }));
      }
      events.push({ data: '[DONE]' });
      return events;
    }
    case 'anthropic.messages': {
      const events = [
        json({ type: 'message_start', message: { id: 'msg_spanlens_override', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } }, 'message_start'),
      ];
      let index = 0;
      if (chunks.length > 0) {
        events.push(json({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start'));
        for (const piece of chunks) events.push(json({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }, 'content_block_delta'));
        events.push(json({ type: 'content_block_stop', index }, 'content_block_stop'));
        index++;
      }
      for (const c of calls) {
        events.push(json({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } }, 'content_block_start'));
        events.push(json({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: c.argumentsText } }, 'content_block_delta'));
        events.push(json({ type: 'content_block_stop', index }, 'content_block_stop'));
        index++;
      }
      events.push(json({ type: 'message_delta', delta: { stop_reason: finish(format, answer, calls), stop_sequence: null }, usage: { output_tokens: outputTokens } }, 'message_delta'));
      events.push(json({ type: 'message_stop' }, 'message_stop'));
      return events;
    }
    case 'openai.responses': {
      let sequence = 0;
      const event = (type: string, fields: Record<string, unknown>) => json({ type, sequence_number: sequence++, ...fields }, type);
      const events = [event('response.created', { response: responseObject(model, '', [], 'in_progress', 0, 0, true) })];
      let output = 0;
      if (chunks.length > 0) {
        const item = { id: 'msg_spanlens_override', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
        events.push(event('response.output_item.added', { output_index: output, item }));
        events.push(event('response.content_part.added', { item_id: item.id, output_index: output, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
        for (const piece of chunks) events.push(event('response.output_text.delta', { item_id: item.id, output_index: output, content_index: 0, delta: piece }));
        events.push(event('response.output_text.done', { item_id: item.id, output_index: output, content_index: 0, text }));
        events.push(event('response.output_item.done', { output_index: output, item: responseMessage(text) }));
        output++;
      }
      for (const c of calls) {
        const id = `fc_${c.id}`;
        events.push(event('response.output_item.added', { output_index: output, item: { type: 'function_call', id, call_id: c.id, name: c.name, arguments: '', status: 'in_progress' } }));
        events.push(event('response.function_call_arguments.delta', { item_id: id, output_index: output, delta: c.argumentsText }));
        events.push(event('response.function_call_arguments.done', { item_id: id, output_index: output, arguments: c.argumentsText }));
        events.push(event('response.output_item.done', { output_index: output, item: responseCall(c) }));
        output++;
      }
      events.push(event('response.completed', { response: responseObject(model, text, calls, 'completed', inputTokens, outputTokens) }));
      return events;
    }
    case 'ollama.chat': {
      const createdAt = new Date().toISOString();
      const events = chunks.map((piece) => json({ model, created_at: createdAt, message: { role: 'assistant', content: piece }, done: false }));
      if (calls.length > 0) events.push(json({ model, created_at: createdAt, message: ollamaMessage('', calls), done: false }));
      events.push(json({ model, created_at: createdAt, message: { role: 'assistant', content: '' }, done: true, done_reason: finish(format, answer, calls), prompt_eval_count: inputTokens, eval_count: outputTokens }));
      return events;
    }
  }
}

/** The provider's error body for an HTTP error status. */
export function errorJson(format: OverrideFormat, status: number, message: string): unknown {
  const rateLimited = status === 429;
  switch (format) {
    case 'openai.chat_completions':
    case 'openai.responses':
      return { error: { message, type: rateLimited ? 'requests' : 'server_error', param: null, code: rateLimited ? 'rate_limit_exceeded' : null } };
    case 'anthropic.messages':
      return { type: 'error', error: { type: rateLimited ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error', message } };
    case 'ollama.chat':
      return { error: message };
  }
}

/** Text split the way a model streams it: a word with its following space per chunk. */
export function chunkText(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

interface NormalisedCall {
  id: string;
  name: string;
  input: unknown;
  argumentsText: string;
}

function normalisedCalls(calls: readonly PinnedToolCall[] | undefined): NormalisedCall[] {
  return (calls ?? []).map((c, i) => {
    const argumentsText = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {});
    let input: unknown = {};
    try {
      input = JSON.parse(argumentsText);
    } catch {
      // Arguments that are not JSON go as text where the format has text, as {} where it needs an object.
    }
    return { id: c.id ?? `call_spanlens_${i}`, name: c.name, input, argumentsText };
  });
}

/** The finish reason in the provider's vocabulary. */
function finish(format: OverrideFormat, answer: PinnedAnswer, calls: readonly NormalisedCall[]): string {
  if (answer.finishReason) return answer.finishReason;
  const tools = calls.length > 0;
  if (format === 'anthropic.messages') return tools ? 'tool_use' : 'end_turn';
  if (format === 'openai.chat_completions') return tools ? 'tool_calls' : 'stop';
  return 'stop';
}

function openAiMessage(text: string, calls: readonly NormalisedCall[]): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, refusal: null };
  if (calls.length > 0) message.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsText } }));
  return message;
}

function ollamaMessage(text: string, calls: readonly NormalisedCall[]): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: text };
  if (calls.length > 0) message.tool_calls = calls.map((c) => ({ function: { name: c.name, arguments: c.input } }));
  return message;
}

function responseMessage(text: string) {
  return { id: 'msg_spanlens_override', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

function responseCall(c: NormalisedCall) {
  return { type: 'function_call', id: `fc_${c.id}`, call_id: c.id, name: c.name, arguments: c.argumentsText, status: 'completed' };
}

function responseObject(model: string, text: string, calls: readonly NormalisedCall[], status: string, inputTokens: number, outputTokens: number, empty = false) {
  const output = empty ? [] : [...(text === '' ? [] : [responseMessage(text)]), ...calls.map(responseCall)];
  return {
    id: 'resp_spanlens_override',
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    usage: empty ? null : { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}

function countWords(text: string): number {
  return chunkText(text).length;
}
