/** A labelled payload (tool arguments, result, input, output), with its length before capture cut it. */
import type { Attributes } from '../../core/span';
import { Payload } from './JsonTree';
import { originalLength } from './payload';
import { CutNote } from './Text';

export function Labeled({ label, attributes, name, query }: { label: string; attributes: Attributes; name: string; query?: string }) {
  const value = attributes[name];
  if (value === undefined) return null;
  return (
    <div class="sl-d-call">
      <div class="sl-d-muted">
        {label}
        <CutNote original={originalLength(attributes, name)} />
      </div>
      <Payload value={value} query={query} />
    </div>
  );
}
