/**
 * Two traces side by side: their span trees aligned, what was added or is gone, and for each pair
 * the change in duration, tokens and cost and a word diff of prompt and output.
 *
 * Alignment is by position in the tree: the children of two matched spans are matched by the
 * longest common subsequence of their keys (kind, and the name without the model: `chat gpt-4o`
 * and `chat gpt-4o-mini` are the same step with another model), in start order. What the
 * subsequence leaves out is added (only in the second trace) or removed (only in the first).
 */
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';
import { messagesText, partsText, readLlmExample, toolCalls } from './llm-example';
import { wordDiff, type DiffPiece } from './word-diff';

export type RowStatus = 'same' | 'changed' | 'added' | 'removed';

export interface SpanDelta {
  durationMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

export interface DiffRow {
  status: RowStatus;
  depth: number;
  /** The span of the first trace (absent when added). */
  before?: SpanData;
  /** The span of the second trace (absent when removed). */
  after?: SpanData;
  /** after − before, for matched spans; only what both have. */
  delta: SpanDelta;
  /** Word diffs of what went in and came out (llm: messages; tool: arguments, result). */
  input?: DiffPiece[];
  output?: DiffPiece[];
}

export interface TraceDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
  changed: number;
  /** Whole trace: after − before. */
  delta: SpanDelta;
}

interface Node {
  span: SpanData;
  children: Node[];
}

export function diffTraces(before: readonly SpanData[], after: readonly SpanData[]): TraceDiff {
  const rows: DiffRow[] = [];
  alignLists(roots(before), roots(after), 0, rows);
  const result: TraceDiff = { rows, added: 0, removed: 0, changed: 0, delta: totalsDelta(before, after) };
  for (const row of rows) {
    if (row.status === 'added') result.added++;
    else if (row.status === 'removed') result.removed++;
    else if (row.status === 'changed') result.changed++;
  }
  return result;
}

/** The step a span stands for, whatever model ran it. */
export function alignmentKey(span: SpanData): string {
  if (span.kind === 'llm') return `llm:${String(span.attributes[sem.GEN_AI_OPERATION_NAME] ?? 'chat')}`;
  return `${span.kind}:${span.name}`;
}

function alignLists(a: readonly Node[], b: readonly Node[], depth: number, rows: DiffRow[]): void {
  for (const [left, right] of matchByLcs(a, b)) {
    if (left && right) {
      rows.push(pairRow(left.span, right.span, depth));
      alignLists(left.children, right.children, depth + 1, rows);
    } else if (left) {
      pushSubtree(left, 'removed', depth, rows);
    } else if (right) {
      pushSubtree(right, 'added', depth, rows);
    }
  }
}

function pushSubtree(node: Node, status: 'added' | 'removed', depth: number, rows: DiffRow[]): void {
  rows.push(status === 'added' ? { status, depth, after: node.span, delta: {} } : { status, depth, before: node.span, delta: {} });
  for (const child of node.children) pushSubtree(child, status, depth + 1, rows);
}

/** Pairs in order: both (matched), or one side only. */
function matchByLcs(a: readonly Node[], b: readonly Node[]): Array<[Node | undefined, Node | undefined]> {
  const keysA = a.map((n) => alignmentKey(n.span));
  const keysB = b.map((n) => alignmentKey(n.span));
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        keysA[i] === keysB[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const pairs: Array<[Node | undefined, Node | undefined]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (keysA[i] === keysB[j]) pairs.push([a[i++], b[j++]]);
    else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) pairs.push([a[i++], undefined]);
    else pairs.push([undefined, b[j++]]);
  }
  while (i < a.length) pairs.push([a[i++], undefined]);
  while (j < b.length) pairs.push([undefined, b[j++]]);
  return pairs;
}

