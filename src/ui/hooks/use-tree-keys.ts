/**
 * The tree's keyboard: arrows, Home/End and PageUp/PageDown move the cursor; Right opens a row or
 * goes to its first child, Left closes it or goes to its parent; Enter or Space shows the details.
 */
import type { OverlayState } from '../state';
import { indexOf, ROW_HEIGHT } from './use-tree-scroll';

/** Where a key moves the cursor among `count` rows from row `at` (-1: none yet). */
function target(key: string, at: number, count: number, page: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return at + 1;
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return at + page;
    case 'PageUp':
      return at - page;
    default:
      return undefined;
  }
}

export function useTreeKeys(state: OverlayState, height: number, onPick: (key: string) => void) {
  const { selection, filters } = state;
  return (e: KeyboardEvent) => {
    // Keys can repeat faster than renders: read the current state, not this render's.
    const rows = state.rows.peek();
    if (!rows.length) return;
    const at = indexOf(rows, selection.active.peek());
    const row = rows[at];
    const node = row?.node;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const move = (to: number) => (selection.active.value = rows[Math.max(0, Math.min(rows.length - 1, to))].node.key);
    const to = target(e.key, at, rows.length, page);
    if (to !== undefined) move(to);
    else if (e.key === 'ArrowRight') {
      if (!node) move(0);
      else if (node.hasChildren && !row.expanded) selection.toggleCollapsed(node.key, false);
      else if (node.hasChildren) move(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (!node) move(0);
      else if (node.hasChildren && row.expanded && !filters.matcher.value) selection.toggleCollapsed(node.key, true);
      else if (node.parent >= 0) move(indexOf(rows, row.trace.nodes[node.parent].key));
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (node) onPick(node.key);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
}
