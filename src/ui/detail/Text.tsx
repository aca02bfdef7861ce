/**
 * Untrusted text, rendered as text nodes only: base64 blobs summarised, long text clipped with a
 * "show all" button, search matches highlighted.
 */
import { useMemo, useState } from 'preact/hooks';
import { Highlighted } from '../Highlighted';
import { splitBinary, type Segment } from './payload';

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
  const segments = useMemo(() => splitBinary(text), [text]);
  const shown = all ? segments : clip(segments, limit);
  const hidden = shown !== segments;
  const needle = query?.toLowerCase();
  const matchHidden = hidden && !!needle && text.toLowerCase().indexOf(needle, limit - needle.length) !== -1;
  return (
    <span class="sl-d-text">
      {shown.map((s, i) =>
        typeof s === 'string' ? <Highlighted key={i} text={s} query={query} /> : <span key={i} class="sl-d-bin">{s.binary}</span>,
      )}
      {hidden && (
        <button type="button" class="sl-d-more" onClick={() => setAll(true)}>
          … show all ({text.length.toLocaleString('en-US')} chars{matchHidden && ', more matches'})
        </button>
      )}
      {originalLength !== undefined && <span class="sl-d-note"> truncated at capture, original {originalLength.toLocaleString('en-US')} chars</span>}
    </span>
  );
}

/** The first `limit` characters of the segments; the same array when nothing is cut. */
function clip(segments: Segment[], limit: number): Segment[] {
  let left = limit;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const size = typeof s === 'string' ? s.length : s.binary.length;
    if (size > left) {
      const head = segments.slice(0, i);
      if (typeof s === 'string') head.push(s.slice(0, left));
      return head;
    }
    left -= size;
  }
  return segments;
}
