/**
 * POST /api/chat: the demo's AI SDK route, as an app built on the Vercel AI SDK writes it: the
 * real `streamText` with a server-side get_weather tool, answered as a UI message stream
 * (`pipeUIMessageStreamToResponse`). The model is the SDK's own MockLanguageModelV3, whose answers
 * come from the demo's brain (brain.ts), so the same magic words work as in the main demo.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import type { LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { z } from 'zod';
import { planReply, type Message } from './brain.ts';
import { readJson, sendJson } from './http.ts';
import type { MockTiming } from './timing.ts';
import { lookupWeather } from './weather.ts';
import { search } from './corpus.ts';
import { context, trace, type Tracer } from '@opentelemetry/api';
import { requestContext, serverTracer } from './server-telemetry.ts';

/** The SDK's prompt as the brain's conversation. */
function conversationOf(prompt: LanguageModelV3Prompt): Message[] {
  const messages: Message[] = [];
  for (const m of prompt) {
    if (m.role === 'system') messages.push({ role: 'system', text: m.content });
    else if (m.role === 'tool') {
      for (const part of m.content) {
        if (part.type !== 'tool-result') continue;
        const output = part.output;
        const text = output.type === 'json' || output.type === 'error-json' ? JSON.stringify(output.value) : 'value' in output ? String(output.value) : '';
        messages.push({ role: 'tool', text, toolCallId: part.toolCallId, isError: output.type.startsWith('error') });
      }
    } else {
      const text = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
      messages.push({ role: m.role, text });
    }
  }
  return messages;
}

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

function model(timing: MockTiming, newId: (prefix: string) => string): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    modelId: 'wayfarer-mock',
    doStream: async ({ prompt }) => {
      const messages = conversationOf(prompt);
      const plan = planReply({ messages, tools: ['get_weather'] }, newId);
      const input = JSON.stringify(prompt).length >> 2;
      const chunks: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
      if (plan.kind === 'rate_limited') chunks.push({ type: 'error', error: new Error(plan.message) });
      else if (plan.kind === 'tool_calls') {
        for (const call of plan.calls) chunks.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments });
        chunks.push({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: usage(input, 12 * plan.calls.length) });
      } else {
        const words = plan.text.match(/\S+\s*/g) ?? [];
        chunks.push({ type: 'text-start', id: 'text' });
        for (const word of words) chunks.push({ type: 'text-delta', id: 'text', delta: word });
        chunks.push({ type: 'text-end', id: 'text' }, { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(input, words.length) });
      }
      const slow = plan.kind !== 'rate_limited' && plan.slow;
      return { stream: simulateReadableStream({ chunks, initialDelayInMs: slow ? timing.slowFirstTokenMs : timing.firstTokenMs, chunkDelayInMs: timing.tokenMs }) };
    },
  });
}

export async function handleUiChat(req: IncomingMessage, res: ServerResponse, timing: MockTiming, newId: (prefix: string) => string): Promise<void> {
  const body = (await readJson(req)) as { messages?: UIMessage[] };
  if (!Array.isArray(body.messages)) return sendJson(res, 400, { error: 'messages must be an array of UIMessages' });
  // The route as a traced backend runs it: a server span continuing the page's traceparent.
  const tracer = serverTracer(req);
  const route = tracer.startSpan('POST /api/chat', { attributes: { 'http.request.method': 'POST', 'url.path': '/api/chat' } }, requestContext(req));
  const routeContext = trace.setSpan(requestContext(req), route);
  await context.with(routeContext, () => retrieve(tracer, lastUserText(body.messages!), timing));
  const getWeather = tool({
    description: 'The current weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await new Promise((r) => setTimeout(r, timing.toolMs));
      const weather = lookupWeather(city);
      if (!weather) throw new Error(`unknown city "${city}"`);
      return weather;
    },
  });
  const messages = await convertToModelMessages(body.messages);
  const result = context.with(routeContext, () => streamText({
    model: model(timing, newId),
    system: 'You are Wayfarer, a travel assistant.',
    messages,
    tools: { get_weather: getWeather },
    stopWhen: stepCountIs(4),
    experimental_telemetry: { isEnabled: true, tracer, functionId: 'wayfarer-chat' },
    onFinish: () => route.end(),
    onError: () => route.end(),
    onAbort: () => route.end(),
  }));
  result.pipeUIMessageStreamToResponse(res, {
    // What a route adds so the page (and spanlens) can see the model and the tokens.
    messageMetadata: ({ part }) => (part.type === 'finish' ? { model: 'wayfarer-mock', totalUsage: part.totalUsage } : undefined),
    onError: (error) => (error instanceof Error ? error.message : String(error)),
  });
}

/** The text of the user's last message. */
function lastUserText(messages: UIMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return last?.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ') ?? '';
}

/** A retrieval step on the server, as a RETRIEVER span (OpenInference), before the model runs. */
async function retrieve(tracer: Tracer, query: string, timing: MockTiming): Promise<void> {
  const span = tracer.startSpan('retrieve notes', { attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': query } });
  await new Promise((r) => setTimeout(r, timing.toolMs));
  span.setAttribute('retrieval.documents', JSON.stringify(search(query, 3)));
  span.end();
}
