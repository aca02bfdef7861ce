/**
 * New turns announced to screen readers, politely (they finish what they are reading first):
 * "New turn: chat gpt-4o" when a trace starts in the live session shown.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OverlayState } from './state';

export function TurnAnnouncer({ state }: { state: OverlayState }) {
  state.sessions.revision.value;
  const view = state.sessions.view.value;
  const traces = view.live ? view.index.traces() : [];
  const known = useRef<number | undefined>(undefined);
  const [message, setMessage] = useState('');
  useEffect(() => {
    // The traces there when the panel opened are not news.
    if (known.current !== undefined && traces.length > known.current) {
      const newest = traces.reduce((a, b) => (b.start > a.start ? b : a));
      setMessage(`New turn: ${newest.name}`);
    }
    known.current = traces.length;
  }, [traces.length]);
  return (
    <div class="sl-visually-hidden sl-announcer" aria-live="polite">
      {message}
    </div>
  );
}
