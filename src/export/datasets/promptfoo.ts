/**
 * promptfoo tests: a YAML list of test cases (`description`, `vars`, `assert`, `metadata`), for
 * `tests: file://spanlens-tests.yaml` in a promptfooconfig. `vars.messages` is the conversation
 * as an OpenAI chat JSON string, so the prompt `'{{ messages }}'` replays it as a chat; `vars.input`
 * is the last user text for text prompts. The assertions are a starting point: the recorded
 * answer's text (`equals`) and the tools it called (`is-valid-openai-tools-call`, `contains`).
 */
import { messagesText, toolCalls, type LlmExample } from '../llm-example';
import { metadata } from './langfuse';
import { openAiTools, requestMessages } from './openai-messages';
import { toYaml } from './yaml';

export interface PromptfooTest {
  description: string;
  vars: Record<string, string>;
  assert: Array<{ type: string; value?: string }>;
  metadata: Record<string, unknown>;
}

export function promptfooTest(example: LlmExample): PromptfooTest {
  const vars: Record<string, string> = { messages: JSON.stringify(requestMessages(example)) };
  const lastUser = [...example.input].reverse().find((m) => m.role === 'user');
  if (lastUser) vars.input = messagesText([lastUser]);
  if (example.tools.length > 0) vars.tools = JSON.stringify(openAiTools(example.tools));
  const assert: PromptfooTest['assert'] = [];
  const text = messagesText(example.output);
  if (text !== '') assert.push({ type: 'equals', value: text });
  const calls = toolCalls(example.output);
  if (calls.length > 0) assert.push({ type: 'is-valid-openai-tools-call' });
  for (const call of calls) assert.push({ type: 'contains', value: call.name });
  return {
    description: `${example.model ?? 'llm'} · span ${example.spanId}`,
    vars,
    assert,
    metadata: { ...metadata(example), trace_id: example.traceId, span_id: example.spanId },
  };
}

export function promptfooTests(examples: readonly LlmExample[]): string {
  return toYaml(examples.map(promptfooTest));
}
