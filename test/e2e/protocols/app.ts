/**
 * The browser side of the protocols end-to-end test, bundled by Vite: the real AI SDK `Chat`
 * (AbstractChat with a plain state, as the framework packages build theirs) over
 * DefaultChatTransport / TextStreamChatTransport, the real MCP client over Streamable HTTP, AG-UI's
 * HttpAgent and the LangGraph SDK's client.
 * No spanlens import: the page has the script tag only, so all of this is recorded with no
 * configuration.
 */
import { AbstractChat, DefaultChatTransport, TextStreamChatTransport, type ChatState, type ChatStatus, type UIMessage } from 'ai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { HttpAgent } from '@ag-ui/client';
import { Client as LangGraphClient } from '@langchain/langgraph-sdk';

class PlainState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  messages: UIMessage[] = [];
  pushMessage = (message: UIMessage) => void this.messages.push(message);
  popMessage = () => void this.messages.pop();
  replaceMessage = (index: number, message: UIMessage) => void (this.messages[index] = message);
  snapshot = <T>(thing: T): T => structuredClone(thing);
}

class Chat extends AbstractChat<UIMessage> {
  readonly plain: PlainState;
  constructor(api: string, text: boolean) {
    const state = new PlainState();
    super({ state, transport: text ? new TextStreamChatTransport({ api }) : new DefaultChatTransport({ api }) });
    this.plain = state;
  }
}

interface TurnResult {
  status: string;
  error?: string;
  text: string;
  parts: string[];
}

function summary(chat: Chat): TurnResult {
  const last = chat.plain.messages.at(-1);
  const parts = last?.parts ?? [];
  return {
    status: chat.status,
    error: chat.error?.message,
    text: parts.map((p) => (p.type === 'text' ? p.text : '')).join(''),
    parts: parts.map((p) => p.type),
  };
}

const app = {
  /** One chat turn with the given scenario; resolves when the Chat is done with it. */
  async chat(question: string, scenario: string, text = false): Promise<TurnResult> {
    const chat = new Chat(text ? '/api/text' : '/api/chat', text);
    await chat.sendMessage({ text: question }, { body: { scenario } });
    return summary(chat);
  },
  /** A turn stopped by the user after the first words arrived. */
  async chatAndStop(question: string): Promise<TurnResult> {
    const chat = new Chat('/api/chat', false);
    const sending = chat.sendMessage({ text: question }, { body: { scenario: 'slow' } });
    const answering = () => chat.plain.messages.at(-1)?.role === 'assistant' && summary(chat).text !== '';
    while (!answering()) await new Promise((r) => setTimeout(r, 10));
    await chat.stop();
    await sending;
    return summary(chat);
  },
  /** MCP: connect (initialize), list the tools, call two of them. */
  async mcp(path: string): Promise<{ tools: string[]; sum: unknown; failed: unknown }> {
    const client = new Client({ name: 'protocols-page', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(path, location.href)));
    const { tools } = await client.listTools();
    const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    const failed = await client.callTool({ name: 'fail', arguments: {} });
    await client.close();
    return { tools: tools.map((t) => t.name), sum, failed };
  },
  /** AG-UI: one run through the official HttpAgent; resolves with the messages it assembled. */
  async agUi(scenario: string): Promise<{ messages: string[]; error?: string }> {
    const agent = new HttpAgent({ url: '/ag-ui', threadId: 'thread-ag-1' });
    agent.addMessage({ id: 'u1', role: 'user', content: 'Weather in Paris?' });
    try {
      await agent.runAgent({ runId: 'run-ag-1', forwardedProps: { scenario } });
    } catch (error) {
      return { messages: [], error: error instanceof Error ? error.message : String(error) };
    }
    return { messages: agent.messages.map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : ''}`) };
  },
  /** LangGraph: one streamed run through the official SDK client; resolves with the events it yielded. */
  async langGraph(): Promise<string[]> {
    const client = new LangGraphClient({ apiUrl: `${location.origin}/langgraph` });
    const events: string[] = [];
    const stream = client.runs.stream('thread-lg-1', 'agent', {
      input: { messages: [{ type: 'human', content: 'Weather in Paris?' }] },
      streamMode: ['messages', 'updates', 'values'],
    });
    for await (const chunk of stream) events.push(chunk.event);
    return events;
  },
};

(window as unknown as { protocols: typeof app }).protocols = app;
document.body.dataset.ready = 'true';
