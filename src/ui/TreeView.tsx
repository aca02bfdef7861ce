/**
 * The span tree with its waterfall, virtualized: only the rows in view (plus a few) are in the
 * DOM, so a session of 10,000 spans scrolls and streams like one of ten. Rows have a fixed height;
 * the list is one tall spacer with absolutely placed rows.
 */
import { useMemo } from 'preact/hooks';
import { useTreeKeys } from './hooks/use-tree-keys';
import { ROW_HEIGHT, useTreeScroll } from './hooks/use-tree-scroll';
import type { OverlayState } from './state';
import { Row, rowId } from './TreeRow';

export { ROW_HEIGHT } from './hooks/use-tree-scroll';

/** The header's cells, in the rows' column order. */
const HEAD: Array<{ className: string; title: string }> = [
  { className: 'sl-c-name', title: 'Name' },
  { className: 'sl-wf-cell', title: 'Timeline' },
  { className: 'sl-c-num', title: 'Duration' },
  { className: 'sl-c-num', title: 'Tokens' },
  { className: 'sl-c-num', title: 'Cost' },
  { className: 'sl-c-st', title: '' },
];

export function TreeView({ state }: { state: OverlayState }) {
  const { selection, filters, sessions } = state;
  const rows = state.rows.value;
  const now = state.clock.value;
  const live = sessions.view.value.live;
  const query = filters.query();
  const active = selection.active.value;
  const selected = selection.selected.value;
  const scroll = useTreeScroll(rows, active);

  // Stable callbacks, so that rows which did not change skip their render.
  const { onPick, onToggle } = useMemo(
    () => ({
      onPick: (key: string) => selection.pick(key),
      onToggle: (key: string) => selection.toggleCollapsed(key),
    }),
    [selection],
  );
  const onKeyDown = useTreeKeys(state, scroll.height, onPick);

  const visible = [];
  for (let i = scroll.first; i < scroll.last; i++) {
    const row = rows[i];
    const key = row.node.key;
    visible.push(
      <Row
        key={key}
        {...row}
        top={i * ROW_HEIGHT}
        now={row.trace.totals.open ? now : 0}
        live={live}
        query={query}
        active={key === active}
        selected={key === selected}
        onPick={onPick}
        onToggle={onToggle}
      />,
    );
  }
  const activeVisible = rows.some((r) => r.node.key === active);

  return (
    <div class="sl-tree">
      <div class="sl-thead" aria-hidden="true">
        {HEAD.map((cell) => (
          <div class={cell.className}>{cell.title}</div>
        ))}
      </div>
      <div
        ref={scroll.body}
        class="sl-tbody"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        aria-activedescendant={activeVisible ? rowId(active!) : undefined}
        onScroll={scroll.onScroll}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <div class="sl-empty">
            {filters.matcher.value
              ? 'No span matches the search and filters.'
              : 'No spans yet. LLM calls, tool calls and retrievals appear here as the page makes them.'}
          </div>
        ) : (
          <div class="sl-spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
            {visible}
          </div>
        )}
      </div>
    </div>
  );
}
