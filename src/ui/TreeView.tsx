/**
 * The span tree with its waterfall, virtualized: only the rows in view (plus a few) are in the
 * DOM, so a session of 10,000 spans scrolls and streams like one of ten. Rows have a fixed height;
 * the list is one tall spacer with absolutely placed rows.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { SPAN_KINDS, type SpanData, type SpanKind } from '../core/span';
import { classes, formatCost, formatDuration, formatTokens } from './format';
import { Highlighted } from './Highlighted';
import { Icon } from './Icon';
import { pure } from './pure';
import { serverService, spanModel, spanTimeToFirstToken } from './span-info';
import type { OverlayState } from './state';
import type { TreeRow } from './tree';

export const ROW_HEIGHT = 22;
const OVERSCAN = 10;

/** A kind's letter in the tree: its initial (K for reranker, R is retriever's); ≡ for a trace row. */
const kindLetter = (kind: string) => (!SPAN_KINDS.includes(kind as SpanKind) ? '≡' : kind === 'reranker' ? 'K' : kind[0].toUpperCase());

export const rowId = (key: string) => 'sl-row-' + key;

/** The row's index in the list, -1 when it is not there. */
const indexOf = (rows: TreeRow[], key: string | undefined) => rows.findIndex((r) => r.node.key === key);

/** The header's cells: [class, title], in the rows' column order. */
const HEAD = [['sl-c-name', 'Name'], ['sl-wf-cell', 'Timeline'], ['sl-c-num', 'Duration'], ['sl-c-num', 'Tokens'], ['sl-c-num', 'Cost'], ['sl-c-st']];

function Waterfall({ trace, node, now }: Pick<TreeRow, 'trace' | 'node'> & { now: number }) {
  const axisEnd = trace.totals.open ? Math.max(trace.end, now) : trace.end;
  const range = axisEnd - trace.start || 1;
  const span = node.span;
  const start = span ? span.startTime : trace.start;
  const end = span ? (span.endTime ?? now) : axisEnd;
  const style: Record<string, string> = {
    left: `${((start - trace.start) / range) * 100}%`,
    width: `${(Math.max(0, end - start) / range) * 100}%`,
  };
  const ttft = span?.kind === 'llm' ? spanTimeToFirstToken(span) : undefined;
  if (ttft !== undefined && end > start) {
    // Waiting for the first token is drawn pale, streaming solid.
    const at = Math.min(100, (ttft / (end - start)) * 100).toFixed(1);
    style.background = `linear-gradient(90deg, color-mix(in srgb, var(--k) 35%, transparent) ${at}%, var(--k) ${at}%)`;
  }
  return (
    <div class="sl-c-wf">
      <span
        class={classes('sl-wbar', span && span.endTime === undefined && 'sl-wbar-open')}
        style={style}
        title={ttft === undefined ? undefined : `time to first token ${formatDuration(ttft)}`}
      />
    </div>
  );
}

function Status({ span, failedBelow, live }: { span?: SpanData; failedBelow: boolean; live: boolean }) {
  // [class suffix, title, text]
  const [kind, title, text] =
    span && span.endTime === undefined
      ? live
        ? ['open', 'running']
        : ['unfinished', 'unfinished: its page went away before it ended']
      : span?.status.code === 'error'
        ? ['error', span.status.message || 'error', '!']
        : failedBelow
          ? ['below', 'something below failed']
          : [];
  return kind ? (
    <span class={`sl-st sl-st-${kind}`} title={title}>
      {text}
    </span>
  ) : null;
}

/** A row's parts as separate props: nodes of unchanged traces are the same objects every frame. */
interface RowProps extends TreeRow {
  top: number;
  /** Only for rows of a running trace: the others do not change as the clock ticks. */
  now: number;
  live: boolean;
  query: string;
  active: boolean;
  selected: boolean;
  onPick(key: string): void;
  onToggle(key: string): void;
}

// Pure: while spans stream, only the rows of the trace that changed are rendered again.
const Row = pure(function Row({ trace, node, expanded, match, position, siblings, top, now, live, query, active, selected, onPick, onToggle }: RowProps) {
  const span = node.span;
  const kind = span?.kind ?? 'trace';
  const own = node.totals;
  const ownErrors = span?.status.code === 'error' ? 1 : 0;
  const tokens = own.inputTokens + own.outputTokens;
  const model = span && spanModel(span);
  // `chat gpt-4o` already names its model.
  const showModel = model && !span.name.includes(model);
  const duration = span ? (span.endTime ?? now) - span.startTime : (trace.totals.open ? now : trace.end) - trace.start;
  const aggregated = !span || span.kind !== 'llm';
  const numCls = aggregated ? 'sl-c-num sl-sum' : 'sl-c-num';
  return (
    <div
      id={rowId(node.key)}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-posinset={position}
      aria-setsize={siblings}
      aria-expanded={node.hasChildren ? expanded : undefined}
      aria-selected={selected}
      class={classes('sl-row', !node.depth && 'sl-row-root', active && 'sl-row-active', selected && 'sl-row-selected', ownErrors && 'sl-row-error', !match && 'sl-row-context')}
      style={{ top: `${top}px` }}
      onClick={() => onPick(node.key)}
      onDblClick={() => node.hasChildren && onToggle(node.key)}
    >
      <div class="sl-c-name" style={{ paddingLeft: `${node.depth * 14 + 4}px` }}>
        <span
          class={classes('sl-twisty', !node.hasChildren && 'sl-leaf', expanded && 'sl-open')}
          onClick={(e) => {
            e.stopPropagation();
            if (node.hasChildren) onToggle(node.key);
          }}
        >
          {node.hasChildren && <Icon name="chevron" />}
        </span>
        <span class={`sl-kind sl-k-${kind}`} title={kind}>
          {kindLetter(kind)}
        </span>
        <span class="sl-name" title={span?.name}>
          {span ? <Highlighted text={span.name} query={query} /> : `trace ${trace.traceId.slice(0, 8)}`}
        </span>
        {showModel && (
          <span class="sl-model">
            <Highlighted text={model!} query={query} />
          </span>
        )}
        {span && serverService(span) && (
          <span class="sl-tag sl-tag-server" title={`recorded on the server by ${serverService(span)}`}>
            server
          </span>
        )}
        {node.orphan && (
          <span class="sl-tag" title={`parent span ${span?.parentSpanId ?? ''} is missing`}>
            orphan
          </span>
        )}
      </div>
      <div class={`sl-k-${kind} sl-wf-cell`}>
        <Waterfall trace={trace} node={node} now={now} />
      </div>
      <div class="sl-c-num">{formatDuration(duration)}</div>
      <div class={numCls} title={`${own.inputTokens} in · ${own.outputTokens} out`}>
        {tokens ? formatTokens(tokens) : ''}
      </div>
      <div class={numCls}>{own.cost ? formatCost(own.cost) : ''}</div>
      <div class="sl-c-st">
        <Status span={span} failedBelow={own.errors > ownErrors} live={live} />
      </div>
    </div>
  );
});

