/**
 * The conversation of an llm span as chat messages by role: system instructions (collapsed),
 * input messages, then the output. Tool calls and results sit inside their turn, linked to the
 * tool span that ran them.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { safeJson } from '../../core/attributes';
import * as sem from '../../core/semconv';
import type { Attributes, SpanData } from '../../core/span';
import { Highlighted } from '../Highlighted';
import { CopyButton } from './CopyButton';
import { Payload } from './JsonTree';
import { Labeled } from './Labeled';
import { contains, originalLength } from './payload';
import { toolSpanForCall, type Spans } from './links';
import { keepUnchanged, readInstructions, readMessages, type Message, type Part, type Read } from './messages';
import { pure } from '../pure';
import { SpanLink } from './SpanLink';
import { More, Pre, Text } from './Text';

interface Props {
  span: SpanData;
  query?: string;
  spans?: Spans;
  onSelect?: (spanId: string) => void;
}

/** What every message needs; kept stable across renders so unchanged messages are skipped. */
interface Ctx {
  query?: string;
  /** The tool span for a call id, unless it is the span shown. */
  tool: (callId: string) => SpanData | undefined;
  onSelect?: (spanId: string) => void;
}

export function Conversation({ span, query, spans, onSelect }: Props) {
  const a = span.attributes;
  const system = a[sem.GEN_AI_SYSTEM_INSTRUCTIONS];
  const instructions = useMemo(() => (system === undefined ? undefined : readInstructions(system)), [system]);
  const hasInput = a[sem.GEN_AI_INPUT_MESSAGES] !== undefined;
  const select = useRef(onSelect);
  select.current = onSelect;
  const ctx = useMemo<Ctx>(
    () => ({
      query,
      tool: (id) => {
        const tool = toolSpanForCall(spans, id);
        return tool?.spanId === span.spanId ? undefined : tool;
      },
      onSelect: onSelect && ((id) => select.current?.(id)),
    }),
    // spans.size: a tool span that starts later turns into a link.
    [query, spans, spans?.size, span.spanId, !onSelect],
  );
  return (
    <div class="sl-d-chat">
      <Labeled label="tools offered" attributes={a} name={sem.GEN_AI_TOOL_DEFINITIONS} query={query} />
      {instructions && <Bubble message={instructions} ctx={ctx} />}
      <Messages attributes={a} name={sem.GEN_AI_INPUT_MESSAGES} ctx={ctx} />
      {a[sem.GEN_AI_OUTPUT_MESSAGES] !== undefined && (instructions || hasInput) && <div class="sl-d-sep">output</div>}
      <Messages attributes={a} name={sem.GEN_AI_OUTPUT_MESSAGES} ctx={ctx} />
      {span.endTime === undefined && <div class="sl-d-muted sl-d-live">streaming…</div>}
    </div>
  );
}

/** Long agent conversations show their latest messages first; earlier ones on demand. */
const LATEST = 50;

/** The message list in one attribute, if the span has it. */
function Messages({ attributes, name, ctx }: { attributes: Attributes; name: string; ctx: Ctx }) {
  const value = attributes[name];
  const [all, setAll] = useState(false);
  // Parsed once per attribute string; messages that did not change keep their object (and bubble).
  const last = useRef<Read>();
  const read = useMemo(() => (last.current = keepUnchanged(last.current, readMessages(value))), [value]);
  if (value === undefined) return null;
  if ('raw' in read) {
    return (
      <div class="sl-d-raw">
        <div class="sl-d-note">not a readable message list; raw value:</div>
        {/* Capture may have cut the value, which is why it does not parse. */}
        <Pre text={read.raw} query={ctx.query} originalLength={originalLength(attributes, name)} />
      </div>
    );
  }
  const hidden = all ? 0 : Math.max(0, read.messages.length - LATEST);
  return (
    <>
      {hidden > 0 && <More onClick={() => setAll(true)}>show {hidden} earlier messages</More>}
      {read.messages.slice(hidden).map((m, i) => (
        <Bubble key={hidden + i} message={m} ctx={ctx} />
      ))}
    </>
  );
}

const Bubble = pure(function Bubble({ message, ctx }: { message: Message; ctx: Ctx }) {
  const system = message.role === 'system' || message.role === 'developer';
  const [toggled, setOpen] = useState<boolean>();
  // The system prompt starts collapsed, unless it holds a search match.
  const open = toggled ?? (!system || (!!ctx.query && contains(message.parts, ctx.query.toLowerCase())));
  const role = message.role.replace(/[^\w-]/g, '');
  return (
    <div class={`sl-d-msg sl-d-role-${role}`}>
      <div class="sl-d-mhead">
        <button type="button" class="sl-d-tog sl-d-role" aria-expanded={open} onClick={() => setOpen(!open)}>
          {message.role}
          {message.name && <span class="sl-d-muted"> ({message.name})</span>}
          {message.finish && <span class="sl-d-muted"> · finish: {message.finish}</span>}
          {!open && <span class="sl-d-muted"> · {preview(message)}</span>}
        </button>
        <CopyButton text={() => messageText(message)} />
      </div>
      {open && message.parts.map((p, i) => <PartView key={i} part={p} ctx={ctx} />)}
    </div>
  );
});

/** The message as the user would paste it: its text, or its parts as JSON when it has no text. */
function messageText(message: Message): string {
  const texts = message.parts.flatMap((p) => ('text' in p ? [p.text] : []));
  return texts.length ? texts.join('\n\n') : (safeJson(message.parts, 2) ?? '');
}

function preview(message: Message): string {
  const first = message.parts.find((p) => p.kind === 'text');
  const text = first && 'text' in first ? first.text : '';
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function PartView({ part, ctx }: { part: Part; ctx: Ctx }) {
  switch (part.kind) {
    case 'text':
      return <Pre text={part.text} query={ctx.query} limit={4000} />;
    case 'reasoning':
      return <Pre class="sl-d-reason" text={part.text} query={ctx.query} limit={1000} />;
    case 'call':
    case 'result': {
      const tool = part.id === undefined ? undefined : ctx.tool(part.id);
      return (
        <div class={`sl-d-call sl-d-${part.kind}`}>
          <div>
            {part.kind === 'call' ? '→ ' : '← result '}
            {part.kind === 'call' && (
              <b>
                <Highlighted text={part.name} query={ctx.query} />
              </b>
            )}
            {part.id !== undefined && <span class="sl-d-muted"> {part.id}</span>}
            {tool && <SpanLink span={tool} onSelect={ctx.onSelect} label={`↗ ${tool.name}`} />}
          </div>
          <Payload value={part.kind === 'call' ? part.args : part.value} query={ctx.query} />
        </div>
      );
    }
    case 'media':
      return (
        <div>
          <span class="sl-d-bin">{part.label}</span> {part.detail !== undefined && <Text text={part.detail} query={ctx.query} limit={200} />}
        </div>
      );
    default:
      return <Payload value={part.value} query={ctx.query} />;
  }
}
