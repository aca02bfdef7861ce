/**
 * Reading what the app is about to send, without touching it: the URL, the method, a copy of the
 * headers, and the body's text where that can be had without consuming anything the app owns.
 *
 * The app's arguments are read once (readArguments): a URL object is turned into its string, and
 * `init` into a plain copy of the members fetch reads. The native fetch then gets those, so a
 * getter or a `toString()` with side effects runs once, as without spanlens.
 */

export interface OutgoingRequest {
  url: URL;
  method: string;
  /** A copy: reading it never affects the request. */
  headers: Headers;
}

/**
 * The members of RequestInit, which fetch reads by name through the prototype chain (WebIDL
 * dictionaries do): the standard ones, Chromium's extras and undici's `dispatcher`.
 */
const REQUEST_INIT_MEMBERS = [
  'adAuctionHeaders',
  'attributionReporting',
  'body',
  'browsingTopics',
  'cache',
  'credentials',
  'dispatcher',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'method',
  'mode',
  'priority',
  'privateToken',
  'redirect',
  'referrer',
  'referrerPolicy',
  'sharedStorageWritable',
  'signal',
  'targetAddressSpace',
  'window',
] as const;

/**
 * `fetch(input, init, ...rest)` with each argument read once, as fetch itself reads them: input
 * a Request or a string (`String(url)` is what fetch does with anything else), init a plain
 * object holding the members fetch would read from it. Throws what reading them throws (a
 * getter's error, a Symbol input); fetch would reject with that same error.
 */
export function readArguments(args: readonly unknown[]): unknown[] {
  if (args.length === 0) return [];
  const [input, init, ...rest] = args;
  const href = typeof input === 'string' || isRequest(input) ? input : String(input);
  if (args.length < 2) return [href];
  return [href, init !== null && typeof init === 'object' ? copyInit(init) : init, ...rest];
}

/**
 * A plain copy of init: its own enumerable properties (as a spread takes them: an app's extra
 * members such as Next.js' `next` stay), plus every RequestInit member it inherits (a class
 * instance with getters, `Object.create(defaults)`, a Request passed as init).
 */
function copyInit(init: object): RequestInit {
  const copy: Record<string, unknown> = { ...init };
  for (const name of REQUEST_INIT_MEMBERS) {
    if (!Object.hasOwn(copy, name) && name in init) copy[name] = (init as Record<string, unknown>)[name];
  }
  return copy as RequestInit;
}

/** URL, method and headers of `fetch(input, init)`; undefined when fetch itself would reject. */
export function describeRequest(input: unknown, init: RequestInit | undefined, base: string | undefined): OutgoingRequest | undefined {
  const request = isRequest(input) ? input : undefined;
  const href = request ? request.url : input instanceof URL ? input.href : String(input);
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  let headers: Headers;
  try {
    headers = new Headers(init?.headers ?? request?.headers);
  } catch {
    return undefined;
  }
  return { url, method, headers };
}

export function isRequest(value: unknown): value is Request {
  return typeof Request === 'function' && value instanceof Request;
}

/**
 * The body's text: now (a string), later (a Blob, a Request: a promise), not at all (the reason),
 * or undefined when there is no body.
 */
export type BodyText = string | Promise<string> | { unreadable: string } | undefined;

/**
 * Must be called BEFORE the native fetch: a Request's body can only be cloned before fetch
 * consumes it. Never reads a stream the app gave us; a Request is read through a clone, unless
 * its body is the app's own stream (cloning tees it, and reading one branch would pull the whole
 * upload into memory ahead of the network).
 */
export function readBodyText(input: unknown, init: RequestInit | undefined): BodyText {
  const body = init?.body;
  if (body !== undefined && body !== null) return fromBodyInit(body);
  if (isRequest(input)) {
    const stream = input.body;
    if (stream === null) return undefined;
    if (input.bodyUsed) return { unreadable: 'request body already used' };
    if (!isByteStream(stream)) return { unreadable: 'request body is a stream (left for the app, not read)' };
    return input.clone().text();
  }
  return undefined;
}

/**
 * The body of a Request built from a string, bytes, a Blob or form data is a byte stream made by
 * the platform; a ReadableStream the app made is (almost always) a default stream, which refuses
 * a BYOB reader. Taking and releasing a reader neither reads nor disturbs the stream.
 */
function isByteStream(stream: ReadableStream): boolean {
  if (stream.locked) return false;
  try {
    stream.getReader({ mode: 'byob' }).releaseLock();
    return true;
  } catch {
    return false;
  }
}

function fromBodyInit(body: BodyInit): BodyText {
  if (typeof body === 'string') return body;
  if (isA(body, 'URLSearchParams')) return body.toString();
  // Decoding reads the bytes without changing them; fetch copies them itself.
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new TextDecoder().decode(body);
  if (isA(body, 'Blob')) return (body as Blob).text();
  if (isA(body, 'FormData')) return { unreadable: 'request body is form data' };
  if (isA(body, 'ReadableStream')) return { unreadable: 'request body is a stream (left for the app, not read)' };
  return { unreadable: 'request body of an unknown type' };
}

/** `value instanceof globalThis[name]`, where the platform has that class. */
function isA(value: unknown, name: 'URLSearchParams' | 'Blob' | 'FormData' | 'ReadableStream'): boolean {
  const type = globalThis[name] as unknown;
  return typeof type === 'function' && value instanceof type;
}
