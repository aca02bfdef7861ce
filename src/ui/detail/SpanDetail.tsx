/**
 * The details pane of the selected span: overview, conversation, tool run, documents, events,
 * attributes and raw JSON, each a collapsible section. Everything from the span is untrusted and
 * rendered as text (see Text.tsx); the pane re-renders with the same live span while it streams.
 */
import { useMemo } from 'preact/hooks';
import { safeJson } from '../../core/attributes';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { Attributes } from './Attributes';
import { Conversation } from './Conversation';
import { CopyButton } from './CopyButton';
import { Documents, hasDocuments } from './Documents';
import { Events } from './Events';
import { Labeled } from './Labeled';
import type { Spans } from './links';
import { Overview } from './Overview';
import { Section } from './Section';
import { Pre, Text } from './Text';
import { ToolRun } from './ToolRun';
import { hasTurnMarks, TurnLatency } from './TurnLatency';

export interface SpanDetailProps {
  /** The selected span; may be open (no endTime) and still streaming. */
  span: SpanData;
  /** Current epoch ms, for the running duration of open spans. */
  now: number;
  /** Search text to highlight. */
  query?: string;
  /** All spans of the session by spanId, for links (parent, tool calls). */
  spans?: Spans;
  /** Select another span. */
  onSelect?: (spanId: string) => void;
}

const MESSAGE_KEYS = [sem.GEN_AI_TOOL_DEFINITIONS, sem.GEN_AI_SYSTEM_INSTRUCTIONS, sem.GEN_AI_INPUT_MESSAGES, sem.GEN_AI_OUTPUT_MESSAGES];

export function SpanDetail({ span, now, query, spans, onSelect }: SpanDetailProps) {
  const a = span.attributes;
  const json = () => safeJson(span, 2) ?? '';
  const retrieval = span.kind === 'retriever' || span.kind === 'reranker' || hasDocuments(a);
  const hasMessages = MESSAGE_KEYS.some((k) => a[k] !== undefined);
  const hasTool = a[sem.GEN_AI_TOOL_CALL_ARGUMENTS] !== undefined || a[sem.GEN_AI_TOOL_CALL_RESULT] !== undefined || span.kind === 'tool';
  const copyMessages = () => safeJson(Object.fromEntries(MESSAGE_KEYS.filter((k) => a[k] !== undefined).map((k) => [k, a[k]])), 2) ?? '';
  return (
    <div class="sl-d" key={span.spanId}>
      <div class="sl-d-title">
        <span class={`sl-d-kind sl-d-kind-${span.kind}`}>{span.kind}</span>
        <span class="sl-d-name">
          <Text text={span.name} query={query} limit={200} />
        </span>
        <CopyButton text={() => span.spanId} label="copy id" />
      </div>
      <Section id="overview" title="Overview">
        <Overview span={span} now={now} spans={spans} onSelect={onSelect} />
      </Section>
      {span.parentSpanId === undefined && hasTurnMarks(span, spans) && (
        <Section id="felt" title="Felt by the user">
          <TurnLatency root={span} spans={spans} />
        </Section>
      )}
      {hasMessages && (
        <Section id="conversation" title="Conversation" actions={<CopyButton text={copyMessages} />}>
          <Conversation span={span} query={query} spans={spans} onSelect={onSelect} />
        </Section>
      )}
      {hasTool && (
        <Section id="tool" title="Tool call">
          <ToolRun span={span} query={query} spans={spans} onSelect={onSelect} />
        </Section>
      )}
      {retrieval ? (
        <Section id="documents" title="Documents">
          <Documents attributes={a} query={query} />
        </Section>
      ) : (
        (a[sem.INPUT_VALUE] !== undefined || a[sem.OUTPUT_VALUE] !== undefined) && (
          <Section id="io" title="Input / output">
            <Labeled label="input" attributes={a} name={sem.INPUT_VALUE} query={query} />
            <Labeled label="output" attributes={a} name={sem.OUTPUT_VALUE} query={query} />
          </Section>
        )
      )}
      {span.events.length > 0 && (
        <Section id="events" title={`Events (${span.events.length})`}>
          <Events span={span} query={query} />
        </Section>
      )}
      <Section id="attributes" title={`Attributes (${Object.keys(a).length})`} actions={<CopyButton text={() => safeJson(a, 2) ?? ''} />}>
        <Attributes attributes={a} query={query} />
      </Section>
      <Section id="raw" title="Raw JSON" open={false} actions={<CopyButton text={json} />}>
        <RawJson span={span} now={now} query={query} />
      </Section>
    </div>
  );
}

/** The span as JSON; serialised again only when it can have changed (an open span, another span). */
function RawJson({ span, now, query }: { span: SpanData; now: number; query?: string }) {
  const json = useMemo(() => safeJson(span, 2) ?? '', [span, span.endTime ?? now]);
  return <Pre text={json} query={query} limit={20000} />;
}
