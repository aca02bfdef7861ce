/**
 * Below a span's details: what to do with it. Feedback (any span); Replay, Compare and Pin answer
 * (llm spans, when the panel was given actions by install()); Diff (the span's trace against
 * another); Copy as Markdown is in the details bar.
 */
import { useState } from 'preact/hooks';
import type { SpanData } from '../../core/span';
import { FeedbackForm } from '../feedback/FeedbackForm';
import { TraceDiffView } from '../diff/TraceDiffView';
import { Compare, replaysOf } from '../replay/Compare';
import { ReplayEditor } from '../replay/ReplayEditor';
import type { OverlayState } from '../state';
import { PinEditor } from '../whatif/PinEditor';

type Tab = 'feedback' | 'replay' | 'compare' | 'pin' | 'diff';

export function SpanTools({ state, span, now }: { state: OverlayState; span: SpanData; now: number }) {
  const [tab, setTab] = useState<Tab | undefined>(undefined);
  // Replays stream into other spans than this one: follow every change of the session.
  state.sessions.revision.value;
  const clock = state.clock.value;
  const actions = state.actions;
  const index = state.sessions.view.value.index;
  const llm = span.kind === 'llm';
  const replays = llm ? replaysOf(index.spans, span).length : 0;
  const tabs: Array<[Tab, string]> = [];
  if (actions) tabs.push(['feedback', 'Feedback']);
  if (actions && llm) tabs.push(['replay', 'Replay'], ['compare', replays > 0 ? `Compare (${replays + 1})` : 'Compare'], ['pin', 'Pin answer']);
  tabs.push(['diff', 'Diff trace']);
  const run = (where: string, action: () => Promise<unknown>) => state.run(where, action);
  return (
    <section class="sl-t" aria-label="Span tools" data-span-id={span.spanId}>
      <div class="sl-t-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button type="button" role="tab" class="sl-tab" aria-selected={tab === id} onClick={() => setTab(tab === id ? undefined : id)}>
            {label}
          </button>
        ))}
      </div>
      {tab && (
        <div class="sl-t-body" role="tabpanel">
          {tab === 'feedback' && actions && <FeedbackForm span={span} actions={actions} run={run} />}
          {tab === 'replay' && actions && <ReplayEditor span={span} actions={actions} run={run} onSent={() => setTab('compare')} />}
          {tab === 'compare' && <Compare original={span} spans={index.spans} now={Math.max(now, clock)} onSelect={state.reveal} />}
          {tab === 'pin' && actions && <PinEditor span={span} actions={actions} />}
          {tab === 'diff' && <TraceDiffView index={index} traceId={span.traceId} sessions={state.sessions} />}
        </div>
      )}
    </section>
  );
}
