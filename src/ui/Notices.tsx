/**
 * What the panel has to say about itself: the store running memory-only (and why), spanlens's
 * own internal errors, import results, messages from handle.notify(). The newest one shows; the
 * rest unfold on demand.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatClock } from './format';
import { IconButton } from './Icon';
import type { OverlayState } from './state';
import type { Notice, NoticeLevel } from './stores/notices';

function NoticeRow({ level, time, onDismiss, children }: { level: NoticeLevel; time?: number; onDismiss(): void; children: ComponentChildren }) {
  return (
    <div class={`sl-notice sl-notice-${level}`}>
      {time !== undefined && <span class="sl-notice-time">{formatClock(time)}</span>}
      <span class="sl-notice-text">{children}</span>
      <IconButton icon="close" label="Dismiss" onClick={onDismiss} />
    </div>
  );
}

export function Notices({ state }: { state: OverlayState }) {
  const [all, setAll] = useState(false);
  const [storeDismissed, setStoreDismissed] = useState(false);
  const store = state.sessions.storeState.value;
  const notices: Notice[] = state.notices.list.value;
  const memory = store?.mode === 'memory' && !storeDismissed;
  const skipped = store && store.skippedRecords > 0 && !storeDismissed ? store.skippedRecords : 0;
  if (!memory && !skipped && !notices.length) return null;
  const shown = all ? notices : notices.slice(-1);
  const dismissStore = () => setStoreDismissed(true);
  return (
    <div class="sl-notices" role="status">
      {memory && (
        <NoticeRow level="warn" onDismiss={dismissStore}>
          Storage is memory-only{store.reason ? `: ${store.reason}` : ''}. Spans will not survive a reload.
        </NoticeRow>
      )}
      {skipped > 0 && (
        <NoticeRow level="warn" onDismiss={dismissStore}>
          {skipped} stored records could not be read and were skipped.
        </NoticeRow>
      )}
      {shown.map((n) => (
        <NoticeRow key={n.id} level={n.level} time={n.time} onDismiss={() => state.notices.dismiss(n.id)}>
          {n.message}
        </NoticeRow>
      ))}
      {notices.length > 1 && (
        <div class="sl-notice-more">
          <button class="sl-link" onClick={() => setAll(!all)}>
            {all ? 'Show latest only' : `${notices.length - 1} earlier`}
          </button>
          <button class="sl-link" onClick={() => state.notices.dismiss()}>
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}
