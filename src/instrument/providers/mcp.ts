/**
 * The Model Context Protocol over Streamable HTTP, as the official SDK's client speaks it: each
 * JSON-RPC request is a POST, answered with the JSON-RPC response as JSON, or as an SSE stream
 * (`event: message`) of notifications (progress, logs) ending with the response.
 *
 * A `tools/call` becomes a tool span: server, tool name, arguments, result (`content`, or
 * `structuredContent`), `isError`. Other methods (`initialize`, `tools/list`, `resources/read`...)
 * are small `http` spans named after the method: never llm spans.
 */
import type { StreamEvent } from '../streams/event-framing';
import { arr, isObject, obj, str, type JsonObject } from './json';
import type { ToolCallInfo, TurnInfo, TurnOutcome, TurnProtocol, TurnReader, TurnRequest, TurnSpans } from './types';

export const mcpStreamableHttp: TurnProtocol = {
  id: 'mcp.streamable_http',
  kind: 'http',
  name: 'mcp',
  kindOf: (body) => (method(body) === 'tools/call' ? 'tool' : 'http'),
  parseRequest: (body) => {
    const name = method(body);
    const tool = name === 'tools/call' ? str(obj(request(body)?.params)?.name) : undefined;
    return { name: tool ? `execute_tool ${tool}` : `mcp ${name ?? 'request'}` };
  },
  createReader: (spans, request) => new McpReader(spans, request),
};

/** A JSON-RPC 2.0 request (or the first of a batch) carrying a method: what MCP clients POST. */
export function isJsonRpcRequest(body: unknown): boolean {
  return method(body) !== undefined;
}

function request(body: unknown): JsonObject | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  const r = obj(first);
  return r && r.jsonrpc === '2.0' ? r : undefined;
}

function method(body: unknown): string | undefined {
  return str(request(body)?.method);
}

class McpReader implements TurnReader {
  readonly #spans: TurnSpans;
  readonly #id: unknown;
  readonly #method: string | undefined;
  readonly #tool: ToolCallInfo | undefined;
  readonly #outcome: TurnOutcome = { complete: false, parseErrors: [] };

  constructor(spans: TurnSpans, turn: TurnRequest) {
    this.#spans = spans;
    const r = request(turn.body);
    this.#id = r?.id;
    this.#method = str(r?.method);
    const info: TurnInfo = {};
    if (this.#method === 'tools/call') {
      const params = obj(r?.params);
      this.#tool = { name: str(params?.name) ?? '', arguments: params?.arguments, server: serverOf(turn.url) };
      info.tool = this.#tool;
    }
    spans.event('mcp.request', { 'mcp.method.name': this.#method, 'jsonrpc.request.id': idText(this.#id) });
    spans.describe(info);
    // A notification or a response posted by the client expects no answer (HTTP 202).
    if (this.#id === undefined) this.#outcome.complete = true;
  }

  push(event: StreamEvent): boolean {
    if (event.data.trim() === '') return false;
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      this.#note('stream event is not JSON');
      return false;
    }
    for (const item of Array.isArray(message) ? message : [message]) this.#take(item);
    return false;
  }

  #take(item: unknown): void {
    const m = obj(item);
    if (!m || m.jsonrpc !== '2.0') {
      this.#note('a message that is not JSON-RPC 2.0');
      return;
    }
    if (typeof m.method === 'string') {
      // A notification (progress, log message) or a request from the server (sampling, elicitation).
      this.#spans.event('mcp.notification', { 'mcp.method.name': m.method });
      return;
    }
    if (m.id !== this.#id) return;
    this.#outcome.complete = true;
    const error = obj(m.error);
    if (error) {
      this.#outcome.error = { type: `jsonrpc_${String(error.code ?? 'error')}`, message: str(error.message) ?? 'JSON-RPC error' };
      if (this.#tool) this.#tool.error = this.#outcome.error;
      this.#spans.describe({ tool: this.#tool });
      return;
    }
    const result = obj(m.result);
    if (!this.#tool) {
      this.#spans.describe({ metadata: summary(this.#method, result) });
      return;
    }
    this.#tool.result = result && 'structuredContent' in result ? result.structuredContent : result?.content;
    if (result?.isError === true) this.#tool.error = { type: 'tool_error', message: contentText(result.content) || 'the tool reported an error' };
    this.#spans.describe({ tool: this.#tool });
  }

  #note(note: string): void {
    if (!this.#outcome.parseErrors.includes(note)) this.#outcome.parseErrors.push(note);
  }

  close(): TurnOutcome {
    return this.#outcome;
  }
}

/** What a non-tool answer is worth keeping: tool names for tools/list, server info for initialize. */
function summary(method: string | undefined, result: JsonObject | undefined): unknown {
  if (!result) return undefined;
  if (method === 'tools/list') return { tools: arr(result.tools).map((t) => str(obj(t)?.name)) };
  if (method === 'initialize') return { serverInfo: result.serverInfo, protocolVersion: result.protocolVersion };
  return result;
}

function contentText(content: unknown): string {
  return arr(content)
    .map((c) => (isObject(c) && c.type === 'text' ? (str(c.text) ?? '') : ''))
    .join('\n')
    .slice(0, 500);
}

function serverOf(url: URL): string {
  return `${url.host}${url.pathname}`;
}

function idText(id: unknown): string | undefined {
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
