/**
 * The server side of the protocols end-to-end test, with the real libraries and no network:
 *   POST /api/chat    the AI SDK's streamText over its own MockLanguageModelV3, with server-side
 *                     tools, piped as a UI message stream (pipeUIMessageStreamToResponse); the
 *                     request body's `scenario` picks the model's behaviour;
 *   POST /api/text    the same model as the plain text stream protocol;
 *   POST /mcp         an MCP server (the official SDK) over Streamable HTTP, answering with SSE;
 *   POST /mcp-json    the same, answering with JSON;
 *   POST /ag-ui       an AG-UI agent: events written with the protocol's own EventEncoder;
 *   POST /langgraph/threads/{id}/runs/stream   a LangGraph run stream, per the API's documented
 *                     SSE events (metadata, messages/partial, messages/complete, updates, values).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect } from 'vite';
import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { EventEncoder } from '@ag-ui/encoder';
import { EventType, type BaseEvent } from '@ag-ui/core';

export const ANSWER_WORDS = ['Paris', ' is', ' sunny,', ' 22', ' degrees.', ' Atlantis', ' is', ' unknown.'];

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** What the mock model says, given the conversation so far and the scenario. */
function modelChunks(scenario: string, toolResults: number): LanguageModelV3StreamPart[] {
  if (scenario === 'error') {
    return [{ type: 'stream-start', warnings: [] }, { type: 'error', error: new Error('the model is overloaded') }];
  }
  if (toolResults === 0 && (scenario === 'tools' || scenario === 'slow')) {
    // Step 1: two tool calls, one of which will fail.
    return [
      { type: 'stream-start', warnings: [] },
      { type: 'tool-call', toolCallId: 'call-paris', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call-atlantis', toolName: 'get_weather', input: '{"city":"Atlantis"}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: usage(40, 12) },
    ];
  }
  const words = scenario === 'slow' ? [...ANSWER_WORDS, ...ANSWER_WORDS, ...ANSWER_WORDS] : ANSWER_WORDS;
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 'text-1' },
    ...words.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 'text-1', delta })),
    { type: 'text-end', id: 'text-1' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(80, 9) },
  ];
}

function mockModel(scenario: string): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    modelId: 'mock-model',
    doStream: async ({ prompt }) => {
      const toolResults = prompt.filter((m) => m.role === 'tool').length;
      return {
        stream: simulateReadableStream({
          chunks: modelChunks(scenario, toolResults),
          initialDelayInMs: 5,
          chunkDelayInMs: scenario === 'slow' ? 60 : 5,
        }),
      };
    },
  });
}

const weather = tool({
  description: 'The weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    if (city === 'Atlantis') throw new Error(`unknown city ${city}`);
    return { city, temperature: 22, sky: 'sunny' };
  },
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

async function chat(req: IncomingMessage, res: ServerResponse, text: boolean): Promise<void> {
  const body = (await readJson(req)) as { messages: UIMessage[]; scenario?: string };
  const scenario = body.scenario ?? 'tools';
  const result = streamText({
    model: mockModel(scenario),
    messages: await convertToModelMessages(body.messages),
    tools: { get_weather: weather },
    stopWhen: stepCountIs(3),
  });
  if (text) return result.pipeTextStreamToResponse(res);
  result.pipeUIMessageStreamToResponse(res, {
    messageMetadata: ({ part }) => (part.type === 'finish' ? { model: 'mock-model', totalUsage: part.totalUsage } : undefined),
    onError: (error) => (error instanceof Error ? error.message : String(error)),
  });
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'weather-tools', version: '1.0.0' });
  server.registerTool('add', { description: 'Add two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  server.registerTool('fail', { description: 'Always fails', inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: 'the tool broke' }],
    isError: true,
  }));
  return server;
}

