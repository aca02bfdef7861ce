/**
 * Feedback on the selected span: thumbs up or down in one click, or a named score with a value, a
 * label and a note. Each is a `gen_ai.evaluation.result` event (core/scores.ts); the latest of
 * each name is listed.
 */
import { useState } from 'preact/hooks';
import { latestScores, type Score } from '../../core/scores';
import type { SpanData } from '../../core/span';
import type { PanelActions } from '../actions';

export function FeedbackForm({ span, actions, run }: { span: SpanData; actions: PanelActions; run: (where: string, action: () => Promise<unknown>) => void }) {
  const [name, setName] = useState('score');
  const [value, setValue] = useState('');
  const [label, setLabel] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const scores = latestScores(span);
  const thumbs = scores.find((s) => s.name === 'thumbs');
  const send = (score: Score) => run('score', () => actions.score(span, score));
  const save = () => {
    const score: Score = { name: name.trim() };
    if (value.trim() !== '') {
      const number = Number(value);
      if (!Number.isFinite(number)) return setError('the score is a number');
      score.value = number;
    }
    if (label.trim() !== '') score.label = label.trim();
    if (note.trim() !== '') score.explanation = note.trim();
    if (score.value === undefined && score.label === undefined && score.explanation === undefined) return setError('give a score, a label or a note');
    setError('');
    send(score);
    setValue('');
    setLabel('');
    setNote('');
  };
  return (
    <div class="sl-t-feedback">
      <div class="sl-t-row">
        <button type="button" class={`sl-btn${thumbs?.value === 1 ? ' sl-t-on' : ''}`} aria-pressed={thumbs?.value === 1} onClick={() => send({ name: 'thumbs', value: 1, label: 'up' })}>
          👍 Good
        </button>
        <button type="button" class={`sl-btn${thumbs?.value === 0 ? ' sl-t-on' : ''}`} aria-pressed={thumbs?.value === 0} onClick={() => send({ name: 'thumbs', value: 0, label: 'down' })}>
          👎 Bad
        </button>
      </div>
      <div class="sl-t-row">
        <input class="sl-t-input" aria-label="Score name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} size={8} />
        <input class="sl-t-input" aria-label="Score value" placeholder="value" inputMode="decimal" value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} size={5} />
        <input class="sl-t-input" aria-label="Score label" placeholder="label" value={label} onInput={(e) => setLabel((e.currentTarget as HTMLInputElement).value)} size={8} />
      </div>
      <textarea class="sl-t-area" aria-label="Score note" placeholder="note (why)" rows={2} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="sl-t-row">
        <button type="button" class="sl-btn" onClick={save} disabled={name.trim() === ''}>
          Save score
        </button>
        {error && <span class="sl-t-error">{error}</span>}
      </div>
      {scores.length > 0 && (
        <ul class="sl-t-scores" aria-label="Scores">
          {scores.map((s) => (
            <li>
              <strong>{s.name}</strong> {s.value !== undefined ? String(s.value) : ''} {s.label ?? ''} {s.explanation ? `· ${s.explanation}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
