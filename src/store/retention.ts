/**
 * Which sessions to delete, oldest first. Pure functions over summaries, so the policy is tested
 * without a database; the store applies the result.
 */
import type { SessionSummary } from './types';

export interface RetentionLimits {
  maxSessions: number;
  maxBytes: number;
}

/**
 * The oldest sessions to delete so that at most maxSessions remain and their bytes fit in
 * maxBytes. Protected sessions (the current one) are never chosen, but they do count.
 */
export function sessionsOverLimits(
  sessions: readonly SessionSummary[],
  limits: RetentionLimits,
  protectedIds: ReadonlySet<string>,
): string[] {
  let count = sessions.length;
  let bytes = sessions.reduce((sum, s) => sum + (s.bytes ?? 0), 0);
  const doomed: string[] = [];
  for (const session of oldestFirst(sessions)) {
    if (count <= limits.maxSessions && bytes <= limits.maxBytes) break;
    if (protectedIds.has(session.id)) continue;
    doomed.push(session.id);
    count--;
    bytes -= session.bytes ?? 0;
  }
  return doomed;
}

/**
 * After the browser refused a write for lack of space: the oldest unprotected sessions holding at
 * least half of the unprotected bytes (at least one session), to make real room before retrying.
 */
export function sessionsToFreeSpace(
  sessions: readonly SessionSummary[],
  protectedIds: ReadonlySet<string>,
): string[] {
  const candidates = oldestFirst(sessions).filter((s) => !protectedIds.has(s.id));
  const total = candidates.reduce((sum, s) => sum + (s.bytes ?? 0), 0);
  const doomed: string[] = [];
  let freed = 0;
  for (const session of candidates) {
    if (doomed.length > 0 && freed >= total / 2) break;
    doomed.push(session.id);
    freed += session.bytes ?? 0;
  }
  return doomed;
}

/**
 * Never removed by the limits: the current session, and the newest earlier one, which is the
 * page before this reload (the one a developer reloads to look at), however big it is.
 */
export function keptByRetention(sessions: readonly SessionSummary[], currentId: string): Set<string> {
  const kept = new Set([currentId]);
  let previous: SessionSummary | undefined;
  for (const session of sessions) {
    if (session.id !== currentId && !session.imported && (!previous || session.started > previous.started)) {
      previous = session;
    }
  }
  if (previous) kept.add(previous.id);
  return kept;
}

function oldestFirst(sessions: readonly SessionSummary[]): SessionSummary[] {
  return [...sessions].sort((a, b) => a.started - b.started || a.lastSeen - b.lastSeen);
}
