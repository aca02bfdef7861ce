/**
 * Which requests are LLM calls. Well-known provider endpoints are recognised on their own; the app
 * adds its own OpenAI-compatible endpoints (a proxy such as `/api/chat`, a local Ollama) with
 * patterns:
 *   - `'/api/chat'`                 a path, on any origin (the page's own, in practice)
 *   - `'http://localhost:11434/*'`  a whole URL; `*` matches any run of characters
 *   - `/\/v1\/chat\/completions$/`  a RegExp, tested against the full URL
 * Strings are matched against the URL without its query string.
 */

export type UrlPattern = string | RegExp;

export type CompiledPattern = (url: URL) => boolean;

export function compilePattern(pattern: UrlPattern): CompiledPattern {
  if (pattern instanceof RegExp) {
    // A copy without the global flag: `test` on a /g RegExp is stateful.
    const re = new RegExp(pattern.source, pattern.flags.replace('g', '').replace('y', ''));
    return (url) => re.test(url.href);
  }
  const text = String(pattern);
  const pathOnly = text.startsWith('/');
  const re = globToRegExp(text);
  return pathOnly ? (url) => re.test(url.pathname) : (url) => re.test(url.origin + url.pathname);
}

export function matchesAny(url: URL, patterns: readonly CompiledPattern[]): boolean {
  for (const pattern of patterns) if (pattern(url)) return true;
  return false;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
