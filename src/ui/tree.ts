/**
 * The spans of one session as a forest: one root per trace, children nested in start order.
 *
 * Pure and DOM-free. Spans arrive in any order (live, page by page from the store, from a file),
 * so children are filed under their parent's id even before the parent arrives; each trace's
 * layout (pre-order nodes with subtree totals) is rebuilt lazily, only for traces that changed.
 * A span whose parent is missing (dropped, not loaded, or a cycle in a hostile file) is an orphan:
 * it hangs under its trace's root and is marked so.
 */
import type { SpanData } from '../core/span';
import { addTotals, emptyTotals, spanTotals, type Totals } from '../core/totals';
import { lightSpan } from './light-span';
import { spanModel } from './span-info';

export type { Totals } from '../core/totals';

/** One node of a trace in pre-order. `span` is absent for the synthetic root of a trace. */
export interface TreeNode {
  key: string;
  span?: SpanData;
  depth: number;
  /** Index of the node after this subtree, in the trace's node list. */
  end: number;
  /** Index of the parent node, -1 for the root. */
  parent: number;
  hasChildren: boolean;
  /** Own values plus every descendant's. */
  totals: Totals;
  orphan: boolean;
}

export interface TraceLayout {
  traceId: string;
  name: string;
  start: number;
  /** Latest end (or start) seen; running spans extend the axis up to now. */
  end: number;
  totals: Totals;
  nodes: TreeNode[];
}

/** A visible row: a node of a trace, and whether it matched the current filter. */
export interface TreeRow {
  trace: TraceLayout;
  node: TreeNode;
  expanded: boolean;
  /** False for ancestors shown only to give a match its context. */
  match: boolean;
  /** 1-based place among the visible rows that share its parent row, and how many those are. */
  position: number;
  siblings: number;
}

export const TRACE_KEY_PREFIX = 'trace:';

/** Spans an index holds whole before it holds ended ones as light copies (see light-span.ts). */
export const WHOLE_SPANS = 500;

const byStart = (a: SpanData, b: SpanData) => a.startTime - b.startTime || (a.spanId < b.spanId ? -1 : 1);

interface TraceEntry {
  ids: string[];
  layout?: TraceLayout;
}

export class SpanIndex {
  readonly spans = new Map<string, SpanData>();
  readonly models = new Set<string>();
  /** Spans held as a light copy (see light-span.ts): their details are read from the store. */
  readonly clipped = new Set<string>();
  /** Bumped by every change: a cheap "did anything change" for memoisation. */
  revision = 0;
  readonly #children = new Map<string, string[]>();
  readonly #traces = new Map<string, TraceEntry>();
  #order: TraceLayout[] | undefined;

  /**
   * Add a span or replace it with a newer state of itself. Past WHOLE_SPANS, an ended span the
   * store keeps (`light`: true) is held as its light copy, without its long texts (light-span.ts).
   */
  upsert(span: SpanData, light = false): void {
    if (light && span.endTime !== undefined && this.spans.size >= WHOLE_SPANS) {
      const copy = lightSpan(span);
      if (copy) {
        this.clipped.add(span.spanId);
        span = copy;
      } else this.clipped.delete(span.spanId);
    } else this.clipped.delete(span.spanId);
    const old = this.spans.get(span.spanId);
    this.spans.set(span.spanId, span);
    let entry = this.#traces.get(span.traceId);
    if (!entry) this.#traces.set(span.traceId, (entry = { ids: [] }));
    if (!old) {
      entry.ids.push(span.spanId);
      const parent = span.parentSpanId;
      if (parent !== undefined) {
        const list = this.#children.get(parent);
        if (list) list.push(span.spanId);
        else this.#children.set(parent, [span.spanId]);
        // The parent may live in another trace's cached layout (it was an orphan's missing parent).
        const parentSpan = this.spans.get(parent);
        if (parentSpan && parentSpan.traceId !== span.traceId) this.#invalidate(parentSpan.traceId);
      }
      // Spans filed under this one while it was missing may sit in other traces.
      const waiting = this.#children.get(span.spanId);
      if (waiting) for (const id of waiting) this.#invalidate(this.spans.get(id)!.traceId);
    }
    const model = spanModel(span);
    if (model) this.models.add(model);
    entry.layout = undefined;
    this.#order = undefined;
    this.revision++;
  }

