/**
 * The one element spanlens puts into the page: a zero-size fixed box with an open shadow root (the
 * app's CSS cannot reach in, ours cannot leak out). The launcher uses it until the panel's code is
 * loaded, then the panel mounts its own in its place (src/ui/mount.ts).
 * Styles are adopted as a constructable stylesheet (allowed under a strict style-src CSP) or, where
 * that is missing, a <style> with the page's nonce.
 */
export const HOST_TAG = 'spanlens-overlay';

const HOST_STYLE = 'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483000;display:block;'.replace(/;/g, '!important;');

export interface Host {
  element: HTMLElement;
  shadow: ShadowRoot;
}

/** A host element with `css` adopted in its shadow root, appended to `container` (default: the body). */
export function createHost(css: string, nonce?: string, container?: HTMLElement): Host {
  const element = document.createElement(HOST_TAG);
  element.style.cssText = HOST_STYLE;
  const shadow = element.attachShadow({ mode: 'open' });
  adoptStyles(shadow, css, nonce);
  (container ?? document.body ?? document.documentElement).appendChild(element);
  return { element, shadow };
}

function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Older engines: a <style> element, allowed by CSP through the nonce.
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  root.appendChild(style);
}
