/** The real `@anthropic-ai/sdk`, in the browser, streaming from the mock's /v1/messages. */
import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { DEMO_API_KEY, type ModelClient, type StepResult, type ToolCallRequest, type Turn } from './conversation';
import { WEATHER_TOOL } from './tools';

export function anthropicClient(model: string): ModelClient {
  const client = new Anthropic({ apiKey: DEMO_API_KEY, baseURL: location.origin, dangerouslyAllowBrowser: true, maxRetries: 0 });
  return {
    label: model,
    async step(conversation, onText, signal): Promise<StepResult> {
      const text: string[] = [];
      const calls: ToolCallRequest[] = [];
      const system = conversation.find((t) => t.role === 'system');
      try {
        const stream = await client.messages.create(
          {
            model,
            max_tokens: 1024,
            system: system?.role === 'system' ? system.text : undefined,
            messages: toAnthropic(conversation),
            tools: [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters as unknown as Anthropic.Tool.InputSchema }],
            stream: true,
          },
          { signal },
        );
        const byIndex = new Map<number, ToolCallRequest>();
        for await (const event of stream) {
          if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
            const call = { id: event.content_block.id, name: event.content_block.name, arguments: '' };
            byIndex.set(event.index, call);
            calls.push(call);
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text.push(event.delta.text);
            onText(event.delta.text);
          } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
            const call = byIndex.get(event.index);
            if (call) call.arguments += event.delta.partial_json;
          }
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
      return { text: text.join(''), toolCalls: signal.aborted ? [] : calls, stopped: signal.aborted };
    },
  };
}

/** Tool results go back as tool_result blocks of one user message, as Anthropic wants them. */
function toAnthropic(conversation: Turn[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const turn of conversation) {
    if (turn.role === 'user') out.push({ role: 'user', content: turn.text });
    else if (turn.role === 'assistant') {
      const blocks: ContentBlockParam[] = [];
      if (turn.text) blocks.push({ type: 'text', text: turn.text });
      for (const call of turn.toolCalls) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseArgs(call.arguments) });
      out.push({ role: 'assistant', content: blocks });
    } else if (turn.role === 'tool') {
      const block: ContentBlockParam = { type: 'tool_result', tool_use_id: turn.callId, content: turn.content, is_error: turn.isError };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(block);
      else out.push({ role: 'user', content: [block] });
    }
  }
  return out;
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
