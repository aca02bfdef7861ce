/**
 * Reading what the app is about to send, without touching it: the URL, the method, a copy of the
 * headers, and the body's text where that can be had without consuming anything the app owns.
 */

export interface OutgoingRequest {
  url: URL;
  method: string;
  /** A copy: reading it never affects the request. */
  headers: Headers;
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
 * consumes it. Never reads a stream the app gave us; a Request is read through a clone.
 */
export function readBodyText(input: unknown, init: RequestInit | undefined): BodyText {
  const body = init?.body;
  if (body !== undefined && body !== null) return fromBodyInit(body);
  if (isRequest(input) && input.body !== null) {
    return input.bodyUsed ? { unreadable: 'request body already used' } : input.clone().text();
  }
  return undefined;
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
