/**
 * The panel's frame: its box for the dock in use (kept inside the viewport whatever was saved),
 * and the resize and move gestures that change the saved sizes.
 */
import { useEffect, useState } from 'preact/hooks';
import { clamp } from '../drag';
import type { Prefs } from '../prefs';
import type { LayoutStore } from '../stores/layout';

export const MIN_W = 360;
export const MIN_H = 160;
/** A docked panel leaves this much of the page visible. */
const PAGE_MARGIN = 24;

export interface Box {
  left: number;
  top: number;
  w: number;
  h: number;
}

/** The viewport without the page's scrollbars: a docked panel leaves them usable. */
function viewport() {
  const root = document.documentElement;
  return { w: root.clientWidth || innerWidth, h: root.clientHeight || innerHeight };
}

export function useViewport() {
  const [size, setSize] = useState(viewport);
  useEffect(() => {
    const onResize = () => setSize(viewport());
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** The frame's box for a dock, kept inside the viewport. */
export function frameBox(prefs: Prefs, vw: number, vh: number): Box {
  if (prefs.dock === 'bottom') {
    const h = clamp(prefs.bottomHeight, MIN_H, vh - PAGE_MARGIN);
    return { left: 0, top: vh - h, w: vw, h };
  }
  if (prefs.dock === 'right') {
    const w = clamp(prefs.rightWidth, MIN_W, vw - PAGE_MARGIN);
    return { left: vw - w, top: 0, w, h: vh };
  }
  const w = clamp(prefs.floating.w, MIN_W, vw);
  const h = clamp(prefs.floating.h, MIN_H, vh);
  return { left: clamp(prefs.floating.x, 0, vw - w), top: clamp(prefs.floating.y, 0, vh - h), w, h };
}

export function usePanelFrame(layout: LayoutStore) {
  const prefs = layout.prefs.value;
  const { w: vw, h: vh } = useViewport();
  const box = frameBox(prefs, vw, vh);

  /** Resize from the handle: bottom → height, right → width, floating → both (corner). */
  const resize = (dx: number, dy: number, from: Prefs) => {
    if (from.dock === 'bottom') {
      layout.set({ bottomHeight: clamp(from.bottomHeight - dy, MIN_H, vh - PAGE_MARGIN) });
    } else if (from.dock === 'right') {
      layout.set({ rightWidth: clamp(from.rightWidth - dx, MIN_W, vw - PAGE_MARGIN) });
    } else {
      const w = clamp(box.w + dx, MIN_W, vw - box.left);
      const h = clamp(box.h + dy, MIN_H, vh - box.top);
      layout.set({ floating: { ...from.floating, w, h } });
    }
  };

  /** Move a floating panel by its grip or header. */
  const move = (dx: number, dy: number, from: Prefs) => {
    const x = clamp(box.left + dx, 0, vw - box.w);
    const y = clamp(box.top + dy, 0, vh - box.h);
    layout.set({ floating: { ...from.floating, x, y } });
  };

  return { box, resize, move };
}
