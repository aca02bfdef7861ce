/**
 * Compare: the original llm span and its replays in columns, live while they stream: the output
 * text (a replay's as a word diff against the original's), tool calls, tokens, latency, time to
 * first token, cost. A replay that failed shows its error in its column.
 */
import type { ComponentChildren } from 'preact';
import * as sem from '../../core/semconv';
import type { SpanData } from '../../core/span';
import { messagesText, readLlmExample, toolCalls } from '../../export/llm-example';
import { wordDiff } from '../../export/word-diff';
import { WordDiff } from '../diff/WordDiff';
import { formatCost, formatDuration, formatTokens } from '../format';

export function replaysOf(spans: ReadonlyMap<string, SpanData>, original: SpanData): SpanData[] {
  const out: SpanData[] = [];
  for (const span of spans.values()) if (span.attributes[sem.SPANLENS_REPLAY_OF] === original.spanId) out.push(span);
  return out.sort((a, b) => a.startTime - b.startTime);
}

export function Compare({ original, spans, now, onSelect }: { original: SpanData; spans: ReadonlyMap<string, SpanData>; now: number; onSelect: (id: string) => void }) {
  const replays = replaysOf(spans, original);
  if (replays.length === 0) return <p class="sl-d-note">No replays of this call yet: send one from the Replay tab.</p>;
  const originalText = messagesText(readLlmExample(original).output);
  return (
    <div class="sl-t-compare" style={{ gridTemplateColumns: `repeat(${replays.length + 1}, minmax(180px, 1fr))` }}>
      <Column span={original} title="original" now={now} onSelect={onSelect} text={<div class="sl-t-diff">{originalText}</div>} />
      {replays.map((replay, i) => {
        const text = messagesText(readLlmExample(replay).output);
        return <Column span={replay} title={`replay ${i + 1}`} now={now} onSelect={onSelect} text={<WordDiff pieces={wordDiff(originalText, text)} />} />;
      })}
    </div>
  );
}

function Column({ span, title, now, onSelect, text }: { span: SpanData; title: string; now: number; onSelect: (id: string) => void; text: ComponentChildren }) {
  const a = span.attributes;
  const example = readLlmExample(span);
  const running = span.endTime === undefined;
  const ttfc = a[sem.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  const calls = toolCalls(example.output);
  return (
    <section class="sl-t-col" data-span-id={span.spanId} aria-label={title}>
      <header>
        <button type="button" class="sl-d-link" onClick={() => onSelect(span.spanId)}>
          {title}
        </button>{' '}
        <span class="sl-muted">{example.model ?? ''}</span>
        {running && <span class="sl-d-live"> streaming</span>}
      </header>
      <dl class="sl-d-grid">
        <dt>latency</dt>
        <dd>{formatDuration((span.endTime ?? now) - span.startTime)}</dd>
        <dt>first token</dt>
        <dd>{typeof ttfc === 'number' ? formatDuration(ttfc * 1000) : '–'}</dd>
        <dt>tokens</dt>
        <dd>
          {formatTokens(example.usage.inputTokens ?? 0)} in · {formatTokens(example.usage.outputTokens ?? 0)} out
        </dd>
        <dt>cost</dt>
        <dd>{example.costUsd === undefined ? '–' : formatCost(example.costUsd)}</dd>
      </dl>
      {span.status.code === 'error' && <p class="sl-d-err">{span.status.message ?? 'failed'}</p>}
      {text}
      {calls.length > 0 && (
        <ul class="sl-t-calls">
          {calls.map((c) => (
            <li>
              <code>
                {c.name}({typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {})})
              </code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
