/**
 * The right-hand (or lower) pane: the selected span's trace in one line with its totals and an
 * export button, then the span's details.
 */
import { useRef } from 'preact/hooks';
import type { SpanData } from '../core/span';
import { formatCost, formatDuration, formatTokens, plural } from './format';
import { IconButton } from './Icon';
import { SpanDetail } from './detail/SpanDetail';
import { pure } from './pure';
import type { OverlayState } from './state';
import { exportTrace } from './transfer';
import { CopyButton } from './detail/CopyButton';
import { traceMarkdown } from '../export/markdown';
import { sortedSpans } from './stores/sessions';
import { SpanTools } from './tools/SpanTools';
import { showInPage } from './pick/page-actions';

/**
 * Updates are applied every 100 ms (see stores/live.ts), but other spans starting and ending bring a new
 * state of the selected streaming span with every frame: its details are redrawn at most this often.
 */
const STREAM_REDRAW_MS = 100;

/** Re-renders the details only when what they show changed: not on every span of the session. */
const Details = pure(SpanDetail);

export function DetailPane({ state }: { state: OverlayState }) {
  const { sessions, selection, filters } = state;
  sessions.revision.value; // the span object is replaced on every change
  const index = sessions.view.value.index;
  const id = selection.selected.value;
  const latest = id === undefined ? undefined : index.spans.get(id);
  const shown = useRef<{ span: SpanData; at: number }>();
  if (!latest) return null;
  // An open span is redrawn on the clock's tick (or after STREAM_REDRAW_MS), not on every chunk.
  const at = performance.now();
  const last = shown.current;
  if (!last || last.span.spanId !== latest.spanId || latest.endTime !== undefined || at - last.at >= STREAM_REDRAW_MS) {
    shown.current = { span: latest, at };
  }
  const span = shown.current!.span;
  const trace = index.trace(span.traceId)!;
  const now = state.clock.value;
  const t = trace.totals;
  const duration = (t.open ? Math.max(trace.end, now) : trace.end) - trace.start;
  return (
    <section class="sl-detail" aria-label="Span details">
      <div class="sl-detail-bar">
        <span class="sl-muted">Trace</span>
        <span class="sl-ellipsis sl-strong" title={trace.traceId}>
          {trace.name}
        </span>
        <span class="sl-muted sl-ellipsis sl-yield">
          {formatDuration(duration)} · {plural(t.spans, 'span')}
          {t.errors ? ` · ${plural(t.errors, 'error')}` : ''}
          {t.inputTokens + t.outputTokens ? ` · ${formatTokens(t.inputTokens + t.outputTokens)} tokens` : ''}
          {t.cost ? ` · ${formatCost(t.cost)}` : ''}
        </span>
        <span class="sl-grow" />
        {span.kind === 'llm' && (
          <IconButton icon="pick" label="Show in page" title="Show where this answer is in the page" onClick={(e) => showInPage(state, latest, e.currentTarget)} />
        )}
        <CopyButton text={() => traceMarkdown(sortedSpans(index), span.traceId)} label="Copy as Markdown" />
        <IconButton icon="download" label="Export trace" title="Export this trace as OTLP/JSON" onClick={() => state.run('export trace', () => exportTrace(state, span.traceId))} />
        <IconButton icon="close" label="Close details" onClick={() => (selection.selected.value = undefined)} />
      </div>
      <div class="sl-detail-body">
        <Details
          span={span}
          now={span.endTime ?? now}
          query={filters.query() || undefined}
          spans={index.spans}
          onSelect={state.reveal}
        />
        <SpanTools state={state} span={latest} now={now} />
      </div>
    </section>
  );
}
