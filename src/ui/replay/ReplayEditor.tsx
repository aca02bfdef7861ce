/**
 * "Replay" of an llm span: the captured request as an editor (model, parameters, system, messages
 * by role, tools as JSON), and Send, which re-issues it through the recorder (actions.replay). An
 * invalid JSON field says so beside itself and Send waits. The answer streams in as its own span,
 * shown beside the original in the Compare tab.
 */
import { useMemo, useState } from 'preact/hooks';
import type { SpanData } from '../../core/span';
import { draftFromSpan } from '../../instrument/fetch/replay-request';
import type { PanelActions } from '../actions';
import { editsFromFields, fieldsFromDraft, type EditorFields, type FieldErrors } from './editor-model';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'];

export interface ReplayEditorProps {
  span: SpanData;
  actions: PanelActions;
  run: (where: string, action: () => Promise<unknown>) => void;
  /** A replay was sent (its span shows up in Compare). */
  onSent: () => void;
}

export function ReplayEditor({ span, actions, run, onSent }: ReplayEditorProps) {
  const draft = useMemo(() => draftFromSpan(span), [span.spanId]);
  const [fields, setFields] = useState<EditorFields>(() => fieldsFromDraft(draft));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(0);
  const check = actions.canReplay(span);
  if (!check.ok) return <p class="sl-d-note">{check.reason}</p>;
  const set = (change: Partial<EditorFields>) => {
    const next = { ...fields, ...change };
    setFields(next);
    const result = editsFromFields(next, draft);
    setErrors('errors' in result ? result.errors : {});
  };
  const setMessage = (i: number, change: Partial<EditorFields['messages'][number]>) => set({ messages: fields.messages.map((m, j) => (j === i ? { ...m, ...change } : m)) });
  const send = () => {
    const result = editsFromFields(fields, draft);
    if ('errors' in result) return setErrors(result.errors);
    setSending((n) => n + 1);
    onSent();
    run('replay', () => actions.replay(span, result.edits, result.headers).finally(() => setSending((n) => n - 1)));
  };
  const blocked = Object.keys(errors).length > 0;
  return (
    <form class="sl-t-replay" onSubmit={(e) => (e.preventDefault(), send())}>
      <label class="sl-t-field">
        <span>model</span>
        <input class="sl-t-input" name="model" value={fields.model} onInput={(e) => set({ model: (e.currentTarget as HTMLInputElement).value })} />
        <FieldError text={errors.model} />
      </label>
      <label class="sl-t-field">
        <span>parameters (JSON)</span>
        <textarea class="sl-t-area sl-t-mono" name="parameters" rows={3} value={fields.parameters} onInput={(e) => set({ parameters: (e.currentTarget as HTMLTextAreaElement).value })} />
        <FieldError text={errors.parameters} />
      </label>
      <label class="sl-t-field">
        <span>system</span>
        <textarea class="sl-t-area" name="system" rows={2} value={fields.system} onInput={(e) => set({ system: (e.currentTarget as HTMLTextAreaElement).value })} />
      </label>
      <fieldset class="sl-t-messages">
        <legend>messages</legend>
        {fields.messages.map((m, i) => (
          <div class="sl-t-message" data-index={i}>
            <select class="sl-select" aria-label={`message ${i + 1} role`} value={m.role} onChange={(e) => setMessage(i, { role: (e.currentTarget as HTMLSelectElement).value })}>
              {[...new Set([...ROLES, m.role])].map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
            <textarea
              class={`sl-t-area${m.json ? ' sl-t-mono' : ''}`}
              aria-label={`message ${i + 1}${m.json ? ' parts (JSON)' : ''}`}
              rows={m.json ? 4 : 2}
              value={m.text}
              onInput={(e) => setMessage(i, { text: (e.currentTarget as HTMLTextAreaElement).value })}
            />
            <button type="button" class="sl-btn" aria-label={`remove message ${i + 1}`} onClick={() => set({ messages: fields.messages.filter((_, j) => j !== i) })}>
              ✕
            </button>
            <FieldError text={errors[`message${i}`]} />
          </div>
        ))}
        <button type="button" class="sl-btn" onClick={() => set({ messages: [...fields.messages, { role: 'user', text: '', json: false }] })}>
          + message
        </button>
      </fieldset>
      <label class="sl-t-field">
        <span>tools (JSON)</span>
        <textarea class="sl-t-area sl-t-mono" name="tools" rows={3} value={fields.tools} onInput={(e) => set({ tools: (e.currentTarget as HTMLTextAreaElement).value })} />
        <FieldError text={errors.tools} />
      </label>
      {!actions.hasLiveHeaders(span) && (
        <label class="sl-t-field">
          <span>headers for this endpoint (not from this page load: paste them; kept in memory only)</span>
          <textarea class="sl-t-area sl-t-mono" name="headers" rows={2} placeholder="Authorization: Bearer …" value={fields.headers} onInput={(e) => set({ headers: (e.currentTarget as HTMLTextAreaElement).value })} />
          <FieldError text={errors.headers} />
        </label>
      )}
      <div class="sl-t-row">
        <label class="sl-check">
          <input type="checkbox" checked={fields.stream} onChange={(e) => set({ stream: (e.currentTarget as HTMLInputElement).checked })} />
          stream
        </label>
        <button type="submit" class="sl-btn sl-t-primary" disabled={blocked}>
          Send
        </button>
        {sending > 0 && <span class="sl-d-live">sending…</span>}
      </div>
    </form>
  );
}

function FieldError({ text }: { text?: string }) {
  return text ? (
    <span class="sl-t-error" role="alert">
      {text}
    </span>
  ) : null;
}
