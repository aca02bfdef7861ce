/**
 * What a replay needs of the app's live LLM calls that spans never hold: the exact URL, the request
 * headers (auth included) and the raw body. Kept in this module's memory only: bounded (the last
 * MAX_CALLS calls), gone on reload, never stored, exported or shown. The panel reads from here only
 * whether a call can be replayed without pasted headers, never the values.
 */

export interface RememberedRequest {
  /** The URL as sent, key query parameters included. */
  url: string;
  method: string;
  /** A copy of the headers as sent. */
  headers: Headers;
  /** The body text, when it was a string and at most MAX_BODY_CHARS long. */
  body?: string;
}

export const MAX_CALLS = 50;
/** Bodies longer than this are not kept: a replay rebuilds those from the span's attributes. */
export const MAX_BODY_CHARS = 1_000_000;
/** All kept bodies together; past this the oldest calls' bodies go (their headers stay). */
export const MAX_TOTAL_BODY_CHARS = 4_000_000;

export class RequestMemory {
  readonly #calls = new Map<string, RememberedRequest>();
  /** Headers pasted for an origin (stored or imported sessions), by origin. */
  readonly #pasted = new Map<string, Headers>();

  remember(spanId: string, request: RememberedRequest): void {
    const kept: RememberedRequest = { url: request.url, method: request.method, headers: new Headers(request.headers) };
    if (request.body !== undefined && request.body.length <= MAX_BODY_CHARS) kept.body = request.body;
    this.#calls.delete(spanId);
    this.#calls.set(spanId, kept);
    if (this.#calls.size > MAX_CALLS) this.#calls.delete(this.#calls.keys().next().value as string);
    this.#trimBodies();
  }

  /** The body arrived later (a Blob or a Request body, read asynchronously). */
  rememberBody(spanId: string, body: string): void {
    const call = this.#calls.get(spanId);
    if (call && body.length <= MAX_BODY_CHARS) call.body = body;
    this.#trimBodies();
  }

  #trimBodies(): void {
    let total = 0;
    for (const call of this.#calls.values()) total += call.body?.length ?? 0;
    for (const call of this.#calls.values()) {
      if (total <= MAX_TOTAL_BODY_CHARS) return;
      total -= call.body?.length ?? 0;
      delete call.body;
    }
  }

  get(spanId: string): RememberedRequest | undefined {
    return this.#calls.get(spanId);
  }

  has(spanId: string): boolean {
    return this.#calls.has(spanId);
  }

  /** Headers to use for requests to `origin` when no live call of it is remembered. */
  paste(origin: string, headers: HeadersInit): void {
    this.#pasted.set(origin, new Headers(headers));
  }

  pasted(origin: string): Headers | undefined {
    return this.#pasted.get(origin);
  }

  /** The headers of the latest live call to `origin`, if any (a stored span of the same API). */
  latestFor(origin: string): Headers | undefined {
    let found: Headers | undefined;
    for (const call of this.#calls.values()) if (sameOrigin(call.url, origin)) found = call.headers;
    return found;
  }

  clear(): void {
    this.#calls.clear();
    this.#pasted.clear();
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
