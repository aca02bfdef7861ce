/**
 * Message content as semconv parts, for every format: the formats share most part names, so one
 * reader serves OpenAI chat (`text`, `refusal`, `image_url`, `input_audio`, `file`), Responses
 * (`input_text`, `output_text`, `input_image`, `input_file`, and the items `function_call` and
 * `reasoning`) and Anthropic blocks (`text`,
 * `thinking`, `tool_use`, `tool_result`, `image`, `document`...).
 */
import type { MessagePart } from '../../core/messages';
import { GENERIC_PART_TYPE } from '../../core/semconv';
import { toolCallPart } from './build';
import { arr, mediaPart, obj, str, type JsonObject } from './json';

/** A content value: a string, or a list of parts. */
export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  return arr(content).map((item) => contentPart(obj(item) ?? {}));
}

/** One part, block or item (also the Responses items other than messages). */
export function contentPart(p: JsonObject): MessagePart {
  const type = str(p.type) || 'unknown';
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { type: 'text', content: str(p.text) ?? '' };
    case 'refusal':
      return { type: 'text', content: str(p.refusal) ?? '' };
    case 'thinking':
      return { type: 'reasoning', content: str(p.thinking) ?? '' };
    case 'redacted_thinking':
      return { type: 'reasoning', content: '[redacted by the provider]' };
    case 'tool_use':
    case 'server_tool_use':
      return toolCallPart(p.id, p.name, p.input);
    case 'function_call': // Responses items
      return toolCallPart(p.call_id, p.name, str(p.arguments) ?? '');
    case 'reasoning':
      return { type: 'reasoning', content: summaryText(p) };
    case 'tool_result':
      return { type: 'tool_call_response', id: str(p.tool_use_id), response: toolResult(p.content) };
    case 'image_url': // chat: { image_url: { url } }
      return mediaPart('image', { url: str(obj(p.image_url)?.url) ?? '' });
    case 'input_image': // Responses: { image_url } or { file_id }
      return mediaPart('image', { url: str(p.image_url) ?? str(p.file_id) ?? '' });
    case 'input_audio': {
      const audio = obj(p.input_audio);
      return mediaPart('audio', { data: str(audio?.data), mimeType: str(audio?.format) });
    }
    case 'image':
    case 'document': {
      const source = obj(p.source) ?? {};
      return mediaPart(type, { url: str(source.url), data: str(source.data), mimeType: str(source.media_type) });
    }
    case 'file': // chat: { file: { file_id, filename } }
    case 'input_file': {
      const file = obj(p.file) ?? p;
      return { type: 'file', file_id: str(file.file_id), filename: str(file.filename) };
    }
    default:
      // Content of a kind the conventions have no part for: a generic part that names it.
      return { type: GENERIC_PART_TYPE, provider_type: type };
  }
}

/** The text of a Responses reasoning item: its summary parts, one a line. */
export function summaryText(item: JsonObject): string {
  return arr(item.summary)
    .map((s) => str(obj(s)?.text) ?? '')
    .join('\n');
}

/** Anthropic tool results: text blocks read as their text, anything else kept as it is. */
function toolResult(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((c) => str(obj(c)?.text));
  return texts.every((t) => t !== undefined) ? texts.join('') : content;
}
