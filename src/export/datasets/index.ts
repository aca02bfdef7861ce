/**
 * Datasets: llm spans as test cases, in the format of the tool that will use them.
 *
 *   spanlens     JSONL, one call per line, everything known (README: "Datasets")
 *   openai       OpenAI chat fine-tuning JSONL (`{"messages": [...], "tools": [...]}`)
 *   langfuse     JSON array of Langfuse dataset items (POST /api/public/dataset-items bodies)
 *   phoenix      JSON body of Phoenix's POST /v1/datasets/upload
 *   promptfoo    YAML list of promptfoo test cases
 */
import type { SpanData } from '../../core/span';
import { readLlmExample } from '../llm-example';
import { langfuseItems } from './langfuse';
import { openAiJsonl } from './openai-jsonl';
import { phoenixUpload } from './phoenix';
import { promptfooTests } from './promptfoo';
import { selectLlmSpans, type DatasetSelection } from './selection';
import { spanlensJsonl } from './spanlens-jsonl';

export type { DatasetSelection };
export { selectLlmSpans };

export const DATASET_FORMATS = ['spanlens', 'openai', 'langfuse', 'phoenix', 'promptfoo'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export interface DatasetOptions extends DatasetSelection {
  /** Langfuse's `datasetName`, Phoenix's `name`. Default `spanlens`. */
  name?: string;
}

/** File name extension and MIME type of each format, for a download. */
export const DATASET_FILES: Record<DatasetFormat, { extension: string; type: string }> = {
  spanlens: { extension: 'spanlens.jsonl', type: 'application/jsonl' },
  openai: { extension: 'openai.jsonl', type: 'application/jsonl' },
  langfuse: { extension: 'langfuse.json', type: 'application/json' },
  phoenix: { extension: 'phoenix.json', type: 'application/json' },
  promptfoo: { extension: 'promptfoo.yaml', type: 'application/yaml' },
};

export function isDatasetFormat(value: unknown): value is DatasetFormat {
  return (DATASET_FORMATS as readonly unknown[]).includes(value);
}

/** The dataset text. Throws a TypeError naming the formats for an unknown one. */
export function buildDataset(format: DatasetFormat, spans: readonly SpanData[], options: DatasetOptions = {}): string {
  if (!isDatasetFormat(format)) throw new TypeError(`unknown dataset format ${JSON.stringify(format)}: one of ${DATASET_FORMATS.join(', ')}`);
  const examples = selectLlmSpans(spans, options).map(readLlmExample);
  const name = options.name ?? 'spanlens';
  switch (format) {
    case 'spanlens':
      return spanlensJsonl(examples);
    case 'openai':
      return openAiJsonl(examples);
    case 'langfuse':
      return langfuseItems(examples, name);
    case 'phoenix':
      return JSON.stringify(phoenixUpload(examples, name), null, 2);
    case 'promptfoo':
      return promptfooTests(examples);
  }
}
