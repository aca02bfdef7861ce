/**
 * A copy-to-clipboard button with visible feedback. The text is computed only on click (raw span
 * JSON can be large).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function CopyButton({ text, label = 'copy' }: { text: () => string | Promise<string>; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async (event: Event) => {
    const anchor = event.currentTarget as Node;
    // A text at hand is copied in this very task; one that must be read first, once it is.
    const value = text();
    const ok = await copyText(typeof value === 'string' ? value : await value, anchor);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" class="sl-d-copy" onClick={onClick} aria-live="polite">
      {state === 'idle' ? label : state}
    </button>
  );
}

/** navigator.clipboard where allowed; else a hidden textarea and execCommand (http pages, iframes). */
export async function copyText(text: string, anchor: Node): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Not available or not allowed: fall through.
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.cssText = 'position:fixed;top:0;left:0;opacity:0';
    const root = anchor.getRootNode();
    (root instanceof ShadowRoot ? root : document.body).appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}
