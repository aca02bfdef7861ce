/**
 * Spans for the overlay's pages, screenshots and benchmark, recorded through a real Tracer with
 * explicit times. Plain JS with no imports: the page hands in its tracer.
 */

const msg = (role, text, extra) => ({ role, parts: [{ type: 'text', content: text }], ...extra });

function span(tracer, parent, name, kind, start, end, attributes = {}, opts = {}) {
  const s = tracer.startSpan(name, { kind, parent, startTime: start, attributes });
  for (const e of opts.events ?? []) s.addEvent(e.name, e.attributes, e.time);
  if (opts.error) {
    s.recordException(new Error(opts.error), end);
    s.setStatus('error', opts.error);
  } else if (end !== undefined) s.setStatus('ok');
  if (end !== undefined) s.end(end);
  return s;
}

function llm(tracer, parent, model, start, end, { input, output, inTok, outTok, cost, ttft, finish = 'stop', error }) {
  const attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': model.startsWith('claude') ? 'anthropic' : 'openai',
    'gen_ai.request.model': model,
    'gen_ai.input.messages': JSON.stringify(input),
  };
  if (end !== undefined && !error) {
    Object.assign(attributes, {
      'gen_ai.response.model': model,
      'gen_ai.output.messages': JSON.stringify(output),
      'gen_ai.usage.input_tokens': inTok,
      'gen_ai.usage.output_tokens': outTok,
      'gen_ai.response.finish_reasons': [finish],
      'spanlens.cost.usd': cost,
    });
  }
  const events = ttft ? [{ name: 'gen_ai.first_token', time: start + ttft }] : [];
  return span(tracer, parent, `chat ${model}`, 'llm', start, end, attributes, { events, error });
}

/** A few chat turns as a real app records them: retrieval, an agent, tool calls, a failure, a running stream. */
export function recordDemoSession(tracer, base = Date.now() - 90_000) {
  const system = msg('system', 'You are a travel assistant. Answer briefly; use tools for live data.');
  // Turn 1: RAG answer with embeddings and rerank.
  let t = base;
  const turn1 = span(tracer, null, 'chat turn', 'chain', t, t + 2630);
  span(tracer, turn1, 'embeddings text-embedding-3-small', 'embedding', t + 8, t + 96, {
    'gen_ai.request.model': 'text-embedding-3-small',
    'gen_ai.usage.input_tokens': 14,
    'spanlens.cost.usd': 0.00000028,
  });
  span(tracer, turn1, 'retrieve', 'retriever', t + 98, t + 212, {
    'input.value': 'baggage allowance for economy',
    'retrieval.documents': JSON.stringify([
      { id: 'kb-112', content: 'Economy fares include one cabin bag up to 8 kg.', score: 0.83 },
      { id: 'kb-87', content: 'Checked bags can be added during booking.', score: 0.71 },
    ]),
  });
  span(tracer, turn1, 'rerank', 'reranker', t + 214, t + 301, { 'reranker.query': 'baggage allowance for economy', 'reranker.top_k': 2 });
  llm(tracer, turn1, 'claude-sonnet-4-5', t + 305, t + 2620, {
    input: [system, msg('user', 'What baggage can I take in economy?')],
    output: [msg('assistant', 'One cabin bag up to 8 kg is included. Checked bags can be added when you book.', { finish_reason: 'end_turn' })],
    inTok: 912,
    outTok: 38,
    cost: 0.003306,
    ttft: 690,
    finish: 'end_turn',
  });
  // Turn 2: an agent with tools, one of which fails, and model output that tries to inject HTML.
  t = base + 30_000;
  const turn2 = span(tracer, null, 'chat turn', 'chain', t, t + 4210);
  const agent = span(tracer, turn2, 'invoke_agent trip_planner', 'agent', t + 4, t + 4190, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'trip_planner',
  });
  llm(tracer, agent, 'gpt-4o', t + 10, t + 1380, {
    input: [system, msg('user', 'Weather in Oslo tomorrow and flights from Berlin?')],
    output: [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_w1', name: 'get_weather', arguments: { city: 'Oslo', day: 'tomorrow' } },
          { type: 'tool_call', id: 'call_f1', name: 'search_flights', arguments: { from: 'BER', to: 'OSL' } },
        ],
        finish_reason: 'tool_calls',
      },
    ],
    inTok: 1834,
    outTok: 96,
    cost: 0.005545,
    ttft: 410,
    finish: 'tool_calls',
  });
  span(tracer, agent, 'execute_tool get_weather', 'tool', t + 1390, t + 1702, {
    'gen_ai.tool.name': 'get_weather',
    'gen_ai.tool.call.id': 'call_w1',
    'gen_ai.tool.call.arguments': JSON.stringify({ city: 'Oslo', day: 'tomorrow' }),
    'gen_ai.tool.call.result': JSON.stringify({ forecast: 'light snow', high_c: -1, low_c: -6 }),
  });
  span(tracer, agent, 'execute_tool search_flights', 'tool', t + 1392, t + 2140, {
    'gen_ai.tool.name': 'search_flights',
    'gen_ai.tool.call.id': 'call_f1',
    'gen_ai.tool.call.arguments': JSON.stringify({ from: 'BER', to: 'OSL' }),
  }, { error: 'HTTP 503 from flights API' });
  llm(tracer, agent, 'gpt-4o', t + 2150, t + 4180, {
    input: [system, msg('user', 'Weather in Oslo tomorrow and flights from Berlin?')],
    output: [
      msg(
        'assistant',
        'Tomorrow in Oslo: light snow, -6 to -1 °C. Flight search is down right now <img src=x onerror="alert(1)"> <script>alert(2)</script> [retry](javascript:alert(3))',
        { finish_reason: 'stop' },
      ),
    ],
    inTok: 2210,
    outTok: 412,
    cost: 0.009645,
    ttft: 520,
  });
  // Turn 3: still streaming.
  t = Date.now() - 1800;
  const turn3 = span(tracer, null, 'chat turn', 'chain', t, undefined);
  span(tracer, turn3, 'retrieve', 'retriever', t + 5, t + 140, { 'input.value': 'ski rental Oslo' });
  const open = llm(tracer, turn3, 'gpt-4o-mini', t + 150, undefined, {
    input: [system, msg('user', 'Where can I rent skis near Oslo?')],
    ttft: 380,
  });
  return { turns: [turn1, turn2, turn3], open };
}

