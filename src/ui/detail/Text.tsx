/**
 * Untrusted text, rendered as text nodes only: base64 blobs summarised, long text clipped with a
 * "show all" button, search matches highlighted.
 */
import type { ComponentChildren } from 'preact';
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
        <More onClick={() => setAll(true)}>
          … show all ({formatCount(text.length)} chars{matchHidden && ', more matches'})
        </More>
      )}
      <CutNote original={originalLength} />
    </span>
  );
}

/** Text in a preformatted block (`class` adds to sl-d-pre). */
export function Pre({ class: extra, ...text }: TextProps & { class?: string }) {
  return (
    <div class={extra ? `sl-d-pre ${extra}` : 'sl-d-pre'}>
      <Text {...text} />
    </div>
  );
}

/** The note on a value that capture cut: its length before. */
export function CutNote({ original }: { original?: number }) {
  return original === undefined ? null : <span class="sl-d-note"> truncated at capture, original {formatCount(original)} chars</span>;
}

/** A button that shows more of something (or acts on it: retry, tree). */
export function More({ onClick, children }: { onClick(): void; children: ComponentChildren }) {
  return (
    <button type="button" class="sl-d-more" onClick={onClick}>
      {children}
    </button>
  );
}
