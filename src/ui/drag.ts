/**
 * Pointer dragging without global listeners: the pointer is captured by the element that was
 * pressed, so moves and the release arrive there even outside it, and nothing is left on window.
 */

/** Movement below this many px is a click, not a drag. */
const THRESHOLD = 4;

export function startDrag(
  event: PointerEvent,
  onMove: (dx: number, dy: number) => void,
  onEnd?: (moved: boolean) => void,
): void {
  if (event.button !== 0) return;
  const target = event.currentTarget as HTMLElement;
  const x0 = event.clientX;
  const y0 = event.clientY;
  let moved = false;
  try {
    target.setPointerCapture(event.pointerId);
  } catch {
    // Synthetic events have no active pointer to capture; moves still arrive while over target.
  }
  const move = (e: PointerEvent) => {
    const dx = e.clientX - x0;
    const dy = e.clientY - y0;
    if (!moved && Math.abs(dx) + Math.abs(dy) < THRESHOLD) return;
    moved = true;
    e.preventDefault();
    onMove(dx, dy);
  };
  const end = () => {
    target.removeEventListener('pointermove', move);
    target.removeEventListener('pointerup', end);
    target.removeEventListener('pointercancel', end);
    onEnd?.(moved);
  };
  target.addEventListener('pointermove', move);
  target.addEventListener('pointerup', end);
  target.addEventListener('pointercancel', end);
}

// The keyboard's way to drag: [dx, dy] of one arrow key press, in steps.
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** A keydown handler that moves by 16 px per arrow key (64 with Shift) and ignores other keys. */
export function onArrows(onMove: (dx: number, dy: number) => void): (event: KeyboardEvent) => void {
  return (event) => {
    const arrow = ARROWS[event.key];
    if (!arrow) return;
    event.preventDefault();
    const step = event.shiftKey ? 64 : 16;
    onMove(arrow[0] * step, arrow[1] * step);
  };
}

export const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(Math.max(min, max), value));
