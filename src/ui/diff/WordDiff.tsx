/** A word diff as text: removed words struck through, added ones highlighted (never HTML). */
import type { DiffPiece } from '../../export/word-diff';

export function WordDiff({ pieces, side = 'both' }: { pieces: readonly DiffPiece[]; side?: 'both' | 'after' }) {
  return (
    <div class="sl-t-diff">
      {pieces.map((piece) => {
        if (piece.op === 'same') return <span>{piece.text}</span>;
        if (piece.op === 'added') return <ins class="sl-t-add">{piece.text}</ins>;
        return side === 'both' ? <del class="sl-t-del">{piece.text}</del> : null;
      })}
    </div>
  );
}