  #invalidate(traceId: string): void {
    const entry = this.#traces.get(traceId);
    if (entry) entry.layout = undefined;
  }

  get size(): number {
    return this.spans.size;
  }

  /** Every trace, newest first. */
  traces(): TraceLayout[] {
    if (this.#order) return this.#order;
    const layouts: TraceLayout[] = [];
    for (const [traceId, entry] of this.#traces) layouts.push((entry.layout ??= this.#layout(traceId, entry.ids)));
    return (this.#order = layouts.sort((a, b) => b.start - a.start));
  }

  trace(traceId: string): TraceLayout | undefined {
    const entry = this.#traces.get(traceId);
    return entry && (entry.layout ??= this.#layout(traceId, entry.ids));
  }

  /** Session totals. */
  totals(): Totals {
    const sum = emptyTotals();
    for (const trace of this.traces()) addTotals(sum, trace.totals);
    return sum;
  }

  #layout(traceId: string, ids: string[]): TraceLayout {
    const spans = ids.map((id) => this.spans.get(id)!);
    const hasParent = (s: SpanData) => {
      const parent = s.parentSpanId === undefined ? undefined : this.spans.get(s.parentSpanId);
      return parent !== undefined && parent.traceId === traceId && parent !== s;
    };
    const roots = spans.filter((s) => !hasParent(s)).sort(byStart);
    const realRoots = roots.filter((s) => s.parentSpanId === undefined);
    // One real root is the trace's row; otherwise a synthetic row stands for the trace.
    const synthetic = realRoots.length !== 1;
    const nodes: TreeNode[] = [];
    const visited = new Set<string>();
    if (synthetic) nodes.push({ key: TRACE_KEY_PREFIX + traceId, depth: 0, end: 0, parent: -1, hasChildren: false, totals: emptyTotals(), orphan: false });
    const walk = (root: SpanData, parent: number) => {
      // Explicit stack: traces can be deeper than the call stack.
      const stack: Array<{ span: SpanData; parent: number }> = [{ span: root, parent }];
      while (stack.length) {
        const { span, parent: p } = stack.pop()!;
        if (visited.has(span.spanId)) continue;
        visited.add(span.spanId);
        const at = nodes.length;
        // Shown under another row than its recorded parent: the parent is missing.
        const orphan = p >= 0 && span.parentSpanId !== undefined && span.parentSpanId !== nodes[p].key;
        const depth = p < 0 ? 0 : nodes[p].depth + 1;
        nodes.push({ key: span.spanId, span, depth, end: 0, parent: p, hasChildren: false, totals: spanTotals(span), orphan });
        const kids = this.#children.get(span.spanId);
        if (!kids) continue;
        const sorted = kids.map((id) => this.spans.get(id)!).filter((k) => k.traceId === traceId);
        sorted.sort(byStart);
        for (let i = sorted.length - 1; i >= 0; i--) stack.push({ span: sorted[i], parent: at });
      }
    };
    if (!synthetic) walk(realRoots[0], -1);
    for (const root of roots) walk(root, 0);
    // Cycles (a is b's parent and b is a's): nothing reaches them from a root; show them as orphans.
    if (visited.size < spans.length) for (const s of spans.filter((x) => !visited.has(x.spanId)).sort(byStart)) walk(s, 0);
    // Subtree extents and totals, bottom-up over the pre-order list.
    for (let i = nodes.length - 1; i >= 0; i--) {
      // Every descendant comes later in pre-order, so this node's extent is final here.
      if (nodes[i].end === 0) nodes[i].end = i + 1;
      nodes[i].hasChildren = nodes[i].end > i + 1;
      const p = nodes[i].parent;
      if (p >= 0) {
        addTotals(nodes[p].totals, nodes[i].totals);
        if (nodes[i].end > nodes[p].end) nodes[p].end = nodes[i].end;
      }
    }
    let start = Infinity;
    let end = -Infinity;
    for (const s of spans) {
      if (s.startTime < start) start = s.startTime;
      const e = s.endTime ?? s.startTime;
      if (e > end) end = e;
    }
    const first = nodes[synthetic ? 1 : 0]?.span;
    // The root row's totals (a synthetic root's are its children's): the trace's.
    return { traceId, name: first?.name ?? traceId, start, end, totals: nodes[0].totals, nodes };
  }

  /** The key of a span's visible parent row (its parent, or its trace's root), if any. */
  parentKey(key: string): string | undefined {
    const span = this.spans.get(key);
    const trace = span && this.trace(span.traceId);
    if (!trace) return undefined;
    const node = trace.nodes.find((n) => n.key === key);
    return node && node.parent >= 0 ? trace.nodes[node.parent].key : undefined;
  }
}

export interface FlattenOptions {
  /** Keys of collapsed rows (ignored while filtering: every match is shown). */
  collapsed: ReadonlySet<string>;
  /** Show only spans for which this is true, with their ancestors. */
  match?: (span: SpanData) => boolean;
}

/** The visible rows, top to bottom. */
export function flattenTree(index: SpanIndex, options: FlattenOptions): TreeRow[] {
  const rows: TreeRow[] = [];
  const { collapsed, match } = options;
  for (const trace of index.traces()) {
    const nodes = trace.nodes;
    if (!match) {
      for (let i = 0; i < nodes.length; ) {
        const node = nodes[i];
        const expanded = !collapsed.has(node.key);
        rows.push({ trace, node, expanded, match: true, position: 0, siblings: 0 });
        i = expanded ? i + 1 : node.end;
      }
      continue;
    }
    // A node is shown when it or something below it matches.
    const hit = nodes.map((n) => n.span !== undefined && match(n.span));
    const keep = hit.slice();
    for (let i = nodes.length - 1; i > 0; i--) if (keep[i] && nodes[i].parent >= 0) keep[nodes[i].parent] = true;
    for (let i = 0; i < nodes.length; i++) if (keep[i]) rows.push({ trace, node: nodes[i], expanded: true, match: hit[i], position: 0, siblings: 0 });
  }
  numberSiblings(rows);
  return rows;
}

/**
 * Only the rows in view are in the DOM, so a screen reader cannot count a row's siblings itself:
 * it is told (aria-posinset / aria-setsize). Siblings are the visible rows under the same parent
 * row; every trace's root row is a sibling of the other roots.
 */
function numberSiblings(rows: TreeRow[]): void {
  const counts: number[] = [];
  const groupOfRow = new Int32Array(rows.length);
  // open[d]: the group that a row at depth d joins, while its parent row is the last one seen.
  const open: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const depth = rows[i].node.depth;
    open.length = Math.min(open.length, depth + 1);
    const group = (open[depth] ??= counts.push(0) - 1);
    rows[i].position = ++counts[group];
    groupOfRow[i] = group;
  }
  for (let i = 0; i < rows.length; i++) rows[i].siblings = counts[groupOfRow[i]];
}
