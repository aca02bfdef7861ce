/**
 * Turn readers against bad input, through the real TurnCall and stream tap: a protocol switch
 * midway, a truncated frame, unknown part types, protocol error parts, hostile keys. The span says
 * what went wrong (`spanlens.parse_error`); the app's bytes are never touched.
 */
import { describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import { TurnCall, type Framing } from '../../../src/instrument/fetch/turn-call';
import { aiSdkUiTurn } from '../../../src/instrument/providers/ai-sdk';
import { mcpStreamableHttp } from '../../../src/instrument/providers/mcp';
import type { TurnProtocol } from '../../../src/instrument/providers/types';
import { DEFAULT_PRICES } from '../../../src/instrument/prices';
import { json, recordingTracer, type Recorded } from './helpers';
import { rememberToolCalls } from '../../../src/instrument/api/tool-call-links';

/** The body as the network would deliver it, in pieces of `size` characters. */
function body(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function readTurn(protocol: TurnProtocol, wire: string, options: { framing?: Framing; request?: unknown; type?: string; rec?: Recorded } = {}) {
  const rec = options.rec ?? recordingTracer();
  const root = rec.tracer.startSpan(protocol.name, { kind: protocol.kindOf?.(options.request) ?? protocol.kind });
  const call = new TurnCall({
    tracer: rec.tracer,
    span: root,
    protocol,
    framing: options.framing ?? 'sse',
    requestBody: options.request,
    url: new URL('http://127.0.0.1/api/chat'),
    prices: DEFAULT_PRICES,
    secrets: [],
    aborted: () => false,
  });
  const response = call.response(new Response(body(wire), { headers: { 'content-type': options.type ?? 'text/event-stream' } }));
  const appGot = await response.text();
  // The root ends last, a task after the body's end.
  while (!rec.ended.some((s) => s.spanId === root.spanId)) await new Promise((r) => setImmediate(r));
  const spans = rec.ended;
  return { appGot, turn: spans.find((s) => s.spanId === root.spanId)!, children: spans.filter((s) => s.parentSpanId === root.spanId) };
}

const sse = (...parts: unknown[]) => parts.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');

describe('AI SDK UI message stream, bad input', () => {
  it('a protocol switch midway: noted, the rest still read, the app gets every byte', async () => {
    const wire = sse(
      { type: 'start', messageId: 'm1' },
      { type: 'start-step' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hello' },
      { object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'x' } }] },
      { type: 'text-delta', id: 't', delta: ' there' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'stop' },
      '[DONE]',
    );
    const { appGot, turn, children } = await readTurn(aiSdkUiTurn, wire);
    expect(appGot).toBe(wire);
    expect(turn.attributes[sem.SPANLENS_PARSE_ERROR]).toMatch(/^event without a part type \(another protocol\?\)/);
    expect(turn.attributes[sem.SPANLENS_RESPONSE_BODY_EXCERPT]).toBe(wire.slice(0, 1000));
    expect(json(children[0]!.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello there' }] }]);
    expect(turn.status.code).toBe('unset');
  });

  it('a truncated last frame: not JSON, the turn incomplete, open spans ended', async () => {
    const wire = sse({ type: 'start' }, { type: 'start-step' }, { type: 'tool-input-start', toolCallId: 'c1', toolName: 'search' }) + 'data: {"type":"tool-input-del';
    const { appGot, turn, children } = await readTurn(aiSdkUiTurn, wire);
    expect(appGot).toBe(wire);
    expect(turn.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('stream event is not JSON');
    expect(turn.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(turn.status).toEqual({ code: 'error', message: 'stream ended before its final event' });
    expect(children.map((c) => [c.kind, c.attributes[sem.SPANLENS_INCOMPLETE]])).toEqual([
      ['llm', true],
      ['tool', true],
    ]);
  });

  it('unknown part types are events, never fatal; data parts too', async () => {
    const wire = sse(
      { type: 'start-step' },
      { type: 'reasoning-file', id: 'r' },
      { type: 'data-weather', id: 'w1', data: { city: 'Paris' } },
      { type: 'text-delta', id: 't', delta: 'ok' },
      { type: 'finish-step' },
      { type: 'finish' },
    );
    const { turn, children } = await readTurn(aiSdkUiTurn, wire);
    const events = turn.events.filter((e) => e.name !== sem.EVENT_FIRST_TOKEN).map((e) => [e.name, e.attributes]);
    expect(events).toEqual([
      ['spanlens.unknown_part', { type: 'reasoning-file' }],
      ['ai_sdk.data', { name: 'weather', id: 'w1', data: '{"city":"Paris"}', transient: false }],
    ]);
    expect(turn.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('unknown part type reasoning-file');
    expect(turn.status.code).toBe('unset');
    expect(json(children[0]!.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'ok' }] }]);
  });

  it('an error part: the turn and its open step are red with the message', async () => {
    const wire = sse({ type: 'start-step' }, { type: 'text-delta', id: 't', delta: 'Hel' }, { type: 'error', errorText: 'rate limited' }, { type: 'finish' });
    const { turn, children } = await readTurn(aiSdkUiTurn, wire);
    expect(turn.status).toEqual({ code: 'error', message: 'rate limited' });
    expect(children[0]!.status).toEqual({ code: 'error', message: 'rate limited' });
  });

  it('tool errors and denials: the tool span is red; output for an unknown call is noted', async () => {
    const wire = sse(
      { type: 'start-step' },
      { type: 'tool-input-available', toolCallId: 'a', toolName: 'lookup', input: { q: 1 } },
      { type: 'tool-input-available', toolCallId: 'b', toolName: 'delete_all', input: {} },
      { type: 'tool-output-error', toolCallId: 'a', errorText: 'lookup failed' },
      { type: 'tool-output-denied', toolCallId: 'b' },
      { type: 'tool-output-available', toolCallId: 'zzz', output: 1 },
      { type: 'finish-step' },
      { type: 'finish' },
    );
    const { turn, children } = await readTurn(aiSdkUiTurn, wire);
    const tools = children.filter((c) => c.kind === 'tool');
    expect(tools.map((t) => t.status)).toEqual([
      { code: 'error', message: 'lookup failed' },
      { code: 'error', message: 'the tool call was denied' },
    ]);
    expect(turn.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('tool-output-available for an unknown tool call zzz');
  });

  it('hostile keys are data: a tool named __proto__, metadata with __proto__', async () => {
    const wire =
      'data: {"type":"start","messageMetadata":{"__proto__":{"polluted":true}}}\n\n' +
      sse({ type: 'start-step' }, { type: 'tool-input-available', toolCallId: '__proto__', toolName: '__proto__', input: { __proto__: 1 } }, { type: 'finish-step' }, { type: 'finish' });
    const { turn, children } = await readTurn(aiSdkUiTurn, wire);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(children.find((c) => c.kind === 'tool')!.attributes[sem.GEN_AI_TOOL_NAME]).toBe('__proto__');
    expect(json(turn.attributes[sem.SPANLENS_TURN_METADATA])).toEqual(JSON.parse('{"__proto__":{"polluted":true}}'));
  });
});

describe('MCP, bad input', () => {
  const request = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } };

  it('a JSON-RPC error answer: the tool span is red with the code', async () => {
    const wire = JSON.stringify({ jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'unknown tool add' } });
    const { turn } = await readTurn(mcpStreamableHttp, wire, { framing: 'json', request, type: 'application/json' });
    expect(turn.kind).toBe('tool');
    expect(turn.status).toEqual({ code: 'error', message: 'unknown tool add' });
    expect(turn.attributes[sem.ERROR_TYPE]).toBe('jsonrpc_-32602');
  });

  it('notifications before the answer are events; a message that is not JSON-RPC is noted', async () => {
    const wire = sse(
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
      { hello: 'world' },
      { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: '2' }] } },
    );
    const { turn } = await readTurn(mcpStreamableHttp, wire, { request });
    expect(turn.events.filter((e) => e.name === 'mcp.notification').map((e) => e.attributes?.['mcp.method.name'])).toEqual(['notifications/progress']);
    expect(turn.attributes[sem.SPANLENS_PARSE_ERROR]).toBe('a message that is not JSON-RPC 2.0');
    expect(json(turn.attributes[sem.GEN_AI_TOOL_CALL_RESULT])).toEqual([{ type: 'text', text: '2' }]);
    expect(turn.status.code).toBe('unset');
  });

  it('a stream that ends without the answer: incomplete', async () => {
    const wire = sse({ jsonrpc: '2.0', method: 'notifications/message', params: {} });
    const { turn } = await readTurn(mcpStreamableHttp, wire, { request });
    expect(turn.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(turn.status.code).toBe('error');
  });
});

