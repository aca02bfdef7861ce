/**
 * What the store does when a write fails: on a quota error, delete the oldest sessions (never the
 * current one) and retry once; anything else, or a second failure, means memory from now on.
 */
import { describe, isQuotaError } from './db';
import type { IdbBackend } from './idb-backend';
import { sessionsToFreeSpace } from './retention';
import type { SessionSummary } from './types';
import type { SpanBatch } from './writer';

/** The end of every reason to degrade. */
export const IN_MEMORY = 'this session continues in memory';

/** Resolves to undefined when the retry wrote the batch, else to the reason to continue in memory. */
export async function retryAfterWriteError(
  backend: IdbBackend,
  error: unknown,
  batch: SpanBatch,
  session: SessionSummary,
  currentId: string,
): Promise<string | undefined> {
  if (!isQuotaError(error)) return `writing to IndexedDB failed (${describe(error)}); ${IN_MEMORY}`;
  try {
    const sessions = await backend.listSessions();
    const doomed = sessionsToFreeSpace(sessions, new Set([currentId]));
    if (doomed.length > 0) {
      await backend.deleteSessions(doomed);
      await backend.write(batch, session);
      return undefined;
    }
  } catch (retryError) {
    error = retryError;
  }
  return `storage is full (${describe(error)}) even after deleting old sessions; ${IN_MEMORY} and is lost on reload`;
}
