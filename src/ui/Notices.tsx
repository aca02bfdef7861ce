/**
 * What the panel has to say about itself: the store running memory-only (and why), spanlens's
 * own internal errors, import results, messages from handle.notify(). The newest one shows; the
 * rest unfold on demand.
 */
import { useState } from 'preact/hooks';
import { formatClock } from './format';
import { Icon } from './Icon';
import type { Notice, OverlayState } from './state';

export function Notices({ state }: { state: OverlayState }) {
  const [all, setAll] = useState(false);
  const [storeDismissed, setStoreDismissed] = useState(false);
  const store = state.storeState.value;
  const notices: Notice[] = state.notices.value;
  const memory = store?.mode === 'memory' && !storeDismissed;
  const skipped = store && store.skippedRecords > 0 && !storeDismissed ? store.skippedRecords : 0;
  if (!memory && !skipped && !notices.length) return null;
  const shown = all ? notices : notices.slice(-1);
  return (
    <div class="sl-notices" role="status">
      {memory && (
        <div class="sl-notice sl-notice-warn">
          <span class="sl-notice-text">
            Storage is memory-only{store.reason ? `: ${store.reason}` : ''}. Spans will not survive a reload.
          </span>
          <button class="sl-icon-btn" title="Dismiss" aria-label="Dismiss" onClick={() => setStoreDismissed(true)}>
            <Icon name="close" />
          </button>
        </div>
      )}
      {skipped > 0 && (
        <div class="sl-notice sl-notice-warn">
          <span class="sl-notice-text">{skipped} stored records could not be read and were skipped.</span>
          <button class="sl-icon-btn" title="Dismiss" aria-label="Dismiss" onClick={() => setStoreDismissed(true)}>
            <Icon name="close" />
          </button>
        </div>
      )}
      {shown.map((n) => (
        <div key={n.id} class={`sl-notice sl-notice-${n.level}`}>
          <span class="sl-notice-time">{formatClock(n.time)}</span>
          <span class="sl-notice-text">{n.message}</span>
          <button class="sl-icon-btn" title="Dismiss" aria-label="Dismiss" onClick={() => state.dismiss(n.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
      {notices.length > 1 && (
        <div class="sl-notice-more">
          <button class="sl-link" onClick={() => setAll(!all)}>
            {all ? 'Show latest only' : `${notices.length - 1} earlier`}
          </button>
          <button class="sl-link" onClick={() => state.dismiss()}>
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}
