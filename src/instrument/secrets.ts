/**
 * Keeping secrets out of spans. Three layers, because one is never enough:
 * 1. We never record request headers at all (so Authorization, x-api-key, api-key, x-goog-api-key
 *    and cookies cannot leak through them).
 * 2. URLs are recorded with credentials removed and secret-looking query values replaced.
 * 3. Every string we record from the wire (error messages, body excerpts, stack traces) is
 *    scrubbed of the exact secret values this request carried and of well-known key shapes.
 */

export const REDACTED = 'REDACTED';

/** Request headers whose values are credentials. Lower case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'cookie',
  'set-cookie',
  'openai-organization',
  'openai-project',
  'x-stainless-api-key',
]);

/** Query parameters whose values are credentials: `key`, `api_key`, `apiKey`, `access_token`, `sig`... */
const SECRET_PARAM = /(^|[-_.])(key|api[-_]?key|apikey|token|access[-_]?token|secret|password|passwd|sig|signature|auth|credential|credentials)$/i;

/** Shapes of provider keys, in case one shows up somewhere we did not expect (an echoed body). */
const KEY_SHAPES =
  /\b(sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/**
 * The URL as it is safe to record: no user:password, secret query values replaced by REDACTED.
 * Not a URL at all: the input with key shapes scrubbed.
 */
export function sanitizeUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : new URL(url.href);
  } catch {
    return scrubKeyShapes(String(url));
  }
  parsed.username = '';
  parsed.password = '';
  if (parsed.search) {
    const params = parsed.searchParams;
    let changed = false;
    for (const name of new Set(params.keys())) {
      if (isSecretParam(name)) {
        params.set(name, REDACTED);
        changed = true;
      }
    }
    // URLSearchParams re-encodes everything it touches; keep the original text when nothing changed.
    if (changed) parsed.search = params.toString();
  }
  return scrubKeyShapes(parsed.href);
}

/** The secret values one request carries (header values, secret query values, URL password). */
export function collectSecrets(url: URL | undefined, headers: Headers | undefined): string[] {
  const secrets: string[] = [];
  if (headers) {
    headers.forEach((value, name) => {
      if (!SECRET_HEADERS.has(name)) return;
      secrets.push(value);
      // `Bearer sk-...`: the token alone may be echoed without its scheme.
      const space = value.indexOf(' ');
      if (space !== -1) secrets.push(value.slice(space + 1).trim());
      // Cookies: each value on its own.
      if (name === 'cookie') for (const pair of value.split(';')) secrets.push(pair.slice(pair.indexOf('=') + 1).trim());
    });
  }
  if (url) {
    if (url.password) secrets.push(url.password, decodeURIComponentSafe(url.password));
    url.searchParams.forEach((value, name) => {
      if (isSecretParam(name)) secrets.push(value, encodeURIComponent(value));
    });
  }
  // Very short values would blank out ordinary text ("1", "on"); they are not real credentials.
  return [...new Set(secrets)].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
}

/** Replace every occurrence of the given secrets and of well-known key shapes. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) {
    if (text.includes(secret)) text = text.split(secret).join(REDACTED);
  }
  return scrubKeyShapes(text);
}

export function scrubKeyShapes(text: string): string {
  KEY_SHAPES.lastIndex = 0;
  return KEY_SHAPES.test(text) ? text.replace(KEY_SHAPES, REDACTED) : text;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
