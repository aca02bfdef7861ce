/**
 * An OpenAI-compatible `POST /v1/chat/completions`: JSON, or SSE with `stream: true` (one chunk
 * per token, tool calls streamed in argument fragments, usage in a last chunk when
 * `stream_options.include_usage` is set), and OpenAI's error bodies for 400, 401 and 429.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { planReply, type Conversation, type Message, type Plan, type ToolCall } from './brain.ts';
import { EventStream, fragments, readJson, sendJson, sleep } from './http.ts';
import type { MockTiming } from './timing.ts';
import { countTokens, tokenize } from './tokens.ts';

const RESPONSE_MODELS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
};

export async function handleChatCompletions(req: IncomingMessage, res: ServerResponse, timing: MockTiming, newId: (p: string) => string): Promise<void> {
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
    return sendJson(res, 401, openAiError('You didn\'t provide an API key.', 'invalid_request_error', 'invalid_api_key'));
  }
  const body = (await readJson(req)) as Record<string, unknown>;
  if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    return sendJson(res, 400, openAiError("'model' and 'messages' are required.", 'invalid_request_error', null));
  }
  const conversation = toConversation(body);
  const plan = planReply(conversation, newId);
  if (plan.kind === 'rate_limited') {
    await sleep(timing.firstTokenMs);
    return sendJson(res, 429, openAiError(plan.message, 'requests', 'rate_limit_exceeded'), {
      'retry-after': '20',
      'x-ratelimit-remaining-requests': '0',
    });
  }
  const model = RESPONSE_MODELS[body.model] ?? body.model;
  const usage = usageOf(conversation, plan);
  const id = newId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const firstTokenMs = plan.slow ? timing.slowFirstTokenMs : timing.firstTokenMs;

  if (body.stream !== true) {
    await sleep(firstTokenMs);
    return sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: messageOf(plan), logprobs: null, finish_reason: plan.kind === 'tool_calls' ? 'tool_calls' : 'stop' }],
      usage,
      service_tier: 'default',
      system_fingerprint: 'fp_mock',
    });
  }

  const stream = new EventStream(res);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    stream.send({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  await stream.pause(firstTokenMs);
  chunk({ role: 'assistant', content: plan.kind === 'text' ? '' : null, refusal: null });
  if (plan.kind === 'text') {
    for (const token of tokenize(plan.text)) {
      if (stream.gone) return;
      chunk({ content: token });
      await stream.pause(timing.tokenMs);
    }
  } else {
    for (const [index, call] of plan.calls.entries()) {
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
      for (const piece of fragments(call.arguments, 7)) {
        if (stream.gone) return;
        await stream.pause(timing.tokenMs);
        chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    }
  }
  chunk({}, plan.kind === 'tool_calls' ? 'tool_calls' : 'stop');
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    stream.send({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices: [], usage });
  }
  stream.send('[DONE]');
  stream.end();
}

function openAiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function messageOf(plan: Exclude<Plan, { kind: 'rate_limited' }>) {
  if (plan.kind === 'text') return { role: 'assistant', content: plan.text, refusal: null, annotations: [] };
  return {
    role: 'assistant',
    content: null,
    refusal: null,
    annotations: [],
    tool_calls: plan.calls.map((c: ToolCall) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
  };
}

/** Prompt tokens estimated from the text; the part before the latest turn counts as cached. */
function usageOf(conversation: Conversation, plan: Exclude<Plan, { kind: 'rate_limited' }>) {
  const perMessage = conversation.messages.map((m) => 4 + countTokens(m.text + (m.toolCalls ? JSON.stringify(m.toolCalls) : '')));
  const toolTokens = conversation.tools.length * 40;
  const promptTokens = perMessage.reduce((a, b) => a + b, 0) + toolTokens;
  const lastUser = conversation.messages.map((m) => m.role).lastIndexOf('user');
  const followUp = lastUser >= 0 && lastUser < conversation.messages.length - 1;
  const cached = followUp ? perMessage.slice(0, lastUser + 1).reduce((a, b) => a + b, 0) + toolTokens : 0;
  const completionTokens =
    plan.kind === 'text' ? tokenize(plan.text).length : plan.calls.reduce((n, c) => n + 6 + countTokens(c.arguments), 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** OpenAI request messages → the brain's conversation. */
export function toConversation(body: Record<string, unknown>): Conversation {
  const messages: Message[] = [];
  for (const raw of body.messages as unknown[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const m = raw as Record<string, unknown>;
    const text = contentText(m.content);
    if (m.role === 'system' || m.role === 'developer') messages.push({ role: 'system', text });
    else if (m.role === 'user') messages.push({ role: 'user', text });
    else if (m.role === 'tool') messages.push({ role: 'tool', text, toolCallId: String(m.tool_call_id ?? '') });
    else if (m.role === 'assistant') {
      const calls = Array.isArray(m.tool_calls)
        ? (m.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>).map((c) => ({
            id: c.id,
            name: c.function?.name,
            arguments: c.function?.arguments,
          }))
        : undefined;
      messages.push({ role: 'assistant', text, toolCalls: calls });
    }
  }
  const tools = Array.isArray(body.tools)
    ? (body.tools as Array<{ function?: { name?: string } }>).map((t) => t.function?.name).filter((n): n is string => typeof n === 'string')
    : [];
  return { messages, tools };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: { type?: string; text?: string }) => (p?.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return '';
}
