/** A button that selects another span (not an anchor: nothing here navigates the page). */
import type { SpanData } from '../../core/span';

export function SpanLink({ span, onSelect, label }: { span: SpanData; onSelect?: (spanId: string) => void; label?: string }) {
  return (
    <button type="button" class="sl-d-link" disabled={!onSelect} title={span.spanId} onClick={() => onSelect?.(span.spanId)}>
      {label ?? span.name}
    </button>
  );
}
