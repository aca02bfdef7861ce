/**
 * Which web pages may talk to the collector. Spans hold prompts and answers, so a page from an
 * origin that is not allowed gets no CORS headers, no stream and no write.
 *
 * Allowed by default: any page served from this machine (http://localhost, 127.0.0.1 or [::1], any
 * port). `--allow-origin` adds exact origins (`https://app.test:8443`) or `*` for any.
 * Requests without an Origin header come from servers, SDKs, curl or a same-origin page (the Vite
 * plugin): they are allowed, as the collector only listens on the loopback interface by default.
 */
export class OriginPolicy {
  readonly #extra: Set<string>;
  readonly #any: boolean;

  constructor(allowOrigins: readonly string[] = []) {
    this.#extra = new Set(allowOrigins.map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase()).filter(Boolean));
    this.#any = this.#extra.has('*');
  }

  /** `origin` is the request's Origin header (undefined when there is none). */
  allows(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    const normalized = origin.toLowerCase();
    return this.#any || this.#extra.has(normalized) || isLoopbackOrigin(normalized);
  }
}

function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return loopback && (url.protocol === 'http:' || url.protocol === 'https:');
}
