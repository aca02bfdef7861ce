/**
 * The provider parsers alone: wire payloads (shapes as the providers document them) in, records out.
 */
import { describe, expect, it } from 'vitest';
import { anthropicMessages, ollamaChat, openaiChat, openaiResponses, sniffFormat } from '../../../src/instrument/providers/detect';
import type { StreamAccumulator } from '../../../src/instrument/providers/types';
import { NdjsonParser, SseParser } from '../../../src/instrument/streams/event-framing';

function run(accumulator: StreamAccumulator, sse: string) {
  const parser = new SseParser();
  for (const event of [...parser.push(sse), ...parser.end()]) accumulator.push(event);
  return accumulator.outcome();
}

const data = (value: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(value)}\n\n`;

describe('OpenAI chat completions', () => {
  it('turns a conversation with tool calls, tool results and images into semconv messages', () => {
    const info = openaiChat.parseRequest({
      model: 'gpt-4.1',
      max_completion_tokens: 100,
      stop: 'END',
      seed: 7,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'What is here?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"at":"image"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
      ],
    });
    expect(info).toMatchObject({ model: 'gpt-4.1', maxTokens: 100, stopSequences: ['END'], seed: 7, stream: false });
    expect(info.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is here?' },
          { type: 'blob', modality: 'image', mime_type: 'image/png', content: '[inline data omitted: 12 chars]' },
        ],
      },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'look', arguments: { at: 'image' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'a cat' }] },
    ]);
  });

  it('reassembles two parallel tool calls whose fragments interleave, and two choices', () => {
    const chunk = (choices: unknown[]) => data({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o', choices });
    const sse =
      chunk([{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } }] } }]) +
      chunk([{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"y"' } }] } }]) +
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] } }]) +
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }, { index: 1, function: { arguments: ':2}' } }] } }]) +
      chunk([{ index: 1, delta: { content: 'second choice' }, finish_reason: 'stop' }]) +
      chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]) +
      'data: [DONE]\n\n';
    const outcome = run(openaiChat.createStream(), sse);
    expect(outcome.complete).toBe(true);
    expect(outcome.finishReasons).toEqual(['tool_calls', 'stop']);
    expect(outcome.messages[0].parts).toEqual([
      { type: 'tool_call', id: 'call_a', name: 'f', arguments: { x: 1 } },
      { type: 'tool_call', id: 'call_b', name: 'g', arguments: { y: 2 } },
    ]);
    expect(outcome.messages[1].parts).toEqual([{ type: 'text', content: 'second choice' }]);
  });

  it('a stream cut short is incomplete and keeps the partial text; bad events are noted', () => {
    const outcome = run(
      openaiChat.createStream(),
      data({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hel' } }] }) + 'data: {not json\n\n',
    );
    expect(outcome.complete).toBe(false);
    expect(outcome.messages[0].parts).toEqual([{ type: 'text', content: 'Hel' }]);
    expect(outcome.parseErrors).toEqual(['stream event is not JSON']);
  });

  it('reads the error body of compatible servers', () => {
    expect(openaiChat.parseError({ error: { message: 'bad model', type: 'invalid_request_error', code: 'model_not_found' } })).toEqual({
      type: 'invalid_request_error',
      message: 'bad model',
    });
    expect(openaiChat.parseError({ error: 'model "x" not found' })).toEqual({ message: 'model "x" not found' });
  });
});

describe('OpenAI Responses', () => {
  it('reads input items: messages, function calls and their outputs', () => {
    const info = openaiResponses.parseRequest({
      model: 'gpt-5',
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }],
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '22C' },
      ],
    });
    expect(info.systemInstructions).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(info.toolDefinitions).toEqual([{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }]);
    expect(info.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '22C' }] },
    ]);
  });

  it('an incomplete response gives its reason as finish reason', () => {
    const outcome = openaiResponses.parseResponse({
      id: 'resp_1',
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Partial' }] }],
      usage: { input_tokens: 5, output_tokens: 16, output_tokens_details: { reasoning_tokens: 10 } },
    });
    expect(outcome.finishReasons).toEqual(['max_output_tokens']);
    expect(outcome.usage).toEqual({ input: 5, output: 16, reasoning: 10 });
  });

  it('a stream without response.completed is incomplete; an error event is the error', () => {
    const sse =
      data({ type: 'response.created', response: { id: 'resp_2', model: 'gpt-5' } }, 'response.created') +
      data({ type: 'response.output_text.delta', output_index: 0, delta: 'Hi' }, 'response.output_text.delta') +
      data({ type: 'error', code: 'server_error', message: 'The model failed' }, 'error');
    const outcome = run(openaiResponses.createStream(), sse);
    expect(outcome.complete).toBe(false);
    expect(outcome.id).toBe('resp_2');
    expect(outcome.messages[0].parts).toEqual([{ type: 'text', content: 'Hi' }]);
    expect(outcome.error).toEqual({ type: 'server_error', message: 'The model failed' });
  });
});

describe('OpenAI Responses streams', () => {
  const events = [
    data({ type: 'response.created', response: { id: 'resp_3', model: 'gpt-5', output: [] } }),
    data({ type: 'response.reasoning_summary_text.delta', output_index: 0, delta: 'Think' }),
    data({ type: 'response.reasoning_summary_text.delta', output_index: 0, delta: 'ing.' }),
    data({ type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', call_id: 'call_9', name: 'get_weather', arguments: '' } }),
    data({ type: 'response.function_call_arguments.delta', output_index: 1, delta: '{"city":' }),
    data({ type: 'response.function_call_arguments.delta', output_index: 1, delta: '"Paris"}' }),
    data({ type: 'response.output_item.added', output_index: 2, item: { type: 'message', role: 'assistant', content: [] } }),
    data({ type: 'response.output_text.delta', output_index: 2, delta: 'Checking' }),
  ].join('');
  const parts = [
    { type: 'reasoning', content: 'Thinking.' },
    { type: 'tool_call', id: 'call_9', name: 'get_weather', arguments: { city: 'Paris' } },
    { type: 'text', content: 'Checking' },
  ];

  it('a stream cut short shows every item as far as it got, with no finish reason', () => {
    const outcome = run(openaiResponses.createStream(), events);
    expect(outcome).toMatchObject({ id: 'resp_3', model: 'gpt-5', complete: false, finishReasons: [] });
    expect(outcome.messages).toEqual([{ role: 'assistant', parts }]);
  });

  it('a final response without output items keeps the streamed ones and gives the finish reason', () => {
    const done = data({ type: 'response.output_item.done', output_index: 2, item: { type: 'message', content: [{ type: 'output_text', text: 'Checking…' }] } });
    const completed = data({ type: 'response.completed', response: { id: 'resp_3', status: 'completed', usage: { input_tokens: 3, output_tokens: 4 } } });
    const outcome = run(openaiResponses.createStream(), events + done + completed);
    expect(outcome).toMatchObject({ complete: true, finishReasons: ['tool_calls'], usage: { input: 3, output: 4 } });
    expect(outcome.messages[0].parts).toEqual([parts[0], parts[1], { type: 'text', content: 'Checking…' }]);
  });
});

describe('Anthropic Messages', () => {
  it('reads system blocks, tool results and images in the request', () => {
    const info = anthropicMessages.parseRequest({
      model: 'claude-opus-4-1',
      max_tokens: 1024,
      top_k: 5,
      stop_sequences: ['\n\nHuman:'],
      system: [{ type: 'text', text: 'You are a weather bot.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } }, { type: 'text', text: 'Where?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '22C' }] }] },
      ],
    });
    expect(info).toMatchObject({ topK: 5, maxTokens: 1024, stopSequences: ['\n\nHuman:'] });
    expect(info.systemInstructions).toEqual([{ type: 'text', content: 'You are a weather bot.' }]);
    expect(info.toolDefinitions).toEqual([{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }]);
    expect(info.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: '[inline data omitted: 4 chars]' }, { type: 'text', content: 'Where?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_1', response: '22C' }] },
    ]);
  });

  it('streams thinking and text blocks; message_delta usage adds to message_start usage', () => {
    const sse =
      data({ type: 'message_start', message: { id: 'msg_1', model: 'claude-sonnet-4-5', usage: { input_tokens: 10, cache_read_input_tokens: 90, cache_creation_input_tokens: 5, output_tokens: 1 } } }, 'message_start') +
      data({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }, 'content_block_start') +
      data({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think.' } }, 'content_block_delta') +
      data({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } }, 'content_block_delta') +
      data({ type: 'content_block_stop', index: 0 }, 'content_block_stop') +
      data({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }, 'content_block_start') +
      data({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Sunny.' } }, 'content_block_delta') +
      data({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 42 } }, 'message_delta') +
      data({ type: 'message_stop' }, 'message_stop');
    const outcome = run(anthropicMessages.createStream(), sse);
    expect(outcome.complete).toBe(true);
    expect(outcome.usage).toEqual({ input: 105, cacheRead: 90, cacheCreation: 5, output: 42 });
    expect(outcome.messages).toEqual([
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'Let me think.' }, { type: 'text', content: 'Sunny.' }], finish_reason: 'end_turn' },
    ]);
  });

  it('an error event mid-stream is the outcome error', () => {
    const outcome = run(anthropicMessages.createStream(), data({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error'));
    expect(outcome.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
    expect(outcome.complete).toBe(false);
  });
});

describe('Ollama chat', () => {
  const ndjson = (...lines: unknown[]) => {
    const parser = new NdjsonParser();
    const accumulator = ollamaChat.createStream();
    for (const event of [...parser.push(lines.map((l) => JSON.stringify(l)).join('\n')), ...parser.end()]) accumulator.push(event);
    return accumulator.outcome();
  };

  it('reads options, images and tool calls (arguments as objects) in the request', () => {
    const info = ollamaChat.parseRequest({
      model: 'llama3.2',
      options: { temperature: 0.2, top_k: 40, num_predict: 128 },
      messages: [
        { role: 'user', content: 'What is this?', images: ['aGVsbG8='] },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
        { role: 'tool', content: '22C' },
      ],
    });
    expect(info).toMatchObject({ model: 'llama3.2', stream: true, temperature: 0.2, topK: 40, maxTokens: 128 });
    expect(info.inputMessages![0].parts[1]).toEqual({ type: 'blob', modality: 'image', content: '[inline data omitted: 8 chars]' });
    expect(info.inputMessages![1].parts).toContainEqual({ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' } });
    expect(info.inputMessages![2].parts).toEqual([{ type: 'tool_call_response', response: '22C' }]);
  });

  it('streams thinking, text and a tool call; the done line gives usage and completes it', () => {
    const lines = [
      { model: 'qwen3', message: { role: 'assistant', content: '', thinking: 'Hmm.' }, done: false },
      { model: 'qwen3', message: { role: 'assistant', content: 'Hel' }, done: false },
      { model: 'qwen3', message: { role: 'assistant', content: 'lo', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] }, done: false },
    ];
    const partial = ndjson(...lines);
    expect(partial.complete).toBe(false);
    const outcome = ndjson(...lines, { model: 'qwen3', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: 7 });
    expect(outcome).toMatchObject({ model: 'qwen3', complete: true, finishReasons: ['stop'], usage: { input: 12, output: 7 } });
    expect(outcome.messages[0].parts).toEqual([
      { type: 'reasoning', content: 'Hmm.' },
      { type: 'text', content: 'Hello' },
      { type: 'tool_call', name: 'f', arguments: { a: 1 } },
    ]);
  });

  it('a line that is not JSON is noted; an error line is the error', () => {
    const parser = new NdjsonParser();
    const accumulator = ollamaChat.createStream();
    for (const event of parser.push('not json\n{"error":"model not found"}\n')) accumulator.push(event);
    const outcome = accumulator.outcome();
    expect(outcome.parseErrors).toEqual(['stream line is not JSON']);
    expect(outcome.error).toEqual({ message: 'model not found' });
  });
});

describe('sniffFormat', () => {
  it('recognises each format from its first payload', () => {
    expect(sniffFormat({ object: 'chat.completion.chunk' })).toBe(openaiChat);
    expect(sniffFormat({ type: 'response.created' })).toBe(openaiResponses);
    expect(sniffFormat({ type: 'message_start' })).toBe(anthropicMessages);
    expect(sniffFormat({ hello: 1 })).toBeUndefined();
  });
});
