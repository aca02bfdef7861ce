/**
 * The right-hand (or lower) pane: the selected span's trace in one line with its totals and an
 * export button, then the span's details.
 */
import { formatCost, formatDuration, formatTokens, plural } from './format';
import { Icon } from './Icon';
import { SpanDetailView } from './detail-slot';
import type { OverlayState } from './state';
import { exportTrace } from './transfer';

export function DetailPane({ state }: { state: OverlayState }) {
  state.revision.value; // the span object is replaced on every change
  const index = state.view.value.index;
  const id = state.selected.value;
  const span = id === undefined ? undefined : index.spans.get(id);
  if (!span) return null;
  const trace = index.trace(span.traceId)!;
  const now = state.now.value;
  const t = trace.totals;
  const duration = (t.open ? Math.max(trace.end, now) : trace.end) - trace.start;
  return (
    <section class="sl-detail" aria-label="Span details">
      <div class="sl-detail-bar">
        <span class="sl-muted">Trace</span>
        <span class="sl-ellipsis sl-strong" title={trace.traceId}>
          {trace.name}
        </span>
        <span class="sl-muted sl-nowrap">
          {formatDuration(duration)} · {plural(t.spans, 'span')}
          {t.errors ? ` · ${plural(t.errors, 'error')}` : ''}
          {t.inputTokens + t.outputTokens ? ` · ${formatTokens(t.inputTokens + t.outputTokens)} tokens` : ''}
          {t.cost ? ` · ${formatCost(t.cost)}` : ''}
        </span>
        <span class="sl-grow" />
        <button class="sl-icon-btn" title="Export this trace as OTLP/JSON" aria-label="Export trace" onClick={() => state.run('export trace', () => exportTrace(state, span.traceId))}>
          <Icon name="download" />
        </button>
        <button class="sl-icon-btn" title="Close details" aria-label="Close details" onClick={() => (state.selected.value = undefined)}>
          <Icon name="close" />
        </button>
      </div>
      <div class="sl-detail-body">
        <SpanDetailView
          span={span}
          now={now}
          query={state.filter.value.query.trim() || undefined}
          spans={index.spans}
          onSelect={(spanId) => state.reveal(spanId)}
        />
      </div>
    </section>
  );
}
