/** A labelled payload (tool arguments, result, input, output), with its length before capture cut it. */
import type { Attributes } from '../../core/span';
import { formatCount } from '../format';
import { Payload } from './JsonTree';
import { originalLength } from './payload';

export function Labeled({ label, attributes, name, query }: { label: string; attributes: Attributes; name: string; query?: string }) {
  const value = attributes[name];
  if (value === undefined) return null;
  const original = originalLength(attributes, name);
  return (
    <div class="sl-d-call">
      <div class="sl-d-muted">
        {label}
        {original !== undefined && <span class="sl-d-note"> truncated at capture, original {formatCount(original)} chars</span>}
      </div>
      <Payload value={value} query={query} />
    </div>
  );
}
