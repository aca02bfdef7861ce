import { describe, expect, it } from 'vitest';
import { editsFromFields, fieldsFromDraft } from '../../../src/ui/replay/editor-model';
import type { ReplayDraft } from '../../../src/instrument/fetch/replay-request';

const draft: ReplayDraft = {
  model: 'gpt-4o-mini',
  parameters: { temperature: 0.7 },
  system: '',
  messages: [
    { role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
  ],
  tools: [{ type: 'function', name: 'get_weather' }],
  stream: true,
};

describe('replay editor fields', () => {
  it('unchanged fields make no edits (the raw body goes out as the app sent it)', () => {
    expect(editsFromFields(fieldsFromDraft(draft), draft)).toEqual({ edits: {} });
  });

  it('edits text messages as text and other messages as JSON parts; only what changed', () => {
    const fields = fieldsFromDraft(draft);
    expect(fields.messages.map((m) => m.json)).toEqual([false, true]);
    fields.model = 'gpt-4o';
    fields.messages[0].text = 'Weather in Rome?';
    fields.headers = 'Authorization: Bearer abc\n';
    const result = editsFromFields(fields, draft);
    if (!('edits' in result)) throw new Error('expected edits');
    expect(result.edits.model).toBe('gpt-4o');
    expect(result.edits.messages?.[0]).toEqual({ role: 'user', parts: [{ type: 'text', content: 'Weather in Rome?' }] });
    expect(result.edits.messages?.[1]).toEqual(draft.messages[1]);
    expect(result.edits.tools).toBeUndefined();
    expect(result.headers?.get('authorization')).toBe('Bearer abc');
  });

  it('says which field is not valid JSON, or of the wrong shape', () => {
    const fields = fieldsFromDraft(draft);
    fields.tools = '[{"name": ';
    fields.parameters = '[]';
    fields.messages[1].text = '{"not": "an array"}';
    fields.headers = 'no colon here';
    fields.model = ' ';
    const result = editsFromFields(fields, draft);
    expect(result).toEqual({
      errors: {
        model: 'a model is required',
        parameters: 'expected a JSON object {...}',
        message1: 'expected a JSON array [...]',
        tools: expect.stringMatching(/^not valid JSON/),
        headers: expect.stringMatching(/"Name: value" per line/),
      },
    });
    fields.tools = '[{"description": "no name"}]';
    expect(editsFromFields({ ...fields, parameters: '{}', model: 'm', headers: '', messages: fieldsFromDraft(draft).messages }, draft)).toEqual({ errors: { tools: 'each tool needs a "name"' } });
  });
});
