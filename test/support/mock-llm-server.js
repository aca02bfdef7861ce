/**
 * A local mock LLM server (127.0.0.1, random port) speaking the real wire formats of OpenAI Chat
 * Completions, the OpenAI Responses API, Anthropic Messages and Ollama, JSON and streamed, for the
 * fetch instrumentation tests and benchmark. Plain JavaScript so `node bench/...` can use it.
 *
 * Routes: POST /v1/chat/completions, /v1/responses, /v1/messages, /api/chat (Ollama NDJSON),
 * /api/ui-chat (Vercel AI SDK UI message stream), /api/proxy (an app route answering as OpenAI chat), /plain (text/plain stream), /custom-sse (an
 * SSE stream of no known format), anything else (echoes JSON). Behaviour per request, by header:
 *   x-mock-scenario: text (default) | tool_calls | http_error | incomplete | malformed | mid_error
 *   x-mock-chunks:   N   stream the answer as N text chunks (default: one per word)
 *   x-mock-gate:     1   send the first event, then wait until server.release() before the rest
 *   x-mock-delay-ms: N   wait N ms between stream events
 * Every request is kept in `server.requests` ({ method, path, headers, body, closedEarly }).
 */
import { createServer } from 'node:http';

export const ANSWER = 'The weather in Paris is sunny and 22 degrees.';
export const TOOL_CALL = { id: 'call_Zx8Qm2K9', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };
export const ANTHROPIC_TOOL = { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } };
export const USAGE = { input: 57, cached: 12, output: 17, reasoning: 4 };

/**
 * @param {{ serve?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean }} [options]
 *   `serve` answers other requests first (a test page, a bundle): return true when it did.
 * @returns {Promise<import('./mock-llm-server').MockLlmServer>}
 */
