/**
 * The page's side of the bridge (protocol.ts describes the whole exchange): remember the workers
 * the page creates, claim those that say hello, and add the spans they send to the page's tracer
 * (worker-spans.ts).
 *
 * `Worker` and `SharedWorker` become Proxies of the native constructors whose construct trap
 * calls the native one with the same arguments (and new.target, so subclasses work): the app
 * gets the native worker object, `instanceof`, `prototype`, statics and errors are unchanged.
 * uninstall() puts the native constructors back (where nobody replaced them since).
 */
import type { Tracer } from '../../core/tracer';
import { isMarked, MARK, WORKER_CHANNEL, type ClaimMessage, type HelloMessage, type WorkerType } from './protocol';
import { WorkerSpans } from './worker-spans';

export interface WorkerSpanReceiver {
  uninstall(): void;
}

/** Workers remembered before they say hello (a worker without spanlens never does). */
const MAX_CANDIDATES = 100;

interface Candidate {
  /** Where claims go: the worker itself, or a shared worker's port. */
  target: { postMessage(message: unknown, transfer: Transferable[]): void };
  url: string;
  type: WorkerType;
  connected: boolean;
}

const INSTALLED = Symbol.for('spanlens.workers.installed');
type Global = typeof globalThis & { [INSTALLED]?: boolean } & Record<string, unknown>;

const NOOP: WorkerSpanReceiver = { uninstall() {} };

export function receiveWorkerSpans(tracer: Tracer): WorkerSpanReceiver {
  const g = globalThis as Global;
  if (g[INSTALLED] || typeof BroadcastChannel !== 'function' || typeof MessageChannel !== 'function') return NOOP;
  let candidates: Candidate[] = [];
  const undo: Array<() => void> = [];

  const remember = (target: Candidate['target'], scriptUrl: unknown, type: WorkerType) => {
    const base = (globalThis as { document?: { baseURI?: string } }).document?.baseURI ?? (globalThis as { location?: { href?: string } }).location?.href;
    candidates.push({ target, url: new URL(String(scriptUrl), base).href, type, connected: false });
    if (candidates.length > MAX_CANDIDATES) candidates.shift();
  };
  hookConstructor(g, 'Worker', (worker, args) => remember(worker as Candidate['target'], args[0], 'dedicated'), tracer, undo);
  hookConstructor(g, 'SharedWorker', (shared, args) => remember((shared as { port: Candidate['target'] }).port, args[0], 'shared'), tracer, undo);

  const channel = new BroadcastChannel(WORKER_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    try {
      if (isMarked(event.data, 'hello')) claim(event.data as HelloMessage);
    } catch (error) {
      tracer.reportError('workers: hello', error);
    }
  };
  undo.push(() => channel.close());

  /** Offer a port to each of our workers with that script URL; the one whose id it is accepts. */
  const claim = (hello: HelloMessage) => {
    for (const candidate of candidates) {
      if (candidate.connected || candidate.url !== hello.url || candidate.type !== hello.type) continue;
      const { port1, port2 } = new MessageChannel();
      const spans = new WorkerSpans(tracer, { type: hello.type, url: hello.url, name: hello.name });
      port1.onmessage = (event: MessageEvent) => {
        try {
          if (isMarked(event.data, 'accepted')) {
            candidate.connected = true;
            // Connected workers need no more claims; keep the list short.
            candidates = candidates.filter((c) => !c.connected);
          }
          else if (isMarked(event.data, 'span')) spans.take(event.data);
        } catch (error) {
          tracer.reportError('workers: span', error);
        }
      };
      undo.push(() => port1.close());
      const message: ClaimMessage = { [MARK]: 'claim', id: hello.id };
      candidate.target.postMessage(message, [port2]);
    }
  };

  g[INSTALLED] = true;
  return {
    uninstall() {
      for (const step of undo.splice(0).reverse()) step();
      delete g[INSTALLED];
    },
  };
}

/** Replace `g[name]` by a Proxy that tells `seen` about each object the native constructor makes. */
function hookConstructor(
  g: Global,
  name: string,
  seen: (made: object, args: unknown[]) => void,
  tracer: Tracer,
  undo: Array<() => void>,
): void {
  const native = g[name];
  if (typeof native !== 'function') return;
  const proxy = new Proxy(native, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget) as object;
      try {
        seen(made, args);
      } catch (error) {
        tracer.reportError(`workers: ${name}`, error);
      }
      return made;
    },
  });
  g[name] = proxy;
  undo.push(() => {
    if (g[name] === proxy) g[name] = native;
  });
}
