/**
 * OpenAI chat fine-tuning JSONL: `{"messages": [...], "tools": [...]}` per line, the conversation
 * sent followed by the assistant's answer (tool calls included). A call without an answer (it
 * failed) has nothing to learn from and is left out.
 */
import type { LlmExample } from '../llm-example';
import { answerMessage, openAiTools, requestMessages, type OpenAiMessage, type OpenAiTool } from './openai-messages';

export interface OpenAiFineTuneLine {
  messages: OpenAiMessage[];
  tools?: OpenAiTool[];
}

export function openAiLine(example: LlmExample): OpenAiFineTuneLine | undefined {
  const answer = answerMessage(example);
  if (!answer || example.error !== undefined) return undefined;
  const line: OpenAiFineTuneLine = { messages: [...requestMessages(example), answer] };
  if (example.tools.length > 0) line.tools = openAiTools(example.tools);
  return line;
}

export function openAiJsonl(examples: readonly LlmExample[]): string {
  const lines: string[] = [];
  for (const example of examples) {
    const line = openAiLine(example);
    if (line) lines.push(JSON.stringify(line));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
