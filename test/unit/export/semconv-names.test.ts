/**
 * The GenAI conventions' current names: cache writes on `gen_ai.usage.cache_write.input_tokens`,
 * finish reasons as a list on `gen_ai.response.finish_reasons`, parts of no known kind typed
 * `generic`; and the importer reading spans written under the older names as the current ones.
 */
import { describe, expect, it } from 'vitest';
import { snapshotSpan } from '../../../src/core/span';
import { Tracer } from '../../../src/core/tracer';
import { decodeOtlp, encodeOtlp } from '../../../src/export/otlp';
import { recordOutcome } from '../../../src/instrument/llm-attributes';
import { contentPart } from '../../../src/instrument/providers/content';
import { aiSdkUiStream } from '../../../src/instrument/providers/ai-sdk-stream';

const legacySpan = (attributes: Array<{ key: string; value: Record<string, unknown> }>) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'other-tool' } }] },
      scopeSpans: [
        {
          spans: [
            { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'chat claude', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes },
          ],
        },
      ],
    },
  ],
});

describe('current GenAI names', () => {
  it('cache writes are recorded as gen_ai.usage.cache_write.input_tokens, finish reasons as a list', () => {
    const tracer = new Tracer();
    const span = tracer.startSpan('chat', { kind: 'llm' });
    recordOutcome(span, { finishReasons: ['end_turn'], usage: { input: 100, cacheCreation: 40, cacheRead: 50, output: 5 }, messages: [], complete: true, parseErrors: [] }, true, {});
    const attributes = snapshotSpan(span).attributes;
    expect(attributes['gen_ai.usage.cache_write.input_tokens']).toBe(40);
    expect(attributes['gen_ai.usage.cache_read.input_tokens']).toBe(50);
    expect(attributes['gen_ai.usage.cache_creation.input_tokens']).toBeUndefined();
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
  });

  it('a part of a kind the conventions do not type is a generic part naming it', () => {
    expect(contentPart({ type: 'image_generation_call', id: 'ig_1' })).toEqual({ type: 'generic', provider_type: 'image_generation_call' });
    const request = aiSdkUiStream.parseRequest({ messages: [{ role: 'user', parts: [{ type: 'source-url', url: 'https://x' }] }] });
    expect(request.inputMessages![0].parts).toEqual([{ type: 'generic', provider_type: 'source-url' }]);
  });

  it('the importer reads the older names as the current ones; a current name present wins', () => {
    const [session] = decodeOtlp(
      legacySpan([
        { key: 'gen_ai.system', value: { stringValue: 'anthropic' } },
        { key: 'gen_ai.usage.prompt_tokens', value: { intValue: '120' } },
        { key: 'gen_ai.usage.completion_tokens', value: { intValue: '8' } },
        { key: 'gen_ai.usage.cache_creation.input_tokens', value: { intValue: '40' } },
        { key: 'gen_ai.usage.cache_read_input_tokens', value: { intValue: '50' } },
        { key: 'gen_ai.response.finish_reason', value: { stringValue: 'end_turn' } },
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      ]),
    );
    const attributes = session.spans[0].attributes;
    expect(attributes).toEqual({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 8,
      'gen_ai.usage.cache_write.input_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 50,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.operation.name': 'chat',
    });
    const [both] = decodeOtlp(
      legacySpan([
        { key: 'gen_ai.usage.cache_creation_input_tokens', value: { intValue: '1' } },
        { key: 'gen_ai.usage.cache_write.input_tokens', value: { intValue: '2' } },
      ]),
    );
    expect(both.spans[0].attributes).toEqual({ 'gen_ai.usage.cache_write.input_tokens': 2 });
    // And a re-export writes the current names only.
    const again = JSON.stringify(encodeOtlp(session.spans, {}));
    expect(again).toContain('gen_ai.usage.cache_write.input_tokens');
    expect(again).not.toContain('cache_creation');
  });
});
