/**
 * How a worker's spans reach its page, without a single message of the app's own channels
 * changing (the page side is page-bridge.ts, the worker side worker-bridge.ts):
 *
 *   1. the page's spanlens wraps the `Worker` and `SharedWorker` constructors (a Proxy: the very
 *      worker object comes back) and remembers each worker's script URL;
 *   2. the worker entry, once loaded in the worker, says hello on a BroadcastChannel
 *      (`spanlens.workers`): its random id, script URL, name and type. The app's channels carry
 *      nothing; only spanlens listens on this one;
 *   3. a page that created a worker with that URL posts it a `claim` (the id, and a MessagePort)
 *      through the worker object. Only workers whose script says hello get claims, and the
 *      worker entry takes them before the app's listeners (stopImmediatePropagation; it is
 *      imported first, and a worker's messages are dispatched only once its script ran): the app
 *      never sees one. Another tab's worker with the same URL gets the claim too, sees an id not
 *      its own, and drops it: only the page that created the worker gets its spans;
 *   4. the worker answers `accepted` on the port, then sends every span event over it (start,
 *      update, end, with the span's data); the page adds them to its own tracer, so its panel,
 *      store and exports have them, marked with the worker's type, URL and name.
 * A shared worker says hello at every `connect`; every page that claims it gets its spans from
 * then on (the spans made before the first claim go to that first page).
 */
import type { SpanData } from '../../core/span';
import type { SpanEventType } from '../../core/tracer';

export const WORKER_CHANNEL = 'spanlens.workers';

/** The key that marks spanlens' messages (a string: structured clone drops symbol keys). */
export const MARK = '__spanlens_worker__';

export type WorkerType = 'dedicated' | 'shared';

/** Worker → every page of the origin, on the BroadcastChannel. */
export interface HelloMessage {
  [MARK]: 'hello';
  id: string;
  url: string;
  name: string;
  type: WorkerType;
}

/** Page → its own worker, through the worker object (`ports[0]` is the page's span port). */
export interface ClaimMessage {
  [MARK]: 'claim';
  id: string;
}

/** Worker → page, on the claimed port. */
export type PortMessage = { [MARK]: 'accepted'; id: string } | { [MARK]: 'span'; type: SpanEventType; span: SpanData };

export function isMarked(data: unknown, kind: string): boolean {
  return data !== null && typeof data === 'object' && (data as Record<string, unknown>)[MARK] === kind;
}
