/**
 * Trace diff: the selected span's trace against another trace of the session shown (say, the
 * previous turn): aligned span trees, spans added or gone, per-span duration, token and cost
 * deltas, and word diffs of prompts and outputs for the spans that changed.
 */
import { useState } from 'preact/hooks';
import type { SpanData } from '../../core/span';
import { diffTraces, type DiffRow, type SpanDelta } from '../../export/trace-diff';
import { formatClock } from '../format';
import type { SpanIndex } from '../tree';
import { WordDiff } from './WordDiff';

export function TraceDiffView({ index, traceId }: { index: SpanIndex; traceId: string }) {
  const others = index.traces().filter((t) => t.traceId !== traceId);
  // Default: the latest earlier trace of the same name (the previous turn), else any of that
  // name, else the latest earlier one, else the first other.
  const current = index.trace(traceId);
  const sameName = others.filter((t) => t.name === current?.name);
  const earlierOf = (list: typeof others) => list.filter((t) => current && t.start < current.start).sort((a, b) => a.start - b.start).pop();
  const [otherId, setOtherId] = useState<string | undefined>(undefined);
  const chosen = otherId ?? (earlierOf(sameName) ?? sameName[0] ?? earlierOf(others) ?? others[0])?.traceId;
  if (!chosen) return <p class="sl-d-note">Only one trace in this session: nothing to compare with.</p>;
  const spansOf = (id: string) => [...index.spans.values()].filter((s) => s.traceId === id);
  const diff = diffTraces(spansOf(chosen), spansOf(traceId));
  return (
    <div class="sl-t-tracediff">
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
