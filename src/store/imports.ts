/**
 * Imports: spans read from a file become a read-only session of their own, summarised here, once.
 * An import never deletes or replaces a session: under an id already taken (a re-import of an
 * export, another tab's live session, an earlier import) it is kept under a fresh one.
 */
import { snapshotSpan, type SpanData } from '../core/span';
import { estimateSpanBytes, readSpanRecord } from './records';
import { SessionTotals } from './session-totals';
import type { SessionSummary } from './types';

/** What a caller may say about an imported session; the rest is computed from its spans. */
export type ImportedSummary = Partial<SessionSummary> & { id: string };

export interface PreparedImport {
  summary: SessionSummary;
  /** The valid spans, moved to the session's id. */
  spans: SpanData[];
  /** Spans that were not valid records, left out. */
  skipped: number;
}

/** The spans' summary under `id`: totals from core/totals.ts, times from the spans unless given. */
export function prepareImport(id: string, given: ImportedSummary, spans: readonly SpanData[]): PreparedImport {
  const totals = new SessionTotals(id);
  const valid: SpanData[] = [];
  let lastTime = 0;
  for (const candidate of spans) {
    const checked = readSpanRecord(candidate);
    if (!checked) continue;
    const span = { ...snapshotSpan(checked), sessionId: id };
    totals.observe(span.endTime === undefined ? 'start' : 'end', span);
    totals.written(span.spanId, estimateSpanBytes(span));
    lastTime = Math.max(lastTime, span.endTime ?? span.startTime);
    valid.push(span);
  }
  const page = { url: given.url ?? '', title: given.title ?? '', userAgent: given.userAgent ?? '' };
  const computed = totals.summary(page, given.lastSeen ?? lastTime);
  const summary: SessionSummary = { ...computed, started: given.started ?? computed.started, imported: true };
  return { summary, spans: valid, skipped: spans.length - valid.length };
}

/** `id` if it is free, else the first free one of `id-imported`, `id-imported-2`, ... */
export async function freeImportId(id: string, isTaken: (id: string) => Promise<boolean>): Promise<string> {
  if (!(await isTaken(id))) return id;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${id}-imported` : `${id}-imported-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
