/**
 * A tool span: its arguments and result as JSON trees, and links back to the completion that
 * asked for the call and the one that read its result.
 */
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { Labeled } from './Labeled';
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
      <Labeled label="arguments" attributes={a} name={sem.GEN_AI_TOOL_CALL_ARGUMENTS} query={query} />
      <Labeled label="result" attributes={a} name={sem.GEN_AI_TOOL_CALL_RESULT} query={query} />
    </div>
  );
}
