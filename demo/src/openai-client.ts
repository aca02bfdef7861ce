/** The real `openai` SDK, in the browser, streaming from the mock (or the server-side proxy). */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DEMO_API_KEY, type ModelClient, type StepResult, type ToolCallRequest, type Turn } from './conversation';
import { WEATHER_TOOL } from './tools';

export function openAiClient(model: string, basePath = '/v1'): ModelClient {
  // Created after spanlens loaded (it is first in <head>), so the SDK captures the traced fetch.
  const client = new OpenAI({ apiKey: DEMO_API_KEY, baseURL: location.origin + basePath, dangerouslyAllowBrowser: true, maxRetries: 0 });
  return {
    label: model,
    async step(conversation, onText, signal): Promise<StepResult> {
      const text: string[] = [];
      const calls: ToolCallRequest[] = [];
      try {
        const stream = await client.chat.completions.create(
          { model, messages: conversation.map(toOpenAi), tools: [{ type: 'function', function: WEATHER_TOOL }], stream: true, stream_options: { include_usage: true } },
          { signal },
        );
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta;
          if (delta?.content) {
            text.push(delta.content);
            onText(delta.content);
          }
          for (const part of delta?.tool_calls ?? []) {
            const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name = part.function.name;
            if (part.function?.arguments) call.arguments += part.function.arguments;
          }
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
      return { text: text.join(''), toolCalls: signal.aborted ? [] : calls, stopped: signal.aborted };
    },
  };
}

function toOpenAi(turn: Turn): ChatCompletionMessageParam {
  switch (turn.role) {
    case 'system':
    case 'user':
      return { role: turn.role, content: turn.text };
    case 'assistant':
      return turn.toolCalls.length
        ? {
            role: 'assistant',
            content: turn.text || null,
            tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
          }
        : { role: 'assistant', content: turn.text };
    case 'tool':
      return { role: 'tool', tool_call_id: turn.callId, content: turn.content };
  }
}