export function TreeView({ state }: { state: OverlayState }) {
  const rows = state.rows.value;
  const now = state.clock.value;
  const live = state.view.value.live;
  const query = state.filter.value.query.trim();
  const active = state.active.value;
  const selected = state.selected.value;
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = body.current!;
    // The observer reports the first size after layout; reading it now would force a layout.
    const observer = new ResizeObserver(() => el.clientHeight && setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // New turns are inserted at the top: when scrolled down, keep the rows in view where they are.
  // The offset is the one the last scroll event reported: reading el.scrollTop right after a
  // render would force a layout in every streaming frame.
  const offset = useRef(0);
  const anchor = useRef<{ key: string; at: number } | undefined>(undefined);
  const remember = () => {
    const at = Math.floor(offset.current / ROW_HEIGHT);
    anchor.current = offset.current > 0 && rows[at] ? { key: rows[at].node.key, at } : undefined;
  };
  useLayoutEffect(() => {
    const a = anchor.current;
    if (a && rows[a.at]?.node.key !== a.key) {
      const now = indexOf(rows, a.key);
      if (now >= 0) {
        const el = body.current!;
        el.scrollTop = offset.current + (now - a.at) * ROW_HEIGHT;
        offset.current = el.scrollTop;
        setScrollTop(offset.current);
      }
    }
    remember();
  }, [rows]);

  // Keep the keyboard cursor in view (from the known offset and height: reading them from the
  // element would force a layout on every click).
  useEffect(() => {
    const el = body.current;
    const at = indexOf(rows, active);
    if (!el || at < 0) return;
    const top = at * ROW_HEIGHT;
    // The offset is updated at once: keys can repeat faster than scroll events arrive.
    if (top < offset.current) el.scrollTop = offset.current = top;
    else if (top + ROW_HEIGHT > offset.current + height) el.scrollTop = offset.current = top + ROW_HEIGHT - height;
  }, [active]);

  // Stable callbacks, so that rows which did not change skip their render.
  const { onPick, onToggle } = useMemo(
    () => ({
      onPick(key: string) {
        state.active.value = key;
        if (!key.startsWith('trace:')) state.selected.value = key;
      },
      onToggle: (key: string) => state.toggleCollapsed(key),
    }),
    [state],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    // Keys can repeat faster than renders: read the current state, not this render's.
    const rows = state.rows.peek();
    if (!rows.length) return;
    const at = indexOf(rows, state.active.peek());
    const row = rows[at];
    const node = row?.node;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const move = (to: number) => (state.active.value = rows[Math.max(0, Math.min(rows.length - 1, to))].node.key);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at < 0 ? 0 : at - 1, Home: 0, End: rows.length - 1, PageDown: at + page, PageUp: at - page };
    const to = moves[e.key];
    if (typeof to === 'number') move(to);
    else if (e.key === 'ArrowRight') {
      if (!node) move(0);
      else if (node.hasChildren && !row.expanded) state.toggleCollapsed(node.key, false);
      else if (node.hasChildren) move(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (!node) move(0);
      else if (node.hasChildren && row.expanded && !state.matcher.value) state.toggleCollapsed(node.key, true);
      else if (node.parent >= 0) move(indexOf(rows, row.trace.nodes[node.parent].key));
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (node) onPick(node.key);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = [];
  for (let i = first; i < last; i++) {
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
  const activeVisible = indexOf(rows, active) >= 0;

  return (
    <div class="sl-tree">
      <div class="sl-thead" aria-hidden="true">
        {HEAD.map(([cls, title]) => (
          <div class={cls}>{title}</div>
        ))}
      </div>
      <div
        ref={body}
        class="sl-tbody"
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        aria-activedescendant={activeVisible ? rowId(active!) : undefined}
        onScroll={(e) => {
          offset.current = (e.currentTarget as HTMLElement).scrollTop;
          setScrollTop(offset.current);
          remember();
        }}
        onKeyDown={onKeyDown}
      >
        {rows.length === 0 ? (
          <div class="sl-empty">
            {state.matcher.value
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
