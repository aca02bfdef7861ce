/**
 * Automatic tracing of LLM streams read with EventSource (a GET to the app's own route that
 * streams OpenAI-shaped chunks or AI SDK parts): see event-source-call.ts for which streams and
 * how a connection's life maps onto a span.
 *
 * `globalThis.EventSource` becomes a wrapper whose `new` returns a native EventSource (built with
 * Reflect.construct, so subclasses get their own prototype), whose `prototype` is the native
 * prototype (so `instanceof EventSource` holds for every instance) and whose statics
 * (CONNECTING, OPEN, CLOSED) are the native ones. `EventSource.prototype.close` is replaced to
 * learn when the app closes a stream (no event says so); it calls the native close first.
 * Limits: `es.constructor` is the native constructor, not the wrapper; a stream the app created
 * before spanlens loaded is not seen; named events (`event: x`) are not read, only `message`.
 */
import { getTracer } from '../../core/global';
import type { FetchInstrumentationOptions } from '../fetch/instrument-fetch';
import { compileCallConfig } from '../request-span';
import { watchEventSource, type EventSourceNatives, type EventSourceWatch } from './event-source-call';

export type EventSourceInstrumentationOptions = FetchInstrumentationOptions;

export interface EventSourceInstrumentation {
  uninstall(): void;
}

/** On globalThis, so that two copies of spanlens on one page wrap EventSource once. */
const INSTALLED = Symbol.for('spanlens.event_source.installed');
type Global = typeof globalThis & { [INSTALLED]?: { active: boolean } };

const NOOP: EventSourceInstrumentation = { uninstall() {} };

export function instrumentEventSource(options: EventSourceInstrumentationOptions = {}): EventSourceInstrumentation {
  const g = globalThis as Global;
  const Native = g.EventSource;
  if (g[INSTALLED]?.active || typeof Native !== 'function' || typeof EventTarget !== 'function') return NOOP;
  const installed = { active: true };
  const config = compileCallConfig({ ...options, recordHttp: false });
  const natives: EventSourceNatives = { addEventListener: EventTarget.prototype.addEventListener, removeEventListener: EventTarget.prototype.removeEventListener };
  const watches = new WeakMap<EventSource, EventSourceWatch>();

  const wrapper = function EventSource(this: unknown, ...args: unknown[]) {
    // Called without `new`: the native constructor throws its own TypeError.
    if (!new.target) return Reflect.apply(Native, this, args) as EventSource;
    const source = Reflect.construct(Native, args, new.target) as EventSource;
    if (installed.active) {
      const tracer = options.tracer ?? getTracer();
      try {
        watches.set(source, watchEventSource(tracer, config, natives, source, new URL(source.url)));
      } catch (error) {
        tracer.reportError('EventSource: start', error);
      }
    }
    return source;
  } as unknown as typeof EventSource;
  Object.defineProperty(wrapper, 'length', { value: Native.length });
  Object.defineProperty(wrapper, 'prototype', { value: Native.prototype, writable: false, enumerable: false, configurable: false });
  // Statics (CONNECTING, OPEN, CLOSED) through the prototype chain, as a subclass would have them.
  Object.setPrototypeOf(wrapper, Native);

  const proto = Native.prototype;
  const nativeClose = proto.close;
  const close = {
    close(this: EventSource) {
      const result = Reflect.apply(nativeClose, this, []) as void;
      const watch = installed.active ? watches.get(this) : undefined;
      if (watch) {
        watches.delete(this);
        try {
          watch.closedByApp();
        } catch (error) {
          (options.tracer ?? getTracer()).reportError('EventSource: close', error);
        }
      }
      return result;
    },
  }.close;
  const closeDescriptor = Object.getOwnPropertyDescriptor(proto, 'close') ?? { writable: true, enumerable: true, configurable: true };
  Object.defineProperty(proto, 'close', { ...closeDescriptor, value: close });
  const globalDescriptor = Object.getOwnPropertyDescriptor(g, 'EventSource') ?? { writable: true, enumerable: false, configurable: true };
  Object.defineProperty(g, 'EventSource', { ...globalDescriptor, value: wrapper });
  g[INSTALLED] = installed;

  return {
    uninstall() {
      if (!installed.active) return;
      // Replaced by someone else since: theirs stays, ours turns into a pass-through.
      installed.active = false;
      if (g.EventSource === wrapper) Object.defineProperty(g, 'EventSource', { ...globalDescriptor, value: Native });
      if (proto.close === close) Object.defineProperty(proto, 'close', { ...closeDescriptor, value: nativeClose });
      if (g[INSTALLED] === installed) delete g[INSTALLED];
    },
  };
}

export function isEventSourceInstrumented(): boolean {
  return (globalThis as Global)[INSTALLED]?.active === true;
}