/** Stateless Streamable HTTP: a new server and transport per request, as the SDK's examples do. */
async function mcp(req: IncomingMessage, res: ServerResponse, json: boolean): Promise<void> {
  const body = await readJson(req);
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: json });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** An AG-UI run: a message asking for a tool, the tool's result, the answer; or a RUN_ERROR. */
async function agUi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const input = (await readJson(req)) as { threadId: string; runId: string; forwardedProps?: { scenario?: string } };
  const encoder = new EventEncoder();
  res.writeHead(200, { 'content-type': encoder.getContentType() });
  const send = (event: Record<string, unknown>) => res.write(encoder.encode(event as unknown as BaseEvent));
  const ids = { threadId: input.threadId, runId: input.runId };
  send({ type: EventType.RUN_STARTED, ...ids });
  if (input.forwardedProps?.scenario === 'error') {
    send({ type: EventType.RUN_ERROR, message: 'the agent crashed', code: 'AGENT_DOWN' });
    return void res.end();
  }
  send({ type: EventType.STEP_STARTED, stepName: 'plan' });
  send({ type: EventType.TEXT_MESSAGE_START, messageId: 'msg-1', role: 'assistant' });
  send({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-1', delta: 'Let me look.' });
  send({ type: EventType.TEXT_MESSAGE_END, messageId: 'msg-1' });
  send({ type: EventType.TOOL_CALL_START, toolCallId: 'tc-1', toolCallName: 'get_weather', parentMessageId: 'msg-1' });
  send({ type: EventType.TOOL_CALL_ARGS, toolCallId: 'tc-1', delta: '{"city":' });
  send({ type: EventType.TOOL_CALL_ARGS, toolCallId: 'tc-1', delta: '"Paris"}' });
  send({ type: EventType.TOOL_CALL_END, toolCallId: 'tc-1' });
  send({ type: EventType.TOOL_CALL_RESULT, messageId: 'tool-1', toolCallId: 'tc-1', content: '{"temperature":22}', role: 'tool' });
  send({ type: EventType.STATE_SNAPSHOT, snapshot: { city: 'Paris' } });
  send({ type: EventType.STEP_FINISHED, stepName: 'plan' });
  send({ type: EventType.TEXT_MESSAGE_START, messageId: 'msg-2', role: 'assistant' });
  for (const delta of ANSWER_WORDS) send({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-2', delta });
  send({ type: EventType.TEXT_MESSAGE_END, messageId: 'msg-2' });
  send({ type: EventType.RUN_FINISHED, ...ids });
  res.end();
}

/** A LangGraph Platform run stream, as the API documents it (stream_mode messages, updates, values). */
async function langGraph(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readJson(req)) as { input?: { messages?: unknown[] } };
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const call = { id: 'call_lg1', name: 'search', args: { query: 'weather Paris' } };
  const asking = { type: 'ai', id: 'run-a1', content: '', tool_calls: [call], response_metadata: { model_name: 'gpt-4o-mini', finish_reason: 'tool_calls' }, usage_metadata: { input_tokens: 30, output_tokens: 8, total_tokens: 38 } };
  const tool = { type: 'tool', id: 'tool-1', tool_call_id: call.id, name: 'search', content: 'Paris: sunny, 22 degrees', status: 'success' };
  const answer = { type: 'ai', id: 'run-a2', content: ANSWER_WORDS.join(''), tool_calls: [], response_metadata: { model_name: 'gpt-4o-mini', finish_reason: 'stop' }, usage_metadata: { input_tokens: 50, output_tokens: 9, total_tokens: 59 } };
  send('metadata', { run_id: 'run-lg-7', attempt: 1 });
  send('messages/metadata', { 'run-a1': { metadata: { langgraph_node: 'agent' } } });
  send('messages/partial', [{ ...asking, tool_calls: [], response_metadata: {} }]);
  send('messages/complete', [asking]);
  send('updates', { agent: { messages: [asking] } });
  send('updates', { tools: { messages: [tool] } });
  let text = '';
  for (const word of ANSWER_WORDS) {
    text += word;
    send('messages/partial', [{ ...answer, content: text, response_metadata: {} }]);
  }
  send('messages/complete', [answer]);
  send('values', { messages: [...(body.input?.messages ?? []), asking, tool, answer] });
  res.end();
}

export function protocolsMiddleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const handle = (work: Promise<void>) =>
      work.catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    if (req.method === 'POST' && path === '/api/chat') return void handle(chat(req, res, false));
    if (req.method === 'POST' && path === '/api/text') return void handle(chat(req, res, true));
    if (req.method === 'POST' && path === '/ag-ui') return void handle(agUi(req, res));
    if (req.method === 'POST' && /^\/langgraph\/threads\/[^/]+\/runs\/stream$/.test(path)) return void handle(langGraph(req, res));
    if (path === '/mcp' || path === '/mcp-json') {
      if (req.method !== 'POST') {
        res.statusCode = 405;
        return void res.end();
      }
      return void handle(mcp(req, res, path === '/mcp-json'));
    }
    next();
  };
}