/**
 * A big session: `count` spans in traces of ~100, alternating deep chains (depth 25) and wide
 * fans (one agent with many tool and llm children).
 */
export function recordBigSession(tracer, count = 10_000, base = Date.now() - 3_600_000) {
  let made = 0;
  let trace = 0;
  while (made < count) {
    const t = base + trace * 3000;
    const root = span(tracer, null, `chat turn ${trace}`, 'chain', t, t + 2500);
    made++;
    const size = Math.min(99, count - made);
    if (trace % 2 === 0) {
      let parent = root;
      for (let i = 0; i < size; i++) {
        const kind = i % 4 === 3 ? 'llm' : i % 4 === 2 ? 'tool' : 'chain';
        const s = kind === 'llm'
          ? llm(tracer, parent, 'gpt-4o-mini', t + i * 20, t + 2400 - i, { input: [msg('user', `step ${i}`)], output: [msg('assistant', `answer ${i}`)], inTok: 200 + i, outTok: 40, cost: 0.0001, ttft: 5 })
          : span(tracer, parent, kind === 'tool' ? `execute_tool step_${i}` : `step ${i}`, kind, t + i * 20, t + 2400 - i, {}, { error: i === 57 ? 'boom' : undefined });
        if (i % 5 !== 4) parent = s;
        made++;
      }
    } else {
      const agent = span(tracer, root, 'invoke_agent fan', 'agent', t + 1, t + 2490);
      made++;
      for (let i = 0; i < size - 1; i++) {
        if (i % 3 === 0) llm(tracer, agent, 'gpt-4o', t + 2 + i * 24, t + 20 + i * 24, { input: [msg('user', `q ${i}`)], output: [msg('assistant', `a ${i}`)], inTok: 500, outTok: 60, cost: 0.0018, ttft: 6 });
        else span(tracer, agent, `execute_tool tool_${i % 7}`, 'tool', t + 2 + i * 24, t + 18 + i * 24, { 'gen_ai.tool.name': `tool_${i % 7}` });
        made++;
      }
    }
    trace++;
  }
  return made;
}
