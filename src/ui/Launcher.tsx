/**
 * The small button that opens the panel, with badges for spans in flight and errors. Drag it
 * anywhere (mouse, or arrow keys while focused); its place is remembered.
 */
import { useRef, useState } from 'preact/hooks';
import { clamp, onArrows, startDrag } from './drag';
import { Icon } from './Icon';
import type { OverlayState } from './state';

export function Launcher({ state, failures, onOpen }: { state: OverlayState; failures: number; onOpen(): void }) {
  const { layout } = state;
  const saved = layout.prefs.value.launcher;
  const [pos, setPos] = useState(saved);
  // A drag ends with a click event too; that one must not open the panel.
  const dragged = useRef(false);
  const totals = state.liveTotals.value;
  const place = (right: number, bottom: number) => {
    const next = { right: clamp(right, 0, innerWidth - 48), bottom: clamp(bottom, 0, innerHeight - 32) };
    setPos(next);
    return next;
  };
  const label = `Open spanlens (${totals.open} running, ${failures} failed since last open)`;
  return (
    <button
      class="sl-launcher"
      style={{ right: `${clamp(pos.right, 0, innerWidth - 48)}px`, bottom: `${clamp(pos.bottom, 0, innerHeight - 32)}px` }}
      title={`${label} · drag to move`}
      aria-label={label}
      onPointerDown={(e) => {
        let last = pos;
        startDrag(
          e,
          (dx, dy) => (last = place(saved.right - dx, saved.bottom - dy)),
          (moved) => {
            dragged.current = moved;
            if (moved) layout.set({ launcher: last });
          },
        );
      }}
      onClick={() => (dragged.current ? (dragged.current = false) : onOpen())}
      onKeyDown={onArrows((dx, dy) => layout.set({ launcher: place(pos.right - dx, pos.bottom - dy) }))}
    >
      <Icon name="lens" />
      <span class="sl-launcher-name">spanlens</span>
      {totals.open > 0 && (
        <span class="sl-badge sl-badge-run" title="spans in flight">
          {totals.open}
        </span>
      )}
      {failures > 0 && (
        <span class="sl-badge sl-badge-err" title="spans failed since the panel was last open">
          {failures}
        </span>
      )}
    </button>
  );
}
