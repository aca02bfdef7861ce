/**
 * Files in and out of the panel: export a session or a trace as an OTLP/JSON download, and read
 * a trace file (picker or drop: OTLP/JSON, JSON Lines of it, or Jaeger JSON) into a read-only session.
 */
import { SPANLENS_PAGE_URL } from '../core/semconv';
import type { SpanData } from '../core/span';
import { decodeTraceFile } from '../export/import';
import { exportJson } from '../export/otlp';
import type { OverlayState } from './state';
import { sortedSpans } from './stores/sessions';

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
  const spans = await state.sessions.spans(sessionId);
  exportSpans(spans, sessionId, 'session-' + sessionId.slice(0, 8));
}

export function exportTrace(state: OverlayState, traceId: string): void {
  const view = state.sessions.view.value;
  const spans = sortedSpans(view.index).filter((s) => s.traceId === traceId);
  exportSpans(spans, view.id, 'trace-' + traceId.slice(0, 8));
}

/**
 * Read a file, hand each session in it to the store (which keeps it, builds its summary and
 * says under which id) and show the first one. A bad file becomes one clear error notice naming
 * the file and the first bad field.
 */
export async function importFile(state: OverlayState, file: File): Promise<void> {
  const { notices, sessions, store } = state;
  let decoded;
  try {
    decoded = decodeTraceFile(await file.text()).sessions;
  } catch (error) {
    notices.notify(`Could not import ${file.name}: ${(error as Error).message}`, 'error');
    return;
  }
  if (!decoded.length || !decoded.some((s) => s.spans.length)) {
    notices.notify(`${file.name} holds no spans`, 'warn');
    return;
  }
  let first: string | undefined;
  for (const session of decoded) {
    const url = session.resource[SPANLENS_PAGE_URL];
    const id = await store.importSession(
      { id: session.sessionId, url: typeof url === 'string' ? url : '', title: file.name },
      session.spans,
    );
    first ??= id;
  }
  await sessions.refresh();
  const summary = sessions.list.value.find((s) => s.id === first);
  if (summary) await sessions.open(summary);
  notices.notify(`Imported ${file.name}: ${decoded.length} session(s)`, 'info');
}
