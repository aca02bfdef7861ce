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

/** The body's text, now, later (a Blob, a Request), or not at all, with the reason. */
export type BodyText = { text: string } | { later: Promise<string> } | { unreadable: string } | { none: true };

/**
 * Must be called BEFORE the native fetch: a Request's body can only be cloned before fetch
 * consumes it. Never reads a stream the app gave us; a Request is read through a clone.
 */
export function readBodyText(input: unknown, init: RequestInit | undefined): BodyText {
  const body = init?.body;
  if (body !== undefined && body !== null) return fromBodyInit(body);
  if (isRequest(input) && input.body !== null) {
    if (input.bodyUsed) return { unreadable: 'request body already used' };
    return { later: input.clone().text() };
  }
  return { none: true };
}

function fromBodyInit(body: BodyInit): BodyText {
  if (typeof body === 'string') return { text: body };
  if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams) return { text: body.toString() };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    // Decoding reads the bytes without changing them; fetch copies them itself.
    return { text: new TextDecoder().decode(body as ArrayBuffer | ArrayBufferView) };
  }
  if (typeof Blob === 'function' && body instanceof Blob) return { later: body.text() };
  if (typeof FormData === 'function' && body instanceof FormData) return { unreadable: 'request body is form data' };
  if (typeof ReadableStream === 'function' && body instanceof ReadableStream) {
    return { unreadable: 'request body is a stream (left for the app, not read)' };
  }
  return { unreadable: 'request body of an unknown type' };
}
