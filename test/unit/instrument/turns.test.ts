/**
 * Detection by response, with raw fetch against a real local server: app routes recognised by
 * what they answer, with no configuration; everything else left alone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as sem from '../../../src/core/semconv';
import type { SpanData } from '../../../src/core/span';
import { instrumentFetch, type FetchInstrumentation } from '../../../src/instrument/fetch/instrument-fetch';
import { ANSWER, startMockLlmServer, TOOL_CALL, type MockLlmServer } from '../../support/mock-llm-server.js';
import { json, recordingTracer, type Recorded } from './helpers';

let server: MockLlmServer;
let rec: Recorded;
let handle: FetchInstrumentation;

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  rec = recordingTracer();
  handle = instrumentFetch({ tracer: rec.tracer });
});
afterEach(() => handle.uninstall());

const UI_CHAT_BODY = JSON.stringify({
  id: 'chat-1',
  trigger: 'submit-message',
  messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] }],
});

function byKind(spans: SpanData[], kind: string): SpanData[] {
  return spans.filter((s) => s.kind === kind).sort((a, b) => a.startTime - b.startTime);
}

/** Let the tap's after-task work run, so that a span that would be recorded is. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('AI SDK UI message stream from the app\'s own route, no configuration', () => {
  it('is a turn: the agent span, one llm span per step, one tool span linked to its step', async () => {
    const response = await fetch(`${server.url}/api/ui-chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: UI_CHAT_BODY });
    const text = await response.text();
    expect(text).toContain('data: [DONE]');
    const spans = await rec.waitForEnded(4);
    const [turn] = byKind(spans, 'agent');
    const [first, second] = byKind(spans, 'llm');
    const [tool] = byKind(spans, 'tool');
    expect(turn.attributes[sem.SPANLENS_API_FORMAT]).toBe('ai_sdk.ui_message_stream');
    expect(turn.attributes[sem.GEN_AI_CONVERSATION_ID]).toBe('chat-1');
    expect(turn.attributes[sem.GEN_AI_RESPONSE_ID]).toBe('msg-QxQ8f4');
    expect(turn.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
    expect(json(turn.attributes[sem.GEN_AI_INPUT_MESSAGES])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]);
    expect(turn.status.code).toBe('unset');
    expect(turn.attributes[sem.SPANLENS_INCOMPLETE]).toBeUndefined();
    for (const child of [first, second, tool]) expect(child.parentSpanId).toBe(turn.spanId);
    // Step 1 asked for the tool; step 2 answered.
    expect(json(first.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: TOOL_CALL.id, name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) }], finish_reason: 'tool_calls' },
    ]);
    expect(json(second.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }]);
    expect(tool.name).toBe(`execute_tool ${TOOL_CALL.name}`);
    expect(tool.attributes[sem.GEN_AI_TOOL_CALL_ID]).toBe(TOOL_CALL.id);
    expect(json(tool.attributes[sem.GEN_AI_TOOL_CALL_ARGUMENTS])).toEqual(JSON.parse(TOOL_CALL.arguments));
    expect(json(tool.attributes[sem.GEN_AI_TOOL_CALL_RESULT])).toEqual({ temperature: 22, sky: 'sunny' });
    expect(tool.attributes[sem.SPANLENS_TOOL_CALL_LLM_SPAN_ID]).toBe(first.spanId);
    // The turn's answer: call, result, text.
    expect(json(turn.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: TOOL_CALL.id, name: TOOL_CALL.name, arguments: JSON.parse(TOOL_CALL.arguments) },
          { type: 'tool_call_response', id: TOOL_CALL.id, response: { temperature: 22, sky: 'sunny' } },
          { type: 'text', content: ANSWER },
        ],
        finish_reason: 'stop',
      },
    ]);
    // The turn starts with the call and ends last.
    expect(Math.max(...spans.map((s) => s.endTime!))).toBe(turn.endTime);
  });

  it('a stream cut before its finish part: the turn is incomplete, every span ended', async () => {
    const response = await fetch(`${server.url}/api/ui-chat`, { method: 'POST', headers: { 'x-mock-scenario': 'incomplete' }, body: UI_CHAT_BODY });
    await response.text();
    const spans = await rec.waitForEnded(4);
    const [turn] = byKind(spans, 'agent');
    expect(turn.attributes[sem.SPANLENS_INCOMPLETE]).toBe(true);
    expect(turn.status).toEqual({ code: 'error', message: 'stream ended before its final event' });
  });

  it('a cancelled body ends the open step and tool marked incomplete', async () => {
    const response = await fetch(`${server.url}/api/ui-chat`, { method: 'POST', headers: { 'x-mock-gate': '1' }, body: UI_CHAT_BODY });
    const reader = response.body!.getReader();
    await reader.read();
    await server.gated();
    await reader.cancel();
    server.release();
    const spans = await rec.waitForEnded(1);
    await settle();
    const [turn] = byKind(rec.ended, 'agent');
    expect(turn.status.message).toBe('response body cancelled by the app');
    expect(spans.every((s) => s.endTime !== undefined)).toBe(true);
  });
});

describe('provider-shaped answers of an app route', () => {
  it('a JSON chat completion answering {model, messages} is an llm span', async () => {
    const response = await fetch(`${server.url}/api/proxy`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) });
    const body = await response.json();
    expect(body.object).toBe('chat.completion');
    const [span] = await rec.waitForEnded();
    expect(span.kind).toBe('llm');
    expect(span.attributes[sem.SPANLENS_API_FORMAT]).toBe('openai.chat_completions');
    expect(span.attributes[sem.GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
    expect(json(span.attributes[sem.GEN_AI_OUTPUT_MESSAGES])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
  });

  it('a JSON answer of another shape to {model, messages} is not an llm span', async () => {
    const response = await fetch(`${server.url}/api/save`, { method: 'POST', body: JSON.stringify({ model: 'invoice', messages: ['a note'] }) });
    expect(await response.json()).toEqual({ ok: true, path: '/api/save' });
    await settle();
    expect(rec.events).toEqual([]);
  });

  it('a streamed one too', async () => {
    const response = await fetch(`${server.url}/api/proxy`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(span.kind).toBe('llm');
    expect(span.attributes[sem.GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['stop']);
  });
});

describe('everything else is left alone', () => {
  it('a JSON POST that is not a chat: no span', async () => {
    const response = await fetch(`${server.url}/api/save`, { method: 'POST', body: JSON.stringify({ name: 'x' }) });
    expect(await response.json()).toEqual({ ok: true, path: '/api/save' });
    await settle();
    expect(rec.events).toEqual([]);
  });

  it('an SSE stream of no known shape: no span; with recordHttp an http span', async () => {
    let response = await fetch(`${server.url}/custom-sse`, { method: 'POST', body: '{}' });
    expect(await response.text()).toContain('"kind":"hello"');
    await settle();
    expect(rec.events).toEqual([]);
    handle.uninstall();
    handle = instrumentFetch({ tracer: rec.tracer, recordHttp: true });
    response = await fetch(`${server.url}/custom-sse`, { method: 'POST', body: '{}' });
    await response.text();
    const [span] = await rec.waitForEnded();
    expect(span.kind).toBe('http');
    expect(span.attributes[sem.HTTP_RESPONSE_STATUS_CODE]).toBe(200);
  });

  it('a GET is never looked at', async () => {
    const response = await fetch(`${server.url}/custom-sse`);
    await response.text();
    await settle();
    expect(rec.events).toEqual([]);
  });
});
