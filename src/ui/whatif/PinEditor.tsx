/**
 * "Pin answer": the app's next call to this endpoint (and model, if asked) is answered by spanlens
 * with this output, or fails the way chosen, so the app's real UI shows it. Prefilled from the
 * span's own answer; a malformed pin is refused with the recorder's message.
 */
import { useState } from 'preact/hooks';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { messagesText, readLlmExample, toolCalls } from '../../export/llm-example';
import type { OverrideResponse } from '../../instrument/fetch/overrides';
import type { PanelActions } from '../actions';

type Kind = 'answer' | '429' | '500' | 'cut' | 'stall';

export function PinEditor({ span, actions }: { span: SpanData; actions: PanelActions }) {
  const example = readLlmExample(span);
  const endpoint = endpointOf(span);
  const [kind, setKind] = useState<Kind>('answer');
  const [text, setText] = useState(() => messagesText(example.output));
  const [calls, setCalls] = useState(() => {
    const list = toolCalls(example.output).map((c) => ({ name: c.name, arguments: c.arguments }));
    return list.length > 0 ? JSON.stringify(list, null, 2) : '';
  });
  const [finish, setFinish] = useState('');
  const [byModel, setByModel] = useState(true);
  const [times, setTimes] = useState<'once' | 'always'>('once');
  const [persist, setPersist] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  if (!endpoint) return <p class="sl-d-note">This span has no endpoint URL to pin an answer to.</p>;
  const pin = () => {
    try {
      const response = responseFor(kind, text, calls, finish);
      const match = { url: endpoint, times, ...(byModel && example.model ? { model: example.model } : {}) };
      const handle = actions.override(match, response, { persist });
      setMessage({ error: false, text: `pinned (${handle.id}): the app's ${times === 'once' ? 'next matching call' : 'matching calls'} get this answer` });
    } catch (error) {
      setMessage({ error: true, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div class="sl-t-pin">
      <div class="sl-t-row">
        <select class="sl-select" aria-label="Pinned response" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}>
          <option value="answer">this answer</option>
          <option value="429">HTTP 429 rate limit</option>
          <option value="500">HTTP 500 server error</option>
          <option value="cut">stream cut midway</option>
          <option value="stall">stall</option>
        </select>
      </div>
      {kind !== '429' && kind !== '500' && (
        <label class="sl-t-field">
          <span>{kind === 'answer' ? 'text' : 'text streamed before it breaks'}</span>
          <textarea class="sl-t-area" name="pin-text" rows={3} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
      )}
      {kind === 'answer' && (
        <>
          <label class="sl-t-field">
            <span>tool calls (JSON: [{'{'} "name", "arguments" {'}'}])</span>
            <textarea class="sl-t-area sl-t-mono" name="pin-calls" rows={2} value={calls} onInput={(e) => setCalls((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <label class="sl-t-field">
            <span>finish reason (empty: the provider's usual)</span>
            <input class="sl-t-input" value={finish} onInput={(e) => setFinish((e.currentTarget as HTMLInputElement).value)} />
          </label>
        </>
      )}
      <p class="sl-d-note">
        Matches {endpoint}
        {byModel && example.model ? ` with model ${example.model}` : ''}
      </p>
      <div class="sl-t-row">
        {example.model && (
          <label class="sl-check">
            <input type="checkbox" checked={byModel} onChange={(e) => setByModel((e.currentTarget as HTMLInputElement).checked)} />
            this model only
          </label>
        )}
        <select class="sl-select" aria-label="How often" value={times} onChange={(e) => setTimes((e.currentTarget as HTMLSelectElement).value as 'once' | 'always')}>
          <option value="once">next call only</option>
          <option value="always">until unpinned</option>
        </select>
        <label class="sl-check">
          <input type="checkbox" checked={persist} onChange={(e) => setPersist((e.currentTarget as HTMLInputElement).checked)} />
          keep after reload
        </label>
        <button type="button" class="sl-btn sl-t-primary" onClick={pin}>
          Pin
        </button>
      </div>
      {message && (
        <p class={message.error ? 'sl-t-error' : 'sl-d-note'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}

function responseFor(kind: Kind, text: string, calls: string, finish: string): OverrideResponse {
  if (kind === '429' || kind === '500') return { type: 'error', status: Number(kind) };
  if (kind === 'cut' || kind === 'stall') return { type: kind, text };
  let toolCalls: unknown;
  if (calls.trim() !== '') {
    try {
      toolCalls = JSON.parse(calls);
    } catch (error) {
      throw new TypeError(`tool calls: not valid JSON (${(error as Error).message})`);
    }
  }
  const response: OverrideResponse = { type: 'answer' };
  if (text !== '') response.text = text;
  if (toolCalls !== undefined) response.toolCalls = toolCalls as never;
  if (finish.trim() !== '') response.finishReason = finish.trim();
  return response;
}

/** Origin and path of the span's URL: what a pin matches. */
export function endpointOf(span: SpanData): string | undefined {
  const url = span.attributes[sem.URL_FULL];
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return undefined;
  }
}
