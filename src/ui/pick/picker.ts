/**
 * "Pick": the user points at an element of the app and clicks it; the panel gets the element.
 * While picking, a box outlines the element under the pointer (drawn in spanlens' own shadow
 * root, never in the app's DOM) and the click is kept from the app. Escape, or a click on the
 * panel, cancels. Elements inside an open shadow root are reached through the event's composed
 * path; the inside of iframes cannot be picked (their events do not reach this document).
 */

export interface PickOptions {
  /** Where the outline box goes (the panel's shadow root). */
  layer: ShadowRoot;
  /** spanlens' own host element: pointing at it picks nothing. */
  host: Element;
  onPick(element: Element): void;
  onCancel(): void;
}

export function startPicking(options: PickOptions): () => void {
  const box = document.createElement('div');
  box.className = 'sl-pick-box';
  options.layer.appendChild(box);
  let current: Element | undefined;

  const targetOf = (event: Event): Element | undefined => {
    for (const node of event.composedPath()) {
      if (node === options.host) return undefined;
      if (node instanceof Element) return node;
    }
    return undefined;
  };
  const onMove = (event: PointerEvent) => {
    current = targetOf(event);
    if (!current) {
      box.style.display = 'none';
      return;
    }
    const rect = current.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
  };
  const onClick = (event: MouseEvent) => {
    const target = targetOf(event);
    stop();
    if (!target) return options.onCancel();
    // The app must not act on the click that picked.
    event.preventDefault();
    event.stopPropagation();
    options.onPick(target);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    stop();
    options.onCancel();
  };
  addEventListener('pointermove', onMove, true);
  addEventListener('click', onClick, true);
  addEventListener('keydown', onKey, true);
  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    removeEventListener('pointermove', onMove, true);
    removeEventListener('click', onClick, true);
    removeEventListener('keydown', onKey, true);
    box.remove();
  }
  return stop;
}

/** Outline `elements` for a few seconds and scroll the first into view. */
export function outlineElements(layer: ShadowRoot, elements: Element[], ms = 3000): void {
  const boxes: HTMLElement[] = [];
  elements[0]?.scrollIntoView({ block: 'center', behavior: 'auto' });
  for (const element of elements) {
    const rect = element.getBoundingClientRect();
    const box = document.createElement('div');
    box.className = 'sl-pick-box sl-pick-found';
    Object.assign(box.style, { display: 'block', left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
    layer.appendChild(box);
    boxes.push(box);
  }
  setTimeout(() => boxes.forEach((box) => box.remove()), ms);
}
