/** The pinned answers in effect, each with what it matches, how often it answered, and Unpin. */
import { useEffect, useState } from 'preact/hooks';
import type { PanelActions } from '../actions';

export function PinsList({ actions }: { actions: PanelActions }) {
  const [, setVersion] = useState(0);
  useEffect(() => actions.onPinsChange(() => setVersion((v) => v + 1)), [actions]);
  const pins = actions.pins();
  if (pins.length === 0) return null;
  return (
    <div class="sl-t-pins" role="region" aria-label="Pinned answers">
      <strong>Pinned answers</strong>
      <ul>
        {pins.map((pin) => (
          <li data-pin-id={pin.id}>
            <code>{pin.match.url}</code>
            {pin.match.model ? ` · ${pin.match.model}` : ''} · {pin.response.type === 'error' ? `HTTP ${pin.response.status}` : pin.response.type} · {pin.match.times ?? 'once'}
            {pin.options.persist ? ' · kept after reload' : ''} · answered {pin.hits}{' '}
            <button type="button" class="sl-btn" onClick={() => actions.removePin(pin.id)}>
              Unpin
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
