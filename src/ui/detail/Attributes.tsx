/**
 * Every attribute of the span in a table. JSON-looking strings can be opened as a tree (parsed
 * only then); values cut at capture show their original length.
 */
import { useState } from 'preact/hooks';
import type { AttributeValue, Attributes as Attrs } from '../../core/span';
import { Highlighted } from '../Highlighted';
import { JsonTree, Literal } from './JsonTree';
import { originalLength, parseJson } from './payload';
import { pure } from '../pure';
import { Text } from './Text';

export function Attributes({ attributes, query }: { attributes: Attrs; query?: string }) {
  const keys = Object.keys(attributes).sort();
  if (!keys.length) return <div class="sl-d-muted">no attributes</div>;
  return (
    <table class="sl-d-attrs">
      <tbody>
        {keys.map((key) => (
          <Row key={key} name={key} value={attributes[key]!} query={query} original={originalLength(attributes, key)} />
        ))}
      </tbody>
    </table>
  );
}

interface RowProps {
  name: string;
  value: AttributeValue;
  query?: string;
  original?: number;
}

// Pure: while a span streams, only the rows whose value changed are rendered again.
const Row = pure(function Row({ name, value, query, original }: RowProps) {
  return (
    <tr>
      <th scope="row">
        <Highlighted text={name} query={query} />
      </th>
      <td>
        <Value value={value} query={query} original={original} />
      </td>
    </tr>
  );
});

function Value({ value, query, original }: Omit<RowProps, 'name'>) {
  const [tree, setTree] = useState(false);
  if (typeof value !== 'string') return <Literal value={value} />;
  const parsed = tree ? parseJson(value) : undefined;
  const jsonLike = /^\s*[[{]/.test(value);
  return (
    <>
      {jsonLike && (
        <button type="button" class="sl-d-more" aria-pressed={tree} onClick={() => setTree(!tree)}>
          {tree ? 'text' : 'tree'}
        </button>
      )}
      {parsed?.ok ? (
        <JsonTree value={parsed.value} query={query} />
      ) : (
        <>
          {tree && <span class="sl-d-note">not valid JSON </span>}
          <Text text={value} query={query} limit={300} originalLength={original} />
        </>
      )}
    </>
  );
}
