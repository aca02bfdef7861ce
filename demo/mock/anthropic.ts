/**
 * An Anthropic-style `POST /v1/messages`: JSON, or SSE with `stream: true` (message_start,
 * content_block_start / delta / stop with text_delta and input_json_delta, message_delta with the
 * output usage, message_stop), and Anthropic's error bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { planReply, type Conversation, type Message } from './brain.ts';
import { EventStream, fragments, readJson, sendJson, sleep } from './http.ts';
import type { MockTiming } from './timing.ts';
import { countTokens, tokenize } from './tokens.ts';

const RESPONSE_MODELS: Record<string, string> = {
  'claude-sonnet-4-6': 'claude-sonnet-4-6',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
};

export async function handleMessages(req: IncomingMessage, res: ServerResponse, timing: MockTiming, newId: (p: string) => string): Promise<void> {
  if (!req.headers['x-api-key'] && !req.headers.authorization) {
    return sendJson(res, 401, anthropicError('authentication_error', 'x-api-key header is required'));
  }
  const body = (await readJson(req)) as Record<string, unknown>;
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || typeof body.max_tokens !== 'number') {
    return sendJson(res, 400, anthropicError('invalid_request_error', 'model, messages and max_tokens are required'));
  }
  const conversation = toConversation(body);
  const plan = planReply(conversation, newId);
  if (plan.kind === 'rate_limited') {
    await sleep(timing.firstTokenMs);
    return sendJson(res, 429, anthropicError('rate_limit_error', plan.message), { 'retry-after': '20' });
  }
  const model = RESPONSE_MODELS[body.model] ?? body.model;
  const inputTokens = conversation.messages.reduce((n, m) => n + 3 + countTokens(m.text), 0) + conversation.tools.length * 40;
  const blocks =
    plan.kind === 'text'
      ? [{ type: 'text' as const, text: plan.text }]
      : plan.calls.map((c) => ({ type: 'tool_use' as const, id: c.id.replace(/^call/, 'toolu'), name: c.name, input: JSON.parse(c.arguments) as unknown }));
  const outputTokens = plan.kind === 'text' ? tokenize(plan.text).length : plan.calls.reduce((n, c) => n + 6 + countTokens(c.arguments), 0);
  const stopReason = plan.kind === 'text' ? 'end_turn' : 'tool_use';
  const id = newId('msg');
  const usage = { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const firstTokenMs = plan.slow ? timing.slowFirstTokenMs : timing.firstTokenMs;

  if (body.stream !== true) {
    await sleep(firstTokenMs);
    return sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage });
  }

  const stream = new EventStream(res);
  const send = (data: { type: string }) => stream.send(data, data.type);
  send({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } } as { type: string });
  await stream.pause(firstTokenMs);
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'text') {
      send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } } as { type: string });
      for (const token of tokenize(block.text)) {
        if (stream.gone) return;
        send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: token } } as { type: string });
        await stream.pause(timing.tokenMs);
      }
    } else {
      send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } } as { type: string });
      for (const piece of fragments(JSON.stringify(block.input), 7)) {
        if (stream.gone) return;
        send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } } as { type: string });
        await stream.pause(timing.tokenMs);
      }
    }
    send({ type: 'content_block_stop', index } as { type: string });
  }
  send({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } } as { type: string });
  send({ type: 'message_stop' });
  stream.end();
}

function anthropicError(type: string, message: string) {
  return { type: 'error', error: { type, message } };
}

/** Anthropic request (system + content blocks) → the brain's conversation. */
export function toConversation(body: Record<string, unknown>): Conversation {
  const messages: Message[] = [];
  const system = typeof body.system === 'string' ? body.system : blockText(body.system);
  if (system) messages.push({ role: 'system', text: system });
  for (const raw of body.messages as unknown[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const m = raw as { role?: string; content?: unknown };
    if (typeof m.content === 'string') {
      messages.push({ role: m.role === 'assistant' ? 'assistant' : 'user', text: m.content });
      continue;
    }
    const blocks = Array.isArray(m.content) ? (m.content as Array<Record<string, unknown>>) : [];
    if (m.role === 'assistant') {
      const calls = blocks
        .filter((b) => b.type === 'tool_use')
        .map((b) => ({ id: String(b.id), name: String(b.name), arguments: JSON.stringify(b.input ?? {}) }));
      messages.push({ role: 'assistant', text: blockText(blocks), toolCalls: calls.length ? calls : undefined });
      continue;
    }
    for (const b of blocks) {
      if (b.type === 'tool_result') {
        const text = typeof b.content === 'string' ? b.content : blockText(b.content);
        messages.push({ role: 'tool', text, toolCallId: String(b.tool_use_id), isError: b.is_error === true });
      }
    }
    const text = blockText(blocks);
    if (text) messages.push({ role: 'user', text });
  }
  const tools = Array.isArray(body.tools) ? (body.tools as Array<{ name?: unknown }>).map((t) => t.name).filter((n): n is string => typeof n === 'string') : [];
  return { messages, tools };
}

function blockText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  return blocks.map((b: { type?: string; text?: string }) => (b?.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
}
