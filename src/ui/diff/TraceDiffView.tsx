/**
 * Trace diff: the selected span's trace against another trace, of the session shown (say, the
 * previous turn) or of another stored or imported session (a turn from a file a colleague sent):
 * aligned span trees, spans added or gone, per-span duration, token and cost deltas, and word
 * diffs of prompts and outputs for the spans that changed.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SessionsStore } from '../stores/sessions';
import type { SpanData } from '../../core/span';
import { diffTraces, type DiffRow, type SpanDelta } from '../../export/trace-diff';
import { formatClock } from '../format';
import type { SpanIndex } from '../tree';
import { WordDiff } from './WordDiff';

/** A trace to compare with, from whichever session it is in. */
interface OtherTrace {
  traceId: string;
  name: string;
  start: number;
}

export function TraceDiffView({ index, traceId, sessions }: { index: SpanIndex; traceId: string; sessions?: SessionsStore }) {
  // Another session's spans, once the user picked one (undefined: the session shown).
  const [otherSession, setOtherSession] = useState<string | undefined>(undefined);
  const [loaded, setLoaded] = useState<SpanData[] | undefined>(undefined);
  useEffect(() => {
    setLoaded(undefined);
    if (!otherSession || !sessions) return;
    let current = true;
    sessions.spans(otherSession).then((spans) => current && setLoaded(spans), () => current && setLoaded([]));
    return () => {
      current = false;
    };
  }, [otherSession]);
  const elsewhere = otherSession !== undefined;
  const others: OtherTrace[] = elsewhere ? tracesOf(loaded ?? []) : index.traces().filter((t) => t.traceId !== traceId);
  // Default: the latest earlier trace of the same name (the previous turn), else any of that
  // name, else the latest earlier one, else the first other.
  const current = index.trace(traceId);
  const sameName = others.filter((t) => t.name === current?.name);
  const earlierOf = (list: typeof others) => list.filter((t) => current && t.start < current.start).sort((a, b) => a.start - b.start).pop();
  const [otherId, setOtherId] = useState<string | undefined>(undefined);
  const picked = others.some((t) => t.traceId === otherId) ? otherId : undefined;
  const chosen = picked ?? (elsewhere ? others[0] : earlierOf(sameName) ?? sameName[0] ?? earlierOf(others) ?? others[0])?.traceId;
  const sessionPicker = sessions && <SessionPicker sessions={sessions} value={otherSession} onChange={setOtherSession} />;
  if (elsewhere && loaded === undefined) return <div class="sl-t-tracediff">{sessionPicker}<p class="sl-d-note">Loading that session…</p></div>;
  if (!chosen) return <div class="sl-t-tracediff">{sessionPicker}<p class="sl-d-note">{elsewhere ? 'That session holds no trace.' : 'Only one trace in this session: nothing to compare with.'}</p></div>;
  const spansHere = (id: string) => [...index.spans.values()].filter((s) => s.traceId === id);
  const otherSpans = elsewhere ? (loaded ?? []).filter((s) => s.traceId === chosen) : spansHere(chosen);
  const diff = diffTraces(otherSpans, spansHere(traceId));
  return (
    <div class="sl-t-tracediff">
      {sessionPicker}
      <label class="sl-t-row">
        <span>compare with</span>
        <select class="sl-select sl-t-wide" aria-label="Trace to compare with" value={chosen} onChange={(e) => setOtherId((e.currentTarget as HTMLSelectElement).value)}>
          {others.map((t) => (
            <option value={t.traceId}>
              {formatClock(t.start)} · {t.name}
            </option>
          ))}
        </select>
      </label>
      <p class="sl-d-note" aria-label="Diff summary">
        {diff.changed} changed · {diff.added} added · {diff.removed} removed · {deltaText(diff.delta)}
      </p>
      <ol class="sl-t-rows">
        {diff.rows.map((row) => (
          <Row row={row} />
        ))}
      </ol>
    </div>
  );
}

function Row({ row }: { row: DiffRow }) {
  const [open, setOpen] = useState(row.status === 'changed');
  const before = row.before;
  const after = row.after;
  const name = (span: SpanData | undefined) => span?.name ?? '';
  const label = before && after && before.name !== after.name ? `${before.name} → ${after.name}` : name(after ?? before);
  const hasText = row.input !== undefined || row.output !== undefined;
  return (
    <li class={`sl-t-drow sl-t-${row.status}`} style={{ paddingLeft: `${row.depth * 12}px` }} data-status={row.status}>
      <span class="sl-t-badge">{row.status}</span> {label} <span class="sl-muted">{deltaText(row.delta)}</span>
      {hasText && row.status === 'changed' && (
        <button type="button" class="sl-d-more" onClick={() => setOpen(!open)}>
          {open ? 'hide text' : 'show text'}
        </button>
      )}
      {open && row.status === 'changed' && (
        <div class="sl-t-texts">
          {row.input && row.input.some((p) => p.op !== 'same') && (
            <>
              <span class="sl-muted">prompt</span>
              <WordDiff pieces={row.input} />
            </>
          )}
          {row.output && (
            <>
              <span class="sl-muted">output</span>
              <WordDiff pieces={row.output} />
            </>
          )}
        </div>
      )}
    </li>
  );
}

function deltaText(delta: SpanDelta): string {
  const parts: string[] = [];
  const signed = (n: number, digits = 0) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
  if (delta.durationMs !== undefined && Math.abs(delta.durationMs) >= 1) parts.push(`${signed(delta.durationMs)} ms`);
  if (delta.inputTokens) parts.push(`${signed(delta.inputTokens)} in`);
  if (delta.outputTokens) parts.push(`${signed(delta.outputTokens)} out`);
  if (delta.costUsd) parts.push(`${signed(delta.costUsd, 6)} $`);
  return parts.join(' · ');
}

/** Which session the other trace comes from: this one, or a stored or imported one. */
function SessionPicker({ sessions, value, onChange }: { sessions: SessionsStore; value: string | undefined; onChange(id: string | undefined): void }) {
  useEffect(() => {
    sessions.refresh().catch(() => {});
  }, []);
  const shown = sessions.view.value.id;
  const choices = sessions.list.value.filter((s) => s.id !== shown);
  return (
    <label class="sl-t-row">
      <span>from</span>
      <select class="sl-select sl-t-wide" aria-label="Session to compare with" value={value ?? ''} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || undefined)}>
        <option value="">this session</option>
        {choices.map((s) => (
          <option value={s.id}>
            {s.imported ? 'imported · ' : ''}
            {s.title || s.url || s.id} · {formatClock(s.started)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The traces of a list of spans: each root's name and start, earliest first. */
function tracesOf(spans: SpanData[]): OtherTrace[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const roots = spans.filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId));
  const byTrace = new Map<string, OtherTrace>();
  for (const root of roots.sort((a, b) => a.startTime - b.startTime)) {
    if (!byTrace.has(root.traceId)) byTrace.set(root.traceId, { traceId: root.traceId, name: root.name, start: root.startTime });
  }
  return [...byTrace.values()];
}
