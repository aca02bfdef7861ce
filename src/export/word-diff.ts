/**
 * A word-level diff of two texts: the longest common subsequence of their tokens (words, runs of
 * whitespace, single punctuation marks), as a list of kept, added and removed pieces.
 *
 * The common prefix and suffix are taken off first (two answers of one prompt often share most of
 * their start), and the quadratic table is only built for what is left, up to MAX_CELLS cells;
 * beyond that the middle is reported as one removal and one addition (still a correct diff, only
 * a coarse one) so a huge text never stalls the panel.
 */

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPiece {
  op: DiffOp;
  text: string;
}

/** 4M cells of a Uint32Array: 16 MB at most, some tens of milliseconds. */
const MAX_CELLS = 4_000_000;

/** Words, whitespace runs and punctuation: joining the tokens gives the text back exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

export function wordDiff(before: string, after: string): DiffPiece[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pieces: DiffPiece[] = [];
  push(pieces, 'same', a.slice(0, start));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    push(pieces, 'removed', midA);
    push(pieces, 'added', midB);
  } else {
    for (const [op, token] of lcsOps(midA, midB)) push(pieces, op, [token]);
  }
  push(pieces, 'same', a.slice(endA));
  return pieces;
}

/** The edit script of the LCS table, removals before additions where both happen. */
function lcsOps(a: readonly string[], b: readonly string[]): Array<[DiffOp, string]> {
  const width = b.length + 1;
  // lengths[i * width + j]: LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const ops: Array<[DiffOp, string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push(['same', a[i]]);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      ops.push(['removed', a[i++]]);
    } else {
      ops.push(['added', b[j++]]);
    }
  }
  while (i < a.length) ops.push(['removed', a[i++]]);
  while (j < b.length) ops.push(['added', b[j++]]);
  return ops;
}

/** Append tokens, merging with the previous piece of the same kind. */
function push(pieces: DiffPiece[], op: DiffOp, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const text = tokens.join('');
  const last = pieces[pieces.length - 1];
  if (last && last.op === op) last.text += text;
  else pieces.push({ op, text });
}

/** How much changed: the share of characters not kept (0 identical, 1 nothing in common). */
export function changeRatio(pieces: readonly DiffPiece[]): number {
  let same = 0;
  let total = 0;
  for (const piece of pieces) {
    total += piece.text.length;
    if (piece.op === 'same') same += piece.text.length;
  }
  return total === 0 ? 0 : 1 - same / total;
}
