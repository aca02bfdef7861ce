/**
 * The worker's side of the bridge (protocol.ts describes the whole exchange): say hello, take the
 * page's claim, and send every event of the worker's tracer over the claimed port. Until a page
 * claims the worker, events wait in a bounded queue (a worker started before its page's spanlens,
 * or whose page has none, keeps at most MAX_QUEUED and counts what it dropped).
 */
import { newTraceId } from '../../core/ids';
import { snapshotSpan } from '../../core/span';
import type { Tracer } from '../../core/tracer';
import { isMarked, MARK, WORKER_CHANNEL, type HelloMessage, type PortMessage, type WorkerType } from './protocol';

const MAX_QUEUED = 2000;

export interface WorkerBridge {
  readonly id: string;
  /** Span events dropped while no page had claimed the worker. */
  readonly dropped: number;
  stop(): void;
}

interface WorkerScope {
  location: { href: string };
  name?: string;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
}

export function startWorkerBridge(tracer: Tracer, scope: WorkerScope = globalThis as unknown as WorkerScope): WorkerBridge {
  const id = newTraceId();
  // Only a shared worker's global has `onconnect`.
  const type: WorkerType = 'onconnect' in scope ? 'shared' : 'dedicated';
  const ports: MessagePort[] = [];
  let queue: PortMessage[] = [];
  let dropped = 0;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(WORKER_CHANNEL) : undefined;

  const send = (message: PortMessage) => {
    if (ports.length === 0) {
      if (queue.length >= MAX_QUEUED) {
        queue.shift();
        dropped++;
      }
      queue.push(message);
      return;
    }
    for (const port of ports) {
      try {
        port.postMessage(message);
      } catch (error) {
        tracer.reportError('worker: send span', error);
      }
    }
  };
  const unsubscribe = tracer.subscribe((event, span) => send({ [MARK]: 'span', type: event, span: snapshotSpan(span) }));

  const hello = () => {
    const message: HelloMessage = { [MARK]: 'hello', id, url: scope.location.href, name: typeof scope.name === 'string' ? scope.name : '', type };
    channel?.postMessage(message);
  };

  /** A page's claim: ours if the id is ours; either way spanlens' message, not the app's. */
  const onMessage = (event: MessageEvent) => {
    if (!isMarked(event.data, 'claim')) return;
    event.stopImmediatePropagation();
    const port = event.ports?.[0];
    if ((event.data as { id?: unknown }).id !== id || !port || ports.includes(port)) return;
    ports.push(port);
    port.postMessage({ [MARK]: 'accepted', id } satisfies PortMessage);
    const waiting = queue;
    queue = [];
    for (const message of waiting) port.postMessage(message);
  };

  /** A shared worker: claims come on each connection's port; hello again for each new page. */
  const onConnect = (event: MessageEvent) => {
    const port = event.ports?.[0];
    if (!port) return;
    port.addEventListener('message', onMessage);
    hello();
  };

  if (type === 'shared') scope.addEventListener('connect', onConnect);
  else scope.addEventListener('message', onMessage);
  hello();

  return {
    id,
    get dropped() {
      return dropped;
    },
    stop() {
      unsubscribe();
      scope.removeEventListener('message', onMessage);
      scope.removeEventListener('connect', onConnect);
      channel?.close();
      for (const port of ports.splice(0)) port.close();
      queue = [];
    },
  };
}
