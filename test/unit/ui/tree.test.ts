import { describe, expect, it } from 'vitest';
import { SPANLENS_COST_USD, GEN_AI_USAGE_INPUT_TOKENS, GEN_AI_USAGE_OUTPUT_TOKENS } from '../../../src/core/semconv';
import { flattenTree, SpanIndex, TRACE_KEY_PREFIX } from '../../../src/ui/tree';
import { makeSpan } from './helpers';

const keys = (index: SpanIndex, collapsed: string[] = [], match?: (s: { name: string }) => boolean) =>
  flattenTree(index, { collapsed: new Set(collapsed), match }).map((r) => `${'  '.repeat(r.node.depth)}${r.node.key}`);

function indexOf(...spans: ReturnType<typeof makeSpan>[]) {
  const index = new SpanIndex();
  for (const s of spans) index.upsert(s);
  return index;
}

describe('SpanIndex: building the tree', () => {
  it('nests children under their parent in start order, whatever order they arrive in', () => {
    const index = indexOf(
      makeSpan('c', { parent: 'root', start: 30 }),
      makeSpan('root', { start: 0, end: 100 }),
      makeSpan('a', { parent: 'root', start: 10 }),
      makeSpan('a1', { parent: 'a', start: 12 }),
      makeSpan('b', { parent: 'root', start: 20 }),
    );
    expect(keys(index)).toEqual(['root', '  a', '    a1', '  b', '  c']);
  });

  it('numbers each row among its visible siblings (aria-posinset / aria-setsize), roots across traces', () => {
    const index = indexOf(
      makeSpan('root', { start: 0, end: 100 }),
      makeSpan('a', { parent: 'root', start: 10 }),
      makeSpan('a1', { parent: 'a', start: 12 }),
      makeSpan('a2', { parent: 'a', start: 13 }),
      makeSpan('b', { parent: 'root', start: 20 }),
      makeSpan('c', { parent: 'root', start: 30 }),
      makeSpan('other', { trace: 't2', start: 500 }),
    );
    const numbered = (collapsed: string[], match?: (s: { name: string }) => boolean) =>
      flattenTree(index, { collapsed: new Set(collapsed), match }).map((r) => `${r.node.key} ${r.position}/${r.siblings}`);
    expect(numbered([])).toEqual(['other 1/2', 'root 2/2', 'a 1/3', 'a1 1/2', 'a2 2/2', 'b 2/3', 'c 3/3']);
    // Collapsed children are hidden, not counted; a filter counts only what it shows.
    expect(numbered(['a'])).toEqual(['other 1/2', 'root 2/2', 'a 1/3', 'b 2/3', 'c 3/3']);
    expect(numbered([], (s) => s.name === 'a2' || s.name === 'c')).toEqual(['root 1/1', 'a 1/2', 'a2 1/1', 'c 2/2']);
  });

  it('gives one root per trace and lists traces newest first', () => {
    const index = indexOf(
      makeSpan('old', { trace: 't1', start: 0 }),
      makeSpan('new', { trace: 't2', start: 500 }),
      makeSpan('old-child', { trace: 't1', parent: 'old', start: 1 }),
    );
    expect(keys(index)).toEqual(['new', 'old', '  old-child']);
    expect(index.traces().map((t) => t.name)).toEqual(['new', 'old']);
  });

  it('hangs orphans (parent missing) under their trace root and marks them', () => {
    const index = indexOf(
      makeSpan('root', { start: 0, end: 100 }),
      makeSpan('lost', { parent: 'never-recorded', start: 5 }),
      makeSpan('kid', { parent: 'root', start: 3 }),
    );
    const rows = flattenTree(index, { collapsed: new Set() });
    expect(rows.map((r) => [r.node.key, r.node.depth, r.node.orphan])).toEqual([
      ['root', 0, false],
      ['kid', 1, false],
      ['lost', 1, true],
    ]);
  });

  it('makes a synthetic trace root when a trace has no single real root', () => {
    const index = indexOf(makeSpan('x', { parent: 'gone', start: 2 }), makeSpan('y', { parent: 'gone', start: 1 }));
    const key = TRACE_KEY_PREFIX + 't1'.padEnd(32, '0');
    expect(keys(index)).toEqual([key, '  y', '  x']);
    expect(index.trace('t1'.padEnd(32, '0'))!.nodes[0].span).toBeUndefined();
  });

  it('re-parents an orphan when its parent arrives later (live insertion)', () => {
    const index = indexOf(makeSpan('root', { start: 0 }), makeSpan('child', { parent: 'mid', start: 5 }));
    expect(keys(index)).toEqual(['root', '  child']);
    index.upsert(makeSpan('mid', { parent: 'root', start: 2 }));
    expect(keys(index)).toEqual(['root', '  mid', '    child']);
    expect(flattenTree(index, { collapsed: new Set() }).some((r) => r.node.orphan)).toBe(false);
  });

  it('inserts live spans in start order and replaces a span by its newer state', () => {
    const index = indexOf(makeSpan('root', { start: 0, end: null }), makeSpan('late', { parent: 'root', start: 50 }));
    index.upsert(makeSpan('early', { parent: 'root', start: 20, end: null }));
    expect(keys(index)).toEqual(['root', '  early', '  late']);
    expect(index.totals().open).toBe(2);
    index.upsert(makeSpan('early', { parent: 'root', start: 20, end: 40, name: 'renamed' }));
    expect(index.totals().open).toBe(1);
    expect(index.spans.get('early')!.name).toBe('renamed');
    expect(index.size).toBe(3);
  });

  it('survives parent cycles from a hostile file: every span is shown once', () => {
    const index = indexOf(
      makeSpan('a', { parent: 'b', start: 1 }),
      makeSpan('b', { parent: 'a', start: 2 }),
      makeSpan('self', { parent: 'self', start: 3 }),
    );
    const shown = flattenTree(index, { collapsed: new Set() }).filter((r) => r.node.span).map((r) => r.node.key);
    expect(shown.sort()).toEqual(['a', 'b', 'self']);
  });

  it('handles a chain deeper than the call stack would allow recursively', () => {
    const index = new SpanIndex();
    index.upsert(makeSpan('s0', { start: 0 }));
    for (let i = 1; i < 20_000; i++) index.upsert(makeSpan(`s${i}`, { parent: `s${i - 1}`, start: i }));
    const rows = flattenTree(index, { collapsed: new Set() });
    expect(rows.length).toBe(20_000);
    expect(rows[19_999].node.depth).toBe(19_999);
  });

  it('adds up tokens, cost and errors per subtree, per trace and per session', () => {
    const usage = (i: number, o: number, c: number) => ({
      [GEN_AI_USAGE_INPUT_TOKENS]: i,
      [GEN_AI_USAGE_OUTPUT_TOKENS]: o,
      [SPANLENS_COST_USD]: c,
    });
    const index = indexOf(
      makeSpan('root', { start: 0, end: 100 }),
      makeSpan('agent', { parent: 'root', start: 1, end: 90 }),
      makeSpan('llm1', { parent: 'agent', kind: 'llm', start: 2, attributes: usage(100, 10, 0.5) }),
      makeSpan('tool', { parent: 'agent', kind: 'tool', start: 3, error: 'boom' }),
      makeSpan('llm2', { parent: 'root', kind: 'llm', start: 4, attributes: usage(200, 20, 0.25) }),
      makeSpan('other', { trace: 't2', kind: 'llm', start: 200, attributes: usage(1, 1, 1) }),
    );
    const trace = index.trace('t1'.padEnd(32, '0'))!;
    const agent = trace.nodes.find((n) => n.key === 'agent')!;
    expect(agent.totals).toMatchObject({ spans: 3, errors: 1, inputTokens: 100, outputTokens: 10, cost: 0.5 });
    expect(trace.totals).toMatchObject({ spans: 5, errors: 1, inputTokens: 300, outputTokens: 30, cost: 0.75 });
    expect(trace.start).toBe(0);
    expect(trace.end).toBe(100);
    expect(index.totals()).toMatchObject({ spans: 6, inputTokens: 301, cost: 1.75 });
  });
});

describe('flattenTree', () => {
  const index = indexOf(
    makeSpan('root', { start: 0 }),
    makeSpan('a', { parent: 'root', start: 1 }),
    makeSpan('a1', { parent: 'a', start: 2, name: 'needle' }),
    makeSpan('b', { parent: 'root', start: 3 }),
  );

  it('skips the subtree of a collapsed row', () => {
    expect(keys(index, ['a'])).toEqual(['root', '  a', '  b']);
    expect(keys(index, ['root'])).toEqual(['root']);
    const rows = flattenTree(index, { collapsed: new Set(['a']) });
    expect(rows[1].expanded).toBe(false);
    expect(rows[1].node.hasChildren).toBe(true);
    expect(rows[2].node.hasChildren).toBe(false);
  });

  it('shows matches with their ancestors as context, ignoring collapse', () => {
    const rows = flattenTree(index, { collapsed: new Set(['root']), match: (s) => s.name === 'needle' });
    expect(rows.map((r) => [r.node.key, r.match])).toEqual([
      ['root', false],
      ['a', false],
      ['a1', true],
    ]);
  });
});
