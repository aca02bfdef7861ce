/**
 * Timed events of the span: first token, exceptions (type, message, stack trace), others with
 * their attributes.
 */
import { useState } from 'preact/hooks';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { formatDuration } from '../format';
import { More, Pre, Text } from './Text';

const FIRST = 100;

export function Events({ span, query }: { span: SpanData; query?: string }) {
  const [all, setAll] = useState(false);
  const more = all ? 0 : span.events.length - FIRST;
  return (
    <ol class="sl-d-events">
      {span.events.slice(0, all ? undefined : FIRST).map((event, i) => {
        const a = event.attributes ?? {};
        const exception = event.name === sem.EXCEPTION_EVENT;
        const stack = a[sem.EXCEPTION_STACKTRACE];
        const rest = Object.keys(a).filter((k) => !exception || !k.startsWith('exception.'));
        return (
          <li key={i}>
            <span class="sl-d-muted">+{formatDuration(event.time - span.startTime)} </span>
            <b class={exception ? 'sl-d-st-error' : undefined}>{event.name}</b>
            {exception && (
              <span class="sl-d-st-error">
                {' '}
                <Text text={`${a[sem.EXCEPTION_TYPE] ?? 'Error'}: ${a[sem.EXCEPTION_MESSAGE] ?? ''}`} query={query} limit={500} />
              </span>
            )}
            {rest.map((k) => (
              <span key={k} class="sl-d-muted">
                {' '}
                {k}=<Text text={String(a[k])} query={query} limit={200} />
              </span>
            ))}
            {typeof stack === 'string' && (
              <Pre class="sl-d-stack" text={stack} query={query} limit={1500} />
            )}
          </li>
        );
      })}
      {more > 0 && (
        <li>
          <More onClick={() => setAll(true)}>show {more} more events</More>
        </li>
      )}
    </ol>
  );
}
