/**
 * The session switcher: the live session, earlier ones from the store and imported files, each
 * with its totals; open one (read-only), export it, delete it, or import a file.
 */
import { useState } from 'preact/hooks';
import { formatCost, formatTokens } from './format';
import { Icon, IconButton } from './Icon';
import type { OverlayState } from './state';
import type { SessionSummary } from '../store/types';
import { exportSession } from './transfer';

/** Where a listed session comes from, as its pill says. */
function origin(summary: SessionSummary, isLive: boolean): string {
  if (isLive) return 'live';
  if (summary.imported) return 'file';
  return 'stored';
}

function when(ms: number): string {
  return ms ? new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '';
}

export function Sessions({ state, onImport }: { state: OverlayState; onImport(): void }) {
  const { sessions } = state;
  const live = sessions.liveSummary(state.liveTotals.value, { started: performance.timeOrigin, url: location.href, title: document.title });
  const viewing = sessions.view.value.id;
  // Deleting takes a second click on the same button: nothing is lost to a stray click.
  const [confirming, setConfirming] = useState<string>();
  const row = (s: SessionSummary, isLive: boolean) => (
    <tr key={s.id} class={s.id === viewing ? 'sl-current' : undefined}>
      <td>
        <span class={`sl-pill${isLive ? ' sl-pill-live' : ''}`}>{origin(s, isLive)}</span>
      </td>
      <td class="sl-when">{when(s.started)}</td>
      <td class="sl-ellipsis sl-narrow-hide" title={s.url}>
        {s.title || s.url || s.id}
      </td>
      <td class="sl-c-num">{s.spanCount}</td>
      <td class={`sl-c-num sl-narrow-hide${s.errorCount ? ' sl-err-text' : ''}`}>{s.errorCount || ''}</td>
      <td class="sl-c-num sl-narrow-hide">{formatTokens(s.inputTokens + s.outputTokens)}</td>
      <td class="sl-c-num">{formatCost(s.costUsd)}</td>
      <td>
        <div class="sl-actions">
          <button class="sl-btn" onClick={() => state.run('open session', () => sessions.open(s))}>
            {s.id === viewing ? 'Viewing' : 'Open'}
          </button>
          <IconButton icon="download" label="Export session" title="Export as OTLP/JSON" onClick={() => state.run('export', () => exportSession(state, s.id))} />
          {!isLive &&
            (confirming === s.id ? (
              <button class="sl-btn sl-danger" onBlur={() => setConfirming(undefined)} onClick={() => state.run('delete session', () => sessions.delete(s.id))}>
                Delete?
              </button>
            ) : (
              <IconButton icon="trash" label="Delete session" class="sl-danger" onClick={() => setConfirming(s.id)} />
            ))}
        </div>
      </td>
    </tr>
  );
  return (
    <div class="sl-sessions">
      <div class="sl-tools">
        <button class="sl-btn" onClick={onImport}>
          <Icon name="upload" /> Import OTLP/JSON or Jaeger JSON…
        </button>
        <span class="sl-muted">or drop a file onto the panel</span>
        {sessions.storeState.value?.mode === 'memory' && <span class="sl-muted sl-right">Memory only: sessions are not kept after a reload.</span>}
      </div>
      <div class="sl-scroll">
        <table class="sl-table">
          <thead>
            <tr>
              <th />
              <th>Started</th>
              <th class="sl-narrow-hide">Page</th>
              <th class="sl-c-num">Spans</th>
              <th class="sl-c-num sl-narrow-hide">Errors</th>
              <th class="sl-c-num sl-narrow-hide">Tokens</th>
              <th class="sl-c-num">Cost</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {row(live, true)}
            {sessions.list.value.map((s) => row(s, false))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