function pairRow(before: SpanData, after: SpanData, depth: number): DiffRow {
  const row: DiffRow = { status: 'same', depth, before, after, delta: spanDelta(before, after) };
  const [inBefore, outBefore] = texts(before);
  const [inAfter, outAfter] = texts(after);
  if (inBefore !== '' || inAfter !== '') row.input = wordDiff(inBefore, inAfter);
  if (outBefore !== '' || outAfter !== '') row.output = wordDiff(outBefore, outAfter);
  const textChanged = [row.input, row.output].some((pieces) => pieces?.some((p) => p.op !== 'same'));
  if (textChanged || before.name !== after.name || before.status.code !== after.status.code) row.status = 'changed';
  return row;
}

/** What a span took in and gave out, as text to diff. */
function texts(span: SpanData): [string, string] {
  if (span.kind === 'llm') {
    const example = readLlmExample(span);
    const input = [partsText(example.system), ...example.input.map((m) => `${m.role}: ${messagesText([m])}`)].filter((t) => t !== '').join('\n');
    const calls = toolCalls(example.output).map((c) => `${c.name}(${stringify(c.arguments)})`);
    return [input, [messagesText(example.output), ...calls].filter((t) => t !== '').join('\n')];
  }
  const a = span.attributes;
  const input = a[sem.GEN_AI_TOOL_CALL_ARGUMENTS] ?? a[sem.INPUT_VALUE];
  const output = a[sem.GEN_AI_TOOL_CALL_RESULT] ?? a[sem.OUTPUT_VALUE];
  return [input === undefined ? '' : String(input), output === undefined ? '' : String(output)];
}

function spanDelta(before: SpanData, after: SpanData): SpanDelta {
  const delta: SpanDelta = {};
  if (before.endTime !== undefined && after.endTime !== undefined) {
    delta.durationMs = round(after.endTime - after.startTime - (before.endTime - before.startTime));
  }
  const pairs: Array<[keyof SpanDelta, string]> = [
    ['inputTokens', sem.GEN_AI_USAGE_INPUT_TOKENS],
    ['outputTokens', sem.GEN_AI_USAGE_OUTPUT_TOKENS],
    ['costUsd', sem.SPANLENS_COST_USD],
  ];
  for (const [name, key] of pairs) {
    const x = before.attributes[key];
    const y = after.attributes[key];
    if (typeof x === 'number' && typeof y === 'number') delta[name] = round(y - x);
  }
  return delta;
}

function totalsDelta(before: readonly SpanData[], after: readonly SpanData[]): SpanDelta {
  const sum = (spans: readonly SpanData[], key: string) =>
    spans.reduce((total, s) => total + (typeof s.attributes[key] === 'number' ? (s.attributes[key] as number) : 0), 0);
  const extent = (spans: readonly SpanData[]) =>
    spans.length === 0 ? 0 : Math.max(...spans.map((s) => s.endTime ?? s.startTime)) - Math.min(...spans.map((s) => s.startTime));
  return {
    durationMs: round(extent(after) - extent(before)),
    inputTokens: sum(after, sem.GEN_AI_USAGE_INPUT_TOKENS) - sum(before, sem.GEN_AI_USAGE_INPUT_TOKENS),
    outputTokens: sum(after, sem.GEN_AI_USAGE_OUTPUT_TOKENS) - sum(before, sem.GEN_AI_USAGE_OUTPUT_TOKENS),
    costUsd: round(sum(after, sem.SPANLENS_COST_USD) - sum(before, sem.SPANLENS_COST_USD)),
  };
}

/** The trace's roots (spans whose parent is not in it), each with its subtree, in start order. */
export function roots(spans: readonly SpanData[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.spanId, { span, children: [] });
  const top: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId === undefined ? undefined : nodes.get(node.span.parentSpanId);
    if (parent && parent !== node) parent.children.push(node);
    else top.push(node);
  }
  const byStart = (x: Node, y: Node) => x.span.startTime - y.span.startTime;
  for (const node of nodes.values()) node.children.sort(byStart);
  return top.sort(byStart);
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
