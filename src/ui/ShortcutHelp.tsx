/**
 * The keyboard shortcuts, listed: `?` in the panel opens this, Escape or `?` closes it.
 */
import { DEFAULT_HOTKEY } from './hotkey';

interface Shortcut {
  keys: string;
  what: string;
}

export function shortcuts(hotkey: string): Shortcut[] {
  return [
    { keys: hotkey, what: 'open or close the panel (anywhere in the page)' },
    { keys: 'Escape', what: 'close the panel (or this list, or picking)' },
    { keys: '/', what: 'search spans' },
    { keys: '↑ ↓ Home End PageUp PageDown', what: 'move in the tree' },
    { keys: '← →', what: 'collapse or expand a row' },
    { keys: 'Enter or Space', what: 'show the row’s details' },
    { keys: 'p', what: 'pick an element of the page: select the span that wrote its text' },
    { keys: '?', what: 'this list' },
  ];
}

export function ShortcutHelp({ hotkey = DEFAULT_HOTKEY, onClose }: { hotkey?: string; onClose(): void }) {
  return (
    <div class="sl-help" role="dialog" aria-label="Keyboard shortcuts">
      <div class="sl-help-head">
        <strong>Keyboard shortcuts</strong>
        <button class="sl-link" onClick={onClose}>
          close
        </button>
      </div>
      <dl class="sl-help-list">
        {shortcuts(hotkey).map(({ keys, what }) => (
          <>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
    </div>
  );
}
