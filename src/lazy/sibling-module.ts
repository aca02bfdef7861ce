/**
 * Files that the script tag loads later, on demand: the panel (`spanlens.panel.js`), and whatever
 * else is only needed by some pages (an OTLP forwarder, say). Each is an ES module built on its
 * own (see vite.config.ts), served beside the script tag's file, and loaded with a dynamic
 * `import()` of its URL resolved against the script tag's own `src`.
 *
 * Why `import()` of an ES module rather than an injected `<script>` that registers itself on a
 * global: the module's exports are the interface (no global registry, no copy of spanlens' state
 * in the loaded file: the caller passes its objects, the tracer and the store, as arguments), and
 * `import()` works on the pages spanlens must not break: it is not a Trusted Types sink (an
 * injected `<script src>` is, and a page with `trusted-types 'none'` forbids it), and under a
 * nonce-based CSP the module fetch inherits the nonce of the script that asks for it, spanlens'
 * own tag. A file served from another origin needs CORS (any CDN serving npm packages sends it).
 *
 * To add a second lazily loaded file:
 *   1. write its entry, an ES module whose exports are its whole interface (types only from here);
 *   2. add a build for it in vite.config.ts (BUILDS) and its mode in scripts/build.js;
 *   3. give it a size budget in size-budget.json;
 *   4. load it with `importSibling<TheInterface>('spanlens.x.js')` from the script-tag side; the
 *      npm build imports the same entry with a plain `import()` so that bundlers split it.
 *
 * Each file is loaded once: concurrent callers share one promise. A failure (404, blocked by the
 * page's CSP, no network) rejects with an error whose message is one line saying what to serve or
 * what to allow; the next call tries again.
 */

/** Where the script tag was loaded from, captured while it runs (document.currentScript is null later). */
export interface ScriptOrigin {
  /** The script tag's absolute URL; undefined for an inline script (nothing to resolve against). */
  src: string | undefined;
}

export class SiblingLoadError extends Error {
  override name = 'SiblingLoadError';
}

/** Read document.currentScript now: call this in the script tag's top level, not later. */
export function captureScriptOrigin(): ScriptOrigin {
  const script = typeof document === 'undefined' ? null : document.currentScript;
  const src = script instanceof HTMLScriptElement && script.src ? script.src : undefined;
  return { src };
}

const loads = new Map<string, Promise<unknown>>();

/** Load `fileName` from beside the script tag's file, once; its exports, typed by the caller. */
export function importSibling<Exports>(origin: ScriptOrigin, fileName: string): Promise<Exports> {
  const known = loads.get(fileName);
  if (known) return known as Promise<Exports>;
  const load = importOnce<Exports>(origin, fileName);
  loads.set(fileName, load);
  // A failed load is not remembered: the file may be served by the next try.
  load.catch(() => loads.delete(fileName));
  return load;
}

async function importOnce<Exports>(origin: ScriptOrigin, fileName: string): Promise<Exports> {
  if (!origin.src) {
    throw new SiblingLoadError(`spanlens: ${fileName} cannot be found: the script tag has no src to resolve it against; use spanlens.single.iife.js, which needs no second file`);
  }
  const url = new URL(fileName, origin.src).href;
  const blocked = watchCspViolations(url);
  try {
    return (await import(/* @vite-ignore */ url)) as Exports;
  } catch {
    // The violation event is dispatched as its own task: give it one to arrive.
    await new Promise((resolve) => setTimeout(resolve));
    throw new SiblingLoadError(blocked.happened() ? cspMessage(url) : notServedMessage(url, fileName));
  } finally {
    blocked.stop();
  }
}

function notServedMessage(url: string, fileName: string): string {
  return `spanlens: could not load ${url}; serve dist/${fileName} beside the script tag's file (or use spanlens.single.iife.js); recording goes on`;
}

function cspMessage(url: string): string {
  return `spanlens: the page's Content-Security-Policy blocked ${url}; allow it in script-src (add ${new URL(url).origin}, or a nonce on spanlens' script tag); recording goes on`;
}

/** Whether a CSP violation for `url` is reported while the load runs. */
function watchCspViolations(url: string): { happened(): boolean; stop(): void } {
  let seen = false;
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    // A cross-origin block reports only the origin; an inline one says 'inline': match URLs only.
    const blocked = event.blockedURI;
    if (/^https?:/.test(blocked) && (blocked === url || url.startsWith(blocked))) seen = true;
  };
  if (typeof document === 'undefined') return { happened: () => false, stop: () => {} };
  document.addEventListener('securitypolicyviolation', onViolation);
  return {
    happened: () => seen,
    stop: () => document.removeEventListener('securitypolicyviolation', onViolation),
  };
}
