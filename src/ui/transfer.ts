/**
 * Files in and out of the panel: export a session or a trace as an OTLP/JSON download, and read
 * a trace file (picker or drop: OTLP/JSON, JSON Lines of it, or Jaeger JSON) into a read-only session.
 */
import { SPANLENS_PAGE_URL } from '../core/semconv';
import type { SpanData } from '../core/span';
import { decodeTraceFile } from '../export/import';
import { exportJson } from '../export/otlp';
import type { SessionSummary } from '../store/types';
import { sortedSpans, summarize, type OverlayState } from './state';
import { SpanIndex } from './tree';

/** Hand a text file to the browser's download machinery. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.click();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');

export function exportSpans(spans: readonly SpanData[], sessionId: string, what: string): void {
  downloadText(`spanlens-${what}-${stamp()}.otlp.json`, exportJson(spans, { sessionId, pageUrl: location.href }));
}

export async function exportSession(state: OverlayState, sessionId: string): Promise<void> {
  const spans = await state.sessionSpans(sessionId);
  exportSpans(spans, sessionId, 'session-' + sessionId.slice(0, 8));
}

export function exportTrace(state: OverlayState, traceId: string): void {
  const view = state.view.value;
  const spans = sortedSpans(view.index).filter((s) => s.traceId === traceId);
  exportSpans(spans, view.id, 'trace-' + traceId.slice(0, 8));
}

/**
 * Read a file, keep each session in it (in the store when there is one) and show the first one.
 * A bad file becomes one clear error notice naming the file and the first bad field.
 */
export async function importFile(state: OverlayState, file: File): Promise<void> {
  let sessions;
  try {
    sessions = decodeTraceFile(await file.text()).sessions;
  } catch (error) {
    state.notify(`Could not import ${file.name}: ${(error as Error).message}`, 'error');
    return;
  }
  if (!sessions.length || !sessions.some((s) => s.spans.length)) {
    state.notify(`${file.name} holds no spans`, 'warn');
    return;
  }
  let first: SessionSummary | undefined;
  for (const session of sessions) {
    const index = new SpanIndex();
    for (const span of session.spans) index.upsert(span);
    const started = session.spans.reduce((min, s) => Math.min(min, s.startTime), Infinity);
    const url = session.resource[SPANLENS_PAGE_URL];
    // A file exported from this very page must not take the place of the live session.
    const id = session.sessionId === state.liveView.id ? session.sessionId + '-imported' : session.sessionId;
    const summary = summarize(id, index.totals(), {
      started: Number.isFinite(started) ? started : Date.now(),
      lastSeen: Date.now(),
      url: typeof url === 'string' ? url : '',
      title: file.name,
      imported: true,
    });
    if (state.store) {
      try {
        summary.id = await state.store.importSession(summary, session.spans);
      } catch (error) {
        state.report('import into store', error);
      }
    }
    state.imports.set(summary.id, { summary, spans: session.spans });
    first ??= summary;
  }
  await state.refreshSessions();
  if (first) await state.openSession(first);
  state.notify(`Imported ${file.name}: ${sessions.length} session(s)`, 'info');
}
