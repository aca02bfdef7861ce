/**
 * Automatic tracing of LLM calls made with XMLHttpRequest (axios' browser adapter, older SDKs,
 * hand-written code): the same endpoints, spans and traceparent rules as the fetch wrapper.
 *
 * Only three methods of `XMLHttpRequest.prototype` are replaced: `open` (remembers method, URL,
 * async), `setRequestHeader` (remembers the headers, to detect the format and scrub secrets) and
 * `send` (decides what to record, see xhr-call.ts). The constructor, the instances, the prototype
 * chain and every other member stay the native ones, so `new XMLHttpRequest()`, `instanceof`,
 * readyState, events, responseType, abort(), timeout, synchronous requests and upload events are
 * exactly what they were. Each replacement calls the native method with the app's own arguments
 * (open's optional arguments keep their count: `open(m, u, undefined)` is a synchronous request).
 */
import { getTracer } from '../../core/global';
import type { FetchInstrumentationOptions } from '../fetch/instrument-fetch';
import { compileCallConfig } from '../request-span';
import { beginXhrCall, type XhrCall, type XhrNatives, type XhrRequest } from './xhr-call';

/** The same options as the fetch instrumentation. */
export type XhrInstrumentationOptions = FetchInstrumentationOptions;

export interface XhrInstrumentation {
  uninstall(): void;
}

type Open = XMLHttpRequest['open'];
type Send = XMLHttpRequest['send'];
type SetRequestHeader = XMLHttpRequest['setRequestHeader'];

interface Installed {
  active: boolean;
}

/** On globalThis, so that two copies of spanlens on one page patch XMLHttpRequest once. */
const INSTALLED = Symbol.for('spanlens.xhr.installed');
type Global = typeof globalThis & { [INSTALLED]?: Installed };

const NOOP: XhrInstrumentation = { uninstall() {} };

/** What open() and setRequestHeader() said, per request object (never stored on it). */
interface Pending {
  request?: XhrRequest;
  call?: XhrCall;
}

/**
 * Patch XMLHttpRequest.prototype. Idempotent like instrumentFetch: a second call while installed
 * does nothing and returns a handle whose uninstall() does nothing.
 */
export function instrumentXhr(options: XhrInstrumentationOptions = {}): XhrInstrumentation {
  const g = globalThis as Global;
  const XHR = g.XMLHttpRequest;
  if (g[INSTALLED]?.active || typeof XHR !== 'function' || typeof EventTarget !== 'function') return NOOP;
  const proto = XHR.prototype;
  const originals = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
  const natives: XhrNatives = {
    setRequestHeader: originals.setRequestHeader,
    addEventListener: EventTarget.prototype.addEventListener,
    removeEventListener: EventTarget.prototype.removeEventListener,
  };
  const installed: Installed = { active: true };
  const config = compileCallConfig(options);
  const pending = new WeakMap<XMLHttpRequest, Pending>();
  const wrappers = {
    open: wrapOpen(installed, originals.open, pending),
    setRequestHeader: wrapSetRequestHeader(installed, originals.setRequestHeader, pending),
    send: wrapSend(installed, originals.send, pending, (xhr, request, body) => {
      const tracer = options.tracer ?? getTracer();
      try {
        return beginXhrCall(tracer, config, natives, xhr, request, body);
      } catch (error) {
        tracer.reportError('xhr: start', error);
        return undefined;
      }
    }),
  };
  for (const name of ['open', 'setRequestHeader', 'send'] as const) replaceMethod(proto, name, wrappers[name]);
  g[INSTALLED] = installed;
  return {
    uninstall() {
      if (!installed.active) return;
      // A method someone replaced since stays theirs; ours turn into pass-throughs.
      installed.active = false;
      for (const name of ['open', 'setRequestHeader', 'send'] as const) {
        if (proto[name] === wrappers[name]) replaceMethod(proto, name, originals[name]);
      }
      if (g[INSTALLED] === installed) delete g[INSTALLED];
    },
  };
}

export function isXhrInstrumented(): boolean {
  return (globalThis as Global)[INSTALLED]?.active === true;
}

/** Same property attributes as the native method (writable, enumerable, configurable). */
function replaceMethod<K extends 'open' | 'send' | 'setRequestHeader'>(proto: XMLHttpRequest, name: K, value: XMLHttpRequest[K]): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name) ?? { writable: true, enumerable: true, configurable: true };
  Object.defineProperty(proto, name, { ...descriptor, value });
}

/** `name` and `length` as the native method's, for code that looks. */
function likeNative<F extends Function>(wrapper: F, original: Function): F {
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  return wrapper;
}

function wrapOpen(installed: Installed, original: Open, pending: WeakMap<XMLHttpRequest, Pending>): Open {
  return likeNative(function open(this: XMLHttpRequest, ...args: unknown[]) {
    // The native open first: it throws for a bad method or URL, and then nothing changed.
    const result = Reflect.apply(original, this, args) as void;
    if (!installed.active) return result;
    try {
      const state = pending.get(this);
      // Opening again ends a request still in flight, without any event.
      state?.call?.superseded();
      pending.set(this, { request: describeOpen(args) });
    } catch {
      pending.delete(this);
    }
    return result;
  } as Open, original);
}

function wrapSetRequestHeader(installed: Installed, original: SetRequestHeader, pending: WeakMap<XMLHttpRequest, Pending>): SetRequestHeader {
  return likeNative(function setRequestHeader(this: XMLHttpRequest, ...args: unknown[]) {
    const result = Reflect.apply(original, this, args) as void;
    if (!installed.active) return result;
    try {
      pending.get(this)?.request?.headers.append(String(args[0]), String(args[1]));
    } catch {
      // A header value Headers rejects but XHR accepted: not worth failing over.
    }
    return result;
  } as SetRequestHeader, original);
}

type Begin = (xhr: XMLHttpRequest, request: XhrRequest, body: unknown) => XhrCall | undefined;

function wrapSend(installed: Installed, original: Send, pending: WeakMap<XMLHttpRequest, Pending>, begin: Begin): Send {
  return likeNative(function send(this: XMLHttpRequest, ...args: unknown[]) {
    const state = installed.active ? pending.get(this) : undefined;
    const request = state?.request;
    // Only the first send() after an open() (a second one throws InvalidStateError on its own).
    if (!state || !request || this.readyState !== 1) return Reflect.apply(original, this, args) as void;
    state.request = undefined;
    const call = begin(this, request, args[0]);
    state.call = call;
    if (!call) return Reflect.apply(original, this, args) as void;
    let result: void;
    try {
      result = Reflect.apply(original, this, args) as void;
    } catch (error) {
      call.threw(error);
      throw error;
    }
    call.sent();
    return result;
  } as Send, original);
}

/** Method, URL (resolved as XHR resolves it) and async flag of open()'s arguments. */
function describeOpen(args: unknown[]): XhrRequest | undefined {
  const base = (globalThis as { document?: { baseURI?: string }; location?: { href?: string } }).document?.baseURI ?? (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(String(args[1]), base);
  } catch {
    return undefined;
  }
  // Omitted: asynchronous; given (even as undefined): its truthiness.
  const async = args.length < 3 ? true : Boolean(args[2]);
  return { method: String(args[0]).toUpperCase(), url, headers: new Headers(), async };
}

