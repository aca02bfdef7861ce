/**
 * Arize Phoenix dataset upload: the JSON body of `POST /v1/datasets/upload` (action `create`),
 * columns side by side: `inputs[i]`, `outputs[i]`, `metadata[i]` and `span_ids[i]` describe
 * example i, and the span ids link each example back to its span in Phoenix.
 */
import type { LlmExample } from '../llm-example';
import { metadata } from './langfuse';
import { answerMessage, openAiTools, requestMessages, type OpenAiMessage, type OpenAiTool } from './openai-messages';

export interface PhoenixDatasetUpload {
  action: 'create';
  name: string;
  description: string;
  inputs: Array<{ messages: OpenAiMessage[]; tools?: OpenAiTool[] }>;
  outputs: Array<{ messages: OpenAiMessage[] }>;
  metadata: Array<Record<string, unknown>>;
  span_ids: string[];
}

export function phoenixUpload(examples: readonly LlmExample[], name: string): PhoenixDatasetUpload {
  const upload: PhoenixDatasetUpload = {
    action: 'create',
    name,
    description: `${examples.length} llm call${examples.length === 1 ? '' : 's'} exported by spanlens`,
    inputs: [],
    outputs: [],
    metadata: [],
    span_ids: [],
  };
  for (const example of examples) {
    const input: PhoenixDatasetUpload['inputs'][number] = { messages: requestMessages(example) };
    if (example.tools.length > 0) input.tools = openAiTools(example.tools);
    const answer = answerMessage(example);
    upload.inputs.push(input);
    upload.outputs.push({ messages: answer ? [answer] : [] });
    upload.metadata.push(metadata(example));
    upload.span_ids.push(example.spanId);
  }
  return upload;
}
