/**
 * Things about the page that make spanlens see less than the app does. Each becomes one line on
 * the console and in the panel; none stops spanlens from installing.
 */

/** `fetch` is not the browser's own: something patched it before spanlens loaded. */
export function fetchPatchedBefore(scope: typeof globalThis = globalThis): boolean {
  const current = scope.fetch;
  if (typeof current !== 'function') return false;
  try {
    return !/\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(current));
  } catch {
    // Something odd enough to make toString throw is not the browser's own fetch either.
    return true;
  }
}

/**
 * The one-line messages for this page, each prefixed `spanlens: `. `fetchIsOurs`: fetch is already
 * spanlens' own wrapper (instrumentFetch() called before install()), which is not a problem.
 */
export function checkPage(scope: typeof globalThis = globalThis, fetchIsOurs = false): string[] {
  const problems: string[] = [];
  if (typeof scope.fetch !== 'function') {
    problems.push('spanlens: this page has no fetch(); LLM calls cannot be recorded automatically, only through the manual API');
  } else if (!fetchIsOurs && fetchPatchedBefore(scope)) {
    problems.push(
      'spanlens: window.fetch was already replaced by other code when spanlens loaded; calls made through a fetch captured before are not recorded (load spanlens first in <head>)',
    );
  }
  const doc = (scope as { document?: Document }).document;
  if (doc && !doc.head) {
    problems.push('spanlens: this document has no <head>; spanlens runs, but load it before the app\'s own scripts so SDK clients created at startup are traced');
  }
  if (inFrame(scope)) {
    problems.push('spanlens: running inside a frame; this panel shows only the frame\'s calls, and its hotkey works while the frame has focus');
  }
  return problems;
}

function inFrame(scope: typeof globalThis): boolean {
  const win = scope as unknown as { self?: Window; top?: Window | null };
  try {
    return win.self !== undefined && win.top !== undefined && win.self !== win.top;
  } catch {
    // Reading window.top can throw in odd sandboxes: that is a frame too.
    return true;
  }
}
