/**
 * The tree's virtual scrolling: which rows are in view (plus OVERSCAN each side), the rows in view
 * kept in place when new traces arrive above them, and the keyboard cursor kept in view.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TreeRow } from '../tree';

export const ROW_HEIGHT = 22;
const OVERSCAN = 10;
/** Until the ResizeObserver reports the real height. */
const INITIAL_HEIGHT = 600;

/** The row's index in the list, -1 when it is not there. */
export const indexOf = (rows: TreeRow[], key: string | undefined) => rows.findIndex((r) => r.node.key === key);

export function useTreeScroll(rows: TreeRow[], active: string | undefined) {
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(INITIAL_HEIGHT);

  useLayoutEffect(() => {
    const el = body.current!;
    // The observer reports the first size after layout; reading it now would force a layout.
    const observer = new ResizeObserver(() => el.clientHeight && setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // New turns are inserted at the top: when scrolled down, keep the rows in view where they are.
  // The offset is the one the last scroll event reported: reading el.scrollTop right after a
  // render would force a layout in every streaming frame.
  const offset = useRef(0);
  const anchor = useRef<{ key: string; at: number } | undefined>(undefined);
  const remember = () => {
    const at = Math.floor(offset.current / ROW_HEIGHT);
    anchor.current = offset.current > 0 && rows[at] ? { key: rows[at].node.key, at } : undefined;
  };
  useLayoutEffect(() => {
    const a = anchor.current;
    if (a && rows[a.at]?.node.key !== a.key) {
      const now = indexOf(rows, a.key);
      if (now >= 0) {
        const el = body.current!;
        el.scrollTop = offset.current + (now - a.at) * ROW_HEIGHT;
        offset.current = el.scrollTop;
        setScrollTop(offset.current);
      }
    }
    remember();
  }, [rows]);

  // Keep the keyboard cursor in view (from the known offset and height: reading them from the
  // element would force a layout on every click).
  useEffect(() => {
    const el = body.current;
    const at = indexOf(rows, active);
    if (!el || at < 0) return;
    const top = at * ROW_HEIGHT;
    // The offset is updated at once: keys can repeat faster than scroll events arrive.
    if (top < offset.current) el.scrollTop = offset.current = top;
    else if (top + ROW_HEIGHT > offset.current + height) el.scrollTop = offset.current = top + ROW_HEIGHT - height;
  }, [active]);

  const onScroll = (e: Event) => {
    offset.current = (e.currentTarget as HTMLElement).scrollTop;
    setScrollTop(offset.current);
    remember();
  };

  return {
    body,
    height,
    onScroll,
    /** The rows to render: [first, last). */
    first: Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN),
    last: Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN),
  };
}