export async function startMockLlmServer(options = {}) {
  const requests = [];
  let releases = [];
  let gates = [];
  const server = createServer(async (req, res) => {
    if (options.serve?.(req, res)) return;
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const path = new URL(req.url, 'http://x').pathname;
    const record = { method: req.method, path: req.url, headers: { ...req.headers }, body: text, closedEarly: false };
    requests.push(record);
    // The client went away before the answer was complete (a cancel or an abort).
    res.on('close', () => {
      if (!res.writableEnded) record.closedEarly = true;
    });
    const behaviour = {
      scenario: String(req.headers['x-mock-scenario'] ?? 'text'),
      chunks: req.headers['x-mock-chunks'] ? Number(req.headers['x-mock-chunks']) : undefined,
      gated: req.headers['x-mock-gate'] === '1',
      delay: Number(req.headers['x-mock-delay-ms'] ?? 0),
      stream: body?.stream === true || (path === '/api/chat' && body?.stream !== false) || path === '/plain',
      model: body?.model ?? 'gpt-4o-mini',
    };
    const wait = async () => {
      if (behaviour.gated) {
        behaviour.gated = false;
        await new Promise((resolve) => {
          releases.push(resolve);
          const notify = gates;
          gates = [];
          for (const g of notify) g();
        });
      } else if (behaviour.delay > 0) await new Promise((r) => setTimeout(r, behaviour.delay));
    };
    try {
      if (behaviour.scenario === 'http_error') return httpError(res, path);
      if (behaviour.scenario === 'malformed' && !behaviour.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"id": "chatcmpl-broken", "choices": [');
      }
      if (path.endsWith('/chat/completions')) return await openaiChat(res, behaviour, wait);
      if (path.endsWith('/responses')) return await openaiResponses(res, behaviour, wait);
      if (path.endsWith('/messages')) return await anthropic(res, behaviour, wait);
      if (path === '/api/chat') return await ollama(res, behaviour, wait);
      if (path === '/plain') return await plain(res, behaviour, wait);
      if (path === '/api/ui-chat') return await aiSdkUiStream(res, behaviour, wait);
      // An app's own route proxying an OpenAI-compatible provider (JSON or SSE).
      if (path === '/api/proxy') return await openaiChat(res, behaviour, wait);
      if (path === '/custom-sse') {
        sse(res);
        await send(res, { kind: 'hello', value: 1 });
        await send(res, { kind: 'bye' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, path }));
    } catch {
      res.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Let a gated stream go on. */
    release() {
      const pending = releases;
      releases = [];
      for (const r of pending) r();
    },
    /** Resolves when a gated stream has sent its first event and waits. */
    gated() {
      return releases.length > 0 ? Promise.resolve() : new Promise((resolve) => gates.push(resolve));
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function words(options) {
  if (options.chunks) {
    const out = [];
    for (let i = 0; i < options.chunks; i++) out.push(`tok${i} `);
    return out;
  }
  return ANSWER.match(/\S+\s?/g);
}

function httpError(res, path) {
  if (path.endsWith('/messages')) {
    res.writeHead(529, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
  }
  res.writeHead(429, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { message: 'Rate limit reached for gpt-4o-mini in organization org-123 on tokens per min (TPM).', type: 'tokens', param: null, code: 'rate_limit_exceeded' },
    }),
  );
}

function sse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function send(res, data, event) {
  return new Promise((resolve) => res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`, () => resolve()));
}

// --- OpenAI Chat Completions --------------------------------------------------------------------

async function openaiChat(res, options, wait) {
  const id = 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG';
  const model = /\d{4}-\d{2}-\d{2}$/.test(options.model) ? options.model : `${options.model}-2024-07-18`;
  const tools = options.scenario === 'tool_calls';
  const usage = {
    prompt_tokens: USAGE.input,
    completion_tokens: USAGE.output,
    total_tokens: USAGE.input + USAGE.output,
    prompt_tokens_details: { cached_tokens: USAGE.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: USAGE.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  if (!options.stream) {
    const message = tools
      ? { role: 'assistant', content: null, tool_calls: [{ id: TOOL_CALL.id, type: 'function', function: { name: TOOL_CALL.name, arguments: TOOL_CALL.arguments } }], refusal: null, annotations: [] }
      : { role: 'assistant', content: ANSWER, refusal: null, annotations: [] };
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created: 1741570283,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: tools ? 'tool_calls' : 'stop' }],
        usage,
        service_tier: 'default',
        system_fingerprint: 'fp_06737a9306',
      }),
    );
  }
  sse(res);
  const chunk = (delta, finish = null, extra = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created: 1741570283,
    model,
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  await send(res, chunk({ role: 'assistant', content: '', refusal: null }));
  await wait();
  if (tools) {
    await send(res, chunk({ tool_calls: [{ index: 0, id: TOOL_CALL.id, type: 'function', function: { name: TOOL_CALL.name, arguments: '' } }] }));
    for (const piece of TOOL_CALL.arguments.match(/.{1,7}/g)) {
      await wait();
      await send(res, chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  } else {
    for (const word of words(options)) {
      await send(res, chunk({ content: word }));
      await wait();
      if (options.scenario === 'mid_error') {
        await send(res, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
        return res.end();
      }
    }
  }
  if (options.scenario === 'incomplete') return res.end();
  await send(res, chunk({}, tools ? 'tool_calls' : 'stop'));
  await send(res, { ...chunk({}), choices: [], usage });
  await send(res, '[DONE]');
  res.end();
}

// --- OpenAI Responses API -----------------------------------------------------------------------

async function openaiResponses(res, options, wait) {
  const tools = options.scenario === 'tool_calls';
  const base = {
    id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
    object: 'response',
    created_at: 1741476542,
    model: `${options.model}-2025-08-07`,
    output: [],
    usage: null,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
  };
  const messageItem = { id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: ANSWER, annotations: [] }] };
  const callItem = { id: 'fc_12345xyz', type: 'function_call', status: 'completed', call_id: TOOL_CALL.id, name: TOOL_CALL.name, arguments: TOOL_CALL.arguments };
  const reasoningItem = { id: 'rs_6820f383d7c08191846711c5df8233bc', type: 'reasoning', summary: [{ type: 'summary_text', text: 'The user asks about weather.' }] };
  const usage = {
    input_tokens: USAGE.input,
    input_tokens_details: { cached_tokens: USAGE.cached },
    output_tokens: USAGE.output,
    output_tokens_details: { reasoning_tokens: USAGE.reasoning },
    total_tokens: USAGE.input + USAGE.output,
  };
  const done = { ...base, status: 'completed', output: [reasoningItem, tools ? callItem : messageItem], usage };
  if (!options.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(done));
  }
  sse(res);
  let seq = 0;
  const ev = (type, data) => send(res, { type, sequence_number: seq++, ...data }, type);
  await ev('response.created', { response: base });
  await wait();
  await ev('response.in_progress', { response: base });
  await ev('response.output_item.added', { output_index: 0, item: { ...reasoningItem, summary: [] } });
  await ev('response.reasoning_summary_text.delta', { item_id: reasoningItem.id, output_index: 0, summary_index: 0, delta: 'The user asks about weather.' });
  await ev('response.output_item.done', { output_index: 0, item: reasoningItem });
  if (tools) {
    await ev('response.output_item.added', { output_index: 1, item: { ...callItem, arguments: '', status: 'in_progress' } });
    for (const piece of TOOL_CALL.arguments.match(/.{1,7}/g)) {
      await wait();
      await ev('response.function_call_arguments.delta', { item_id: callItem.id, output_index: 1, delta: piece });
    }
    await ev('response.function_call_arguments.done', { item_id: callItem.id, output_index: 1, arguments: TOOL_CALL.arguments });
    await ev('response.output_item.done', { output_index: 1, item: callItem });
  } else {
    await ev('response.output_item.added', { output_index: 1, item: { ...messageItem, status: 'in_progress', content: [] } });
    await ev('response.content_part.added', { item_id: messageItem.id, output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const word of words(options)) {
      await ev('response.output_text.delta', { item_id: messageItem.id, output_index: 1, content_index: 0, delta: word, logprobs: [] });
      await wait();
    }
    if (options.scenario === 'incomplete') return res.end();
    await ev('response.output_text.done', { item_id: messageItem.id, output_index: 1, content_index: 0, text: ANSWER, logprobs: [] });
    await ev('response.content_part.done', { item_id: messageItem.id, output_index: 1, content_index: 0, part: messageItem.content[0] });
    await ev('response.output_item.done', { output_index: 1, item: messageItem });
  }
  await ev('response.completed', { response: done });
  res.end();
}

// --- Anthropic Messages -------------------------------------------------------------------------

async function anthropic(res, options, wait) {
  const tools = options.scenario === 'tool_calls';
  const model = options.model;
  const id = 'msg_01XFDUDYJgAACzvnptvVoYEL';
  const usage = { input_tokens: USAGE.input - USAGE.cached, cache_creation_input_tokens: 0, cache_read_input_tokens: USAGE.cached, output_tokens: USAGE.output };
  if (!options.stream) {
    const content = tools
      ? [{ type: 'text', text: 'Let me check the weather.' }, { type: 'tool_use', ...ANTHROPIC_TOOL }]
      : [{ type: 'text', text: ANSWER }];
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ id, type: 'message', role: 'assistant', model, content, stop_reason: tools ? 'tool_use' : 'end_turn', stop_sequence: null, usage }));
  }
  sse(res);
  const ev = (type, data) => send(res, { type, ...data }, type);
  await ev('message_start', {
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  await wait();
  await ev('ping', {});
  if (tools) {
    await ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    await ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Let me check the weather.' } });
    await ev('content_block_stop', { index: 0 });
    await ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: ANTHROPIC_TOOL.id, name: ANTHROPIC_TOOL.name, input: {} } });
    const json = JSON.stringify(ANTHROPIC_TOOL.input);
    await ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const piece of json.match(/.{1,6}/g)) {
      await ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: piece } });
      await wait();
    }
    await ev('content_block_stop', { index: 1 });
  } else {
    await ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const word of words(options)) {
      await ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word } });
      await wait();
      if (options.scenario === 'mid_error') {
        await ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
        return res.end();
      }
    }
    if (options.scenario === 'incomplete') return res.end();
    await ev('content_block_stop', { index: 0 });
  }
  await ev('message_delta', { delta: { stop_reason: tools ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: USAGE.output } });
  await ev('message_stop', {});
  res.end();
}

// --- Ollama native /api/chat (NDJSON) -------------------------------------------------------------

async function ollama(res, options, wait) {
  const model = options.model;
  const tools = options.scenario === 'tool_calls';
  const line = (data) => new Promise((resolve) => res.write(JSON.stringify(data) + '\n', () => resolve()));
  // Ollama sends a tool call whole, in one line, with its arguments as an object.
  const toolCalls = [{ function: { name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) } }];
  const final = { model, created_at: '2025-11-20T10:00:01Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', total_duration: 4883583458, prompt_eval_count: USAGE.input, eval_count: USAGE.output };
  if (!options.stream) {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const message = tools ? { role: 'assistant', content: '', tool_calls: toolCalls } : { role: 'assistant', content: ANSWER };
    return res.end(JSON.stringify({ ...final, message }));
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  if (tools) {
    await line({ model, created_at: '2025-11-20T10:00:00Z', message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false });
    await wait();
  } else {
    for (const word of words(options)) {
      await line({ model, created_at: '2025-11-20T10:00:00Z', message: { role: 'assistant', content: word }, done: false });
      await wait();
    }
  }
  if (options.scenario === 'incomplete') return res.end();
  await line(final);
  res.end();
}

// --- Vercel AI SDK UI message stream (an app's own /api/chat route) ------------------------------

async function aiSdkUiStream(res, options, wait) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' });
  const ev = (data) => send(res, data);
  await ev({ type: 'start', messageId: 'msg-QxQ8f4' });
  await ev({ type: 'start-step' });
  await ev({ type: 'tool-input-start', toolCallId: TOOL_CALL.id, toolName: TOOL_CALL.name });
  for (const piece of TOOL_CALL.arguments.match(/.{1,9}/g)) await ev({ type: 'tool-input-delta', toolCallId: TOOL_CALL.id, inputTextDelta: piece });
  await ev({ type: 'tool-input-available', toolCallId: TOOL_CALL.id, toolName: TOOL_CALL.name, input: JSON.parse(TOOL_CALL.arguments) });
  await ev({ type: 'tool-output-available', toolCallId: TOOL_CALL.id, output: { temperature: 22, sky: 'sunny' } });
  await ev({ type: 'finish-step' });
  await ev({ type: 'start-step' });
  await ev({ type: 'text-start', id: 'txt-0' });
  for (const word of words(options)) {
    await ev({ type: 'text-delta', id: 'txt-0', delta: word });
    await wait();
  }
  await ev({ type: 'text-end', id: 'txt-0' });
  await ev({ type: 'finish-step' });
  if (options.scenario === 'incomplete') return res.end();
  await ev({ type: 'finish', finishReason: 'stop' });
  await send(res, '[DONE]');
  res.end();
}

async function plain(res, options, wait) {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  for (const word of words(options)) {
    await new Promise((resolve) => res.write(word, () => resolve()));
    await wait();
  }
  res.end();
}
