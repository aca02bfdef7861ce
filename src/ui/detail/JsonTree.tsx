/**
 * A collapsible JSON tree that stays cheap on big payloads: children are rendered only when their
 * node is expanded, at most PAGE at a time, and strings are clipped.
 */
import { useMemo, useState } from 'preact/hooks';
import { Highlighted } from '../Highlighted';
import { contains, readJson } from './payload';
import { pure } from '../pure';
import { More, Pre, Text } from './Text';

const PAGE = 100;

interface NodeProps {
  name?: string;
  value: unknown;
  query?: string;
  depth: number;
}

export function JsonTree({ value, query, name }: { value: unknown; query?: string; name?: string }) {
  return (
    <div class="sl-d-json">
      <JsonNode name={name} value={value} query={query} depth={0} />
    </div>
  );
}

/** A value that may be a JSON string: as a tree when it parses to an object, else as text. */
export function Payload({ value, query, limit }: { value: unknown; query?: string; limit?: number }) {
  const parsed = useMemo(() => readJson(value), [value]);
  if (value === undefined) return null;
  if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') return <JsonTree value={parsed.value} query={query} />;
  return <Pre text={String(value)} query={query} limit={limit} />;
}

// Pure: a tree stays open while its span streams, and unchanged subtrees are skipped.
const JsonNode = pure(function JsonNode({ name, value, query, depth }: NodeProps) {
  const [toggled, setOpen] = useState<boolean>();
  const [shown, setShown] = useState(PAGE);
  // Open by default: the root, and nodes holding a search match.
  const found = useMemo(() => !!query && depth > 0 && contains(value, query.toLowerCase()), [value, query]);
  const open = toggled ?? (depth === 0 || found);
  const key = name !== undefined && (
    <span class="sl-d-key">
      <Highlighted text={name} query={query} />:{' '}
    </span>
  );
  if (value === null || typeof value !== 'object') {
    return (
      <div class="sl-d-row">
        {key}
        <Leaf value={value} query={query} />
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const keys = isArray ? null : Object.keys(value);
  const size = isArray ? value.length : keys!.length;
  const summary = isArray ? `[${size}]` : `{${keys!.slice(0, 3).join(', ')}${size > 3 ? ', …' : ''}}`;
  return (
    <div class="sl-d-row">
      <button type="button" class="sl-d-tog" aria-expanded={open} onClick={() => setOpen(!open)}>
        {key}
        <span class="sl-d-muted">{summary}</span>
      </button>
      {open && (
        <div class="sl-d-kids">
          {Array.from({ length: Math.min(size, shown) }, (_, i) => {
            const k = isArray ? String(i) : keys![i]!;
            return <JsonNode key={k} name={k} value={(value as Record<string, unknown>)[k]} query={query} depth={depth + 1} />;
          })}
          {size > shown && (
            <More onClick={() => setShown(shown + PAGE)}>
              show {Math.min(PAGE, size - shown)} more of {size - shown}
            </More>
          )}
        </div>
      )}
    </div>
  );
});

function Leaf({ value, query }: { value: unknown; query?: string }) {
  if (typeof value === 'string') {
    return (
      <span class="sl-d-str">
        "<Text text={value} query={query} limit={500} />"
      </span>
    );
  }
  return <Literal value={value} />;
}

/** A number, boolean or null (a list of them as JSON), coloured by type. */
export function Literal({ value }: { value: unknown }) {
  return <span class={typeof value === 'number' ? 'sl-d-num' : 'sl-d-lit'}>{Array.isArray(value) ? JSON.stringify(value) : String(value)}</span>;
}
