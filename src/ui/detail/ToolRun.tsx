/**
 * A tool span: its arguments and result as JSON trees, and links back to the completion that
 * asked for the call and the one that read its result.
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { originalLength } from './Attributes';
import { Payload } from './JsonTree';
import { llmSpansForCall, type Spans } from './links';
import { SpanLink } from './SpanLink';

interface Props {
  span: SpanData;
  query?: string;
  spans?: Spans;
  onSelect?: (spanId: string) => void;
}

export function ToolRun({ span, query, spans, onSelect }: Props) {
  const a = span.attributes;
  const { requestedBy, readBy } = llmSpansForCall(span, spans);
  const block = (label: string, key: string) =>
    a[key] !== undefined && (
      <div class="sl-d-call">
        <div class="sl-d-muted">
          {label}
          {originalLength(a, key) !== undefined && ` (truncated at capture, original ${originalLength(a, key)!.toLocaleString('en-US')} chars)`}
        </div>
        <Payload value={a[key]} query={query} />
      </div>
    );
  return (
    <div>
      {(requestedBy || readBy) && (
        <div class="sl-d-links">
          {requestedBy && (
            <>
              called by <SpanLink span={requestedBy} onSelect={onSelect} />{' '}
            </>
          )}
          {readBy && (
            <>
              result read by <SpanLink span={readBy} onSelect={onSelect} />
            </>
          )}
        </div>
      )}
      {block('arguments', sem.GEN_AI_TOOL_CALL_ARGUMENTS)}
      {block('result', sem.GEN_AI_TOOL_CALL_RESULT)}
    </div>
  );
}
