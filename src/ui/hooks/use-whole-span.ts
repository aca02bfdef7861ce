/**
 * The span the details pane shows, whole: the panel holds a light copy of an ended span (its long
 * texts cut, see light-span.ts), so when such a span is selected its whole record is read from
 * the store. Until it arrives (or if it cannot be read) the light copy shows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SpanData } from '../../core/span';
import type { OverlayState } from '../state';

/** The span to show, and whether it is whole (false while only its light copy is here). */
export function useWholeSpan(state: OverlayState, sessionId: string, span: SpanData, clipped: boolean): { span: SpanData; whole: boolean } {
  const [whole, setWhole] = useState<SpanData | undefined>(undefined);
  const key = `${sessionId} ${span.spanId}`;
  useEffect(() => {
    setWhole(undefined);
    if (!clipped) return;
    let current = true;
    state.run('load span details', async () => {
      const loaded = await state.sessions.span(sessionId, span.spanId);
      if (current && loaded) setWhole(loaded);
    });
    return () => {
      current = false;
    };
  }, [key, clipped]);
  if (!clipped) return { span, whole: true };
  if (whole && whole.spanId === span.spanId) return { span: whole, whole: true };
  return { span, whole: false };
}
