/**
 * One row of the span tree: name with kind letter and model, the waterfall bar, duration, tokens,
 * cost and status. Pure: while spans stream, only the rows of the trace that changed render again.
 */
import type { SpanData, SpanKind } from '../core/span';
import { classes, formatCost, formatDuration, formatTokens } from './format';
import { Highlighted } from './Highlighted';
import { Icon } from './Icon';
import { pure } from './pure';
import { serverService, spanModel, spanTimeToFirstToken } from './span-info';
import type { TreeRow as TreeRowData } from './tree';

export const rowId = (key: string) => 'sl-row-' + key;

/** Each kind's letter in the tree: its initial, except reranker (R is retriever's). */
const KIND_LETTERS: Record<SpanKind, string> = {
  llm: 'L',
  tool: 'T',
  retriever: 'R',
  reranker: 'K',
  embedding: 'E',
  chain: 'C',
  agent: 'A',
  http: 'H',
};
/** The letter of a trace's synthetic root row (and of a kind this version does not know). */
const TRACE_LETTER = '≡';

function kindLetter(kind: string): string {
  return Object.prototype.hasOwnProperty.call(KIND_LETTERS, kind) ? KIND_LETTERS[kind as SpanKind] : TRACE_LETTER;
}

function Waterfall({ trace, node, now }: Pick<TreeRowData, 'trace' | 'node'> & { now: number }) {
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

/** What the status cell of a row says: a CSS class suffix, a tooltip, and a short mark. */
interface RowStatus {
  kind: 'open' | 'unfinished' | 'error' | 'below';
  title: string;
  text?: string;
}

function rowStatus(span: SpanData | undefined, failedBelow: boolean, live: boolean): RowStatus | undefined {
  if (span && span.endTime === undefined) {
    if (live) return { kind: 'open', title: 'running' };
    return { kind: 'unfinished', title: 'unfinished: its page went away before it ended' };
  }
  if (span?.status.code === 'error') return { kind: 'error', title: span.status.message || 'error', text: '!' };
  if (failedBelow) return { kind: 'below', title: 'something below failed' };
  return undefined;
}

function Status({ span, failedBelow, live }: { span?: SpanData; failedBelow: boolean; live: boolean }) {
  const status = rowStatus(span, failedBelow, live);
  if (!status) return null;
  return (
    <span class={`sl-st sl-st-${status.kind}`} title={status.title}>
      {status.text}
    </span>
  );
}

/** A row's parts as separate props: nodes of unchanged traces are the same objects every frame. */
export interface RowProps extends TreeRowData {
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

export const Row = pure(function Row({ trace, node, expanded, match, position, siblings, top, now, live, query, active, selected, onPick, onToggle }: RowProps) {
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
        {node.orphan && (
          <span class="sl-tag" title={`parent span ${span?.parentSpanId ?? ''} is missing`}>
            orphan
          </span>
        )}
        {span && serverService(span) && (
          <span class="sl-tag sl-tag-server" title={`recorded on the server by ${serverService(span)}`}>
            server
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

