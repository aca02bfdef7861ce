/**
 * A turn as the user felt it: from the input that started it to the first and last words painted
 * in the page, with the network marks between and the long tasks that held the page up. Numbers
 * first (input → first paint is what users feel; time to first byte is not), then the same marks
 * on one line, to scale.
 */
import { Fragment } from 'preact';
import { useMemo } from 'preact/hooks';
import type { SpanData } from '../../core/span';
import { formatDuration } from '../format';
import { turnMarks, type TurnMarks } from '../span-info';
import type { Spans } from './links';
import { Text } from './Text';

interface Props {
  root: SpanData;
  spans?: Spans;
}

/** Whether a trace's first span has anything to show here. */
export function hasTurnMarks(root: SpanData, spans?: Spans): boolean {
  const marks = turnMarks(root, traceSpans(root, spans));
  return marks.input !== undefined || marks.firstPaint !== undefined;
}

export function TurnLatency({ root, spans }: Props) {
  const marks = useMemo(() => turnMarks(root, traceSpans(root, spans)), [root, root.events.length, spans, spans?.size]);
  const origin = marks.input?.time ?? root.startTime;
  const from = marks.input ? 'input' : 'turn start';
  const rows: { label: string; time?: number }[] = [
    { label: `${from} → request`, time: marks.requestStart },
    { label: `${from} → first token`, time: marks.firstToken },
    { label: `${from} → first paint`, time: marks.firstPaint },
    { label: `${from} → last paint`, time: marks.lastPaint },
  ];
  const blocked = marks.longTasks.reduce((sum, task) => sum + task.duration, 0);
  return (
    <div class="sl-d-felt">
      <dl class="sl-d-grid">
        {marks.input && (
          <>
            <dt>Input</dt>
            <dd>
              {marks.input.type} <Text text={marks.input.target} limit={80} />
            </dd>
          </>
        )}
        {rows.map(({ label, time }) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd class={label.endsWith('first paint') ? 'sl-d-felt-key' : undefined}>{time === undefined ? 'not seen' : formatDuration(time - origin)}</dd>
          </Fragment>
        ))}
        <dt>Long tasks</dt>
        <dd>{marks.longTasks.length === 0 ? 'none' : `${marks.longTasks.length} · ${formatDuration(blocked)} blocked`}</dd>
      </dl>
      <MarksLine marks={marks} origin={origin} />
    </div>
  );
}

/** The marks on one line from the origin to the last mark, long tasks as red stretches. */
function MarksLine({ marks, origin }: { marks: TurnMarks; origin: number }) {
  const points: { label: string; time: number }[] = [];
  if (marks.requestStart !== undefined) points.push({ label: 'request', time: marks.requestStart });
  if (marks.firstToken !== undefined) points.push({ label: 'first token', time: marks.firstToken });
  if (marks.firstPaint !== undefined) points.push({ label: 'first paint', time: marks.firstPaint });
  if (marks.lastPaint !== undefined) points.push({ label: 'last paint', time: marks.lastPaint });
  const end = Math.max(origin + 1, ...points.map((p) => p.time), ...marks.longTasks.map((t) => t.start + t.duration));
  const at = (time: number) => `${Math.max(0, Math.min(100, ((time - origin) / (end - origin)) * 100))}%`;
  return (
    <div class="sl-d-felt-line" role="img" aria-label={points.map((p) => `${p.label} at ${formatDuration(p.time - origin)}`).join(', ')}>
      {marks.longTasks.map((task) => (
        <span class="sl-d-felt-task" style={{ left: at(task.start), width: `${(task.duration / (end - origin)) * 100}%` }} title={`long task ${formatDuration(task.duration)}`} />
      ))}
      {points.map((point) => (
        <span class={`sl-d-felt-mark sl-d-felt-${point.label.replace(' ', '-')}`} style={{ left: at(point.time) }} title={`${point.label} ${formatDuration(point.time - origin)}`} />
      ))}
    </div>
  );
}

function traceSpans(root: SpanData, spans?: Spans): SpanData[] {
  if (!spans) return [root];
  const out: SpanData[] = [];
  for (const span of spans.values()) if (span.traceId === root.traceId) out.push(span);
  return out;
}
