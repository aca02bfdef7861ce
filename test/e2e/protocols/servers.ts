/**
 * The server side of the protocols end-to-end test, with the real libraries and no network:
 *   POST /api/chat    the AI SDK's streamText over its own MockLanguageModelV3, with server-side
 *                     tools, piped as a UI message stream (pipeUIMessageStreamToResponse); the
 *                     request body's `scenario` picks the model's behaviour;
 *   POST /api/text    the same model as the plain text stream protocol;
 *   POST /mcp         an MCP server (the official SDK) over Streamable HTTP, answering with SSE;
 *   POST /mcp-json    the same, answering with JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect } from 'vite';
import { convertToModelMessages, stepCountIs, streamText, tool, type UIMessage } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';
import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

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
