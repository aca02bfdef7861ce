/**
 * The key facts of a span at a glance: status, timing, model, tokens, cost.
 */
import { Fragment, type ComponentChildren } from 'preact';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { formatClock, formatCost, formatCount, formatDuration } from '../format';
import { spanContextFill, spanCost, spanDuration, spanModel, spanOutputRate, spanTimeToFirstToken } from '../span-info';
import type { Spans } from './links';
import { SpanLink } from './SpanLink';
import { Text } from './Text';

interface Props {
  span: SpanData;
  now: number;
  spans?: Spans;
  onSelect?: (spanId: string) => void;
}

export function Overview({ span, now, spans, onSelect }: Props) {
  const a = span.attributes;
  const rows: Array<{ label: string; value: ComponentChildren }> = [];
  const add = (label: string, value: ComponentChildren) => {
    if (value !== undefined && value !== null && value !== '') rows.push({ label, value });
  };
  const attr = (key: string) => {
    const v = a[key];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(', ') : String(v);
  };
  const open = span.endTime === undefined;

  add(
    'Status',
    <span class={`sl-d-st-${span.status.code}`}>
      {open ? 'running' : span.status.code}
      {span.status.message && (
        <>
          {' – '}
          <Text text={span.status.message} limit={500} />
        </>
      )}
    </span>,
  );
  add('Duration', <span class={open ? 'sl-d-live' : undefined}>{formatDuration(spanDuration(span, now))}{open && ' …'}</span>);
  const ttft = spanTimeToFirstToken(span);
  add('First token', ttft === undefined ? undefined : formatDuration(ttft));
  add('Started', formatClock(span.startTime));
  const requested = attr(sem.GEN_AI_REQUEST_MODEL);
  const model = spanModel(span);
  add('Model', requested && model && requested !== model ? `${requested} → ${model}` : model);
  add('Provider', attr(sem.GEN_AI_PROVIDER_NAME));
  add('Operation', attr(sem.GEN_AI_OPERATION_NAME));
  add('Finish', attr(sem.GEN_AI_RESPONSE_FINISH_REASONS));
  add('Tokens', tokens(span));
  add('Context', contextGauge(span));
  const rate = spanOutputRate(span);
  add('Speed', rate === undefined ? undefined : `${rate < 10 ? rate.toFixed(1) : Math.round(rate)} tokens/s`);
  add('Painted', painted(span));
  add('Request', request(span));
  const cost = spanCost(span);
  add('Cost', cost === undefined ? undefined : formatCost(cost));
  add('Tool', attr(sem.GEN_AI_TOOL_NAME));
  add('Call id', attr(sem.GEN_AI_TOOL_CALL_ID));
  add('Error type', attr(sem.ERROR_TYPE));
  const http = [attr(sem.HTTP_REQUEST_METHOD), attr(sem.HTTP_RESPONSE_STATUS_CODE)].filter(Boolean).join(' ');
  add('HTTP', http);
  const parent = span.parentSpanId === undefined ? undefined : spans?.get(span.parentSpanId);
  add('Parent', parent ? <SpanLink span={parent} onSelect={onSelect} /> : span.parentSpanId);

  return (
    <dl class="sl-d-grid">
      {rows.map(({ label, value }) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** "label value · label value" for the attributes the span has. */
function list(span: SpanData, fields: [label: string, key: string][]): string | undefined {
  const parts: string[] = [];
  for (const [label, key] of fields) {
    const v = span.attributes[key];
    if (v !== undefined) parts.push(`${label} ${typeof v === 'number' && Number.isInteger(v) ? formatCount(v) : String(v)}`);
  }
  return parts.length ? parts.join(' · ') : undefined;
}

const tokens = (span: SpanData) =>
  list(span, [
    ['in', sem.GEN_AI_USAGE_INPUT_TOKENS],
    ['out', sem.GEN_AI_USAGE_OUTPUT_TOKENS],
    ['cached', sem.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
    ['cache write', sem.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
    ['reasoning', sem.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
  ]);

/** The sampling parameters the call asked for. */
const request = (span: SpanData) =>
  list(span, [
    ['temperature', sem.GEN_AI_REQUEST_TEMPERATURE],
    ['top_p', sem.GEN_AI_REQUEST_TOP_P],
    ['max_tokens', sem.GEN_AI_REQUEST_MAX_TOKENS],
    ['seed', sem.GEN_AI_REQUEST_SEED],
    ['stream', sem.GEN_AI_REQUEST_STREAM],
  ]);

/** How full the context window was, as a number and a bar (models in the context-window table). */
function contextGauge(span: SpanData): ComponentChildren {
  const fill = spanContextFill(span);
  if (!fill) return undefined;
  const percent = fill.share * 100;
  const shown = percent < 1 ? percent.toFixed(2) : percent < 10 ? percent.toFixed(1) : Math.round(percent).toString();
  return (
    <span class="sl-d-gauge-row">
      <span class="sl-d-gauge" role="meter" aria-valuemin={0} aria-valuemax={fill.window} aria-valuenow={fill.inputTokens} aria-label="context used">
        <span class={fill.share > 0.8 ? 'sl-d-gauge-fill sl-d-gauge-high' : 'sl-d-gauge-fill'} style={{ width: `${Math.min(100, percent)}%` }} />
      </span>
      {`${shown}% of ${formatCount(fill.window)}`}
    </span>
  );
}

/** When the answer's first and last words showed in the page, from the span's start. */
function painted(span: SpanData): string | undefined {
  const first = span.events.find((e) => e.name === sem.SPANLENS_PAGE_FIRST_PAINT);
  const last = span.events.find((e) => e.name === sem.SPANLENS_PAGE_LAST_PAINT);
  if (!first && !last) return undefined;
  const parts: string[] = [];
  if (first) parts.push(`first +${formatDuration(first.time - span.startTime)}`);
  if (last) parts.push(`last +${formatDuration(last.time - span.startTime)}`);
  return parts.join(' · ');
}
