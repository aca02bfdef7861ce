/**
 * Untrusted text, rendered as text nodes only: base64 blobs summarised, long text clipped with a
 * "show all" button, search matches highlighted.
 */
import { useMemo, useState } from 'preact/hooks';
import { formatCount } from '../format';
import { Highlighted } from '../Highlighted';
import { splitBinary } from './payload';

export interface TextProps {
  text: string;
  query?: string;
  /** Characters shown before "show all". */
  limit?: number;
  /** Length of the value before spanlens cut it at capture time. */
  originalLength?: number;
}

export function Text({ text, query, limit = 2000, originalLength }: TextProps) {
  const [all, setAll] = useState(false);
  const { segments, end } = useMemo(() => splitBinary(text, all ? Infinity : limit), [text, all, limit]);
  const needle = query?.toLowerCase();
  const clipped = end < text.length;
  const matchHidden = useMemo(
    () => clipped && !!needle && text.toLowerCase().includes(needle, end - needle.length + 1),
    [text, end, needle],
  );
  return (
    <span class="sl-d-text">
      {segments.map((s, i) =>
        typeof s === 'string' ? <Highlighted key={i} text={s} query={query} /> : <span key={i} class="sl-d-bin">{s.binary}</span>,
      )}
      {clipped && (
        <button type="button" class="sl-d-more" onClick={() => setAll(true)}>
          … show all ({formatCount(text.length)} chars{matchHidden && ', more matches'})
        </button>
      )}
      {originalLength !== undefined && <span class="sl-d-note"> truncated at capture, original {formatCount(originalLength)} chars</span>}
    </span>
  );
}
