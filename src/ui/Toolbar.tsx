/**
 * Search, filters and the totals of the session shown, above the tree.
 */
import { SPAN_KINDS, type SpanKind } from '../core/span';
import { formatCost, formatTokens, plural } from './format';
import { Icon } from './Icon';
import { DatasetMenu } from './datasets/DatasetMenu';
import type { OverlayState } from './state';

export function Toolbar({ state }: { state: OverlayState }) {
  const { filters, sessions } = state;
  const filter = filters.filter.value;
  sessions.revision.value; // the model list grows as spans arrive
  const view = sessions.view.value;
  const models = [...view.index.models].sort();
  const totals = state.totals.value;
  const traces = view.index.traces().length;
  const set = (change: Partial<typeof filter>) => filters.update(change);
  return (
    <div class="sl-tools">
      <label class="sl-search">
        <Icon name="search" />
        <input
          ref={(el) => {
            if (el) state.focusSearch = () => el.focus();
          }}
          type="search"
          placeholder="Search names, attributes, messages  ( / )"
          aria-label="Search spans"
          value={filter.query}
          onInput={(e) => set({ query: (e.currentTarget as HTMLInputElement).value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter.query) {
              // The first Escape clears the search; the next one closes the panel.
              e.stopPropagation();
              set({ query: '' });
            }
          }}
        />
      </label>
      <select
        class="sl-select"
        aria-label="Filter by kind"
        value={filter.kind}
        onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value as SpanKind | '' })}
      >
        <option value="">All kinds</option>
        {SPAN_KINDS.map((k) => (
          <option value={k}>{k}</option>
        ))}
      </select>
      <select
        class="sl-select"
        aria-label="Filter by model"
        value={filter.model}
        onChange={(e) => set({ model: (e.currentTarget as HTMLSelectElement).value })}
      >
        <option value="">All models</option>
        {models.map((m) => (
          <option value={m}>{m}</option>
        ))}
      </select>
      <label class={`sl-check${filter.errorsOnly ? ' sl-on' : ''}`}>
        <input type="checkbox" checked={filter.errorsOnly} onChange={(e) => set({ errorsOnly: (e.currentTarget as HTMLInputElement).checked })} />
        Errors only
      </label>
      <label class={`sl-check${filter.scoredOnly ? ' sl-on' : ''}`}>
        <input type="checkbox" checked={filter.scoredOnly === true} onChange={(e) => set({ scoredOnly: (e.currentTarget as HTMLInputElement).checked })} />
        Scored
      </label>
      <DatasetMenu state={state} />
      <span class="sl-grow" />
      <span class="sl-totals" aria-label="Session totals">
        <span>{plural(traces, 'trace')}</span>
        <span>{plural(totals.spans, 'span')}</span>
        {totals.open > 0 && (view.live ? <span class="sl-run-text">{totals.open} running</span> : <span>{totals.open} unfinished</span>)}
        {totals.errors > 0 && <span class="sl-err-text">{plural(totals.errors, 'error')}</span>}
        <span title={`${totals.inputTokens} in · ${totals.outputTokens} out`}>{formatTokens(totals.inputTokens + totals.outputTokens)} tokens</span>
        <span>{formatCost(totals.cost)}</span>
      </span>
    </div>
  );
}