describe('MCP tool spans link to the completion that asked for the tool', () => {
  it('by tool name, marked inferred (MCP carries no call id of the model)', async () => {
    const rec = recordingTracer();
    const llm = rec.tracer.startSpan('chat gpt-4o', { kind: 'llm' });
    rememberToolCalls(rec.tracer, llm, [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_9', name: 'add', arguments: { a: 1 } }] }]);
    llm.end();
    const request = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } };
    const wire = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: '1' }] } });
    const { turn } = await readTurn(mcpStreamableHttp, wire, { framing: 'json', request, type: 'application/json', rec });
    expect(turn.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(llm.spanId);
    expect(turn.attributes[sem.GEN_AI_TOOL_CALL_ID]).toBe('call_9');
    expect(turn.attributes[sem.SPANLENS_TOOL_CALL_ID_INFERRED]).toBe(true);
  });

  it('tools/list is a small http span, never an llm span', async () => {
    const request = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const wire = JSON.stringify({ jsonrpc: '2.0', id: 2, result: { tools: [{ name: 'add' }, { name: 'sub' }] } });
    const { turn } = await readTurn(mcpStreamableHttp, wire, { framing: 'json', request, type: 'application/json' });
    expect(turn.kind).toBe('http');
    expect(json(turn.attributes[sem.SPANLENS_TURN_METADATA])).toEqual({ tools: ['add', 'sub'] });
  });
});
