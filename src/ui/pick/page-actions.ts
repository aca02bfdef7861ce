/**
 * The panel's two ways between the page and the spans: pick an element and select the span that
 * wrote its text, or show where a span's answer is in the page. `from` is any element of the
 * panel (the button clicked): its shadow root is where the outlines are drawn.
 */
import type { SpanData } from '../../core/span';
import type { OverlayState } from '../state';
import { elementsShowing, spanForText } from './match-span';
import { outlineElements, startPicking } from './picker';

let stopPicking: (() => void) | undefined;

export function pickInPage(state: OverlayState, from: Element): void {
  const layer = from.getRootNode();
  if (!(layer instanceof ShadowRoot)) return;
  stopPicking?.();
  state.notices.notify('Pick: click an element of the page (Escape cancels)', 'info');
  stopPicking = startPicking({
    layer,
    host: layer.host,
    onPick: (element) => {
      stopPicking = undefined;
      state.run('pick', () => selectSpanFor(state, element));
    },
    onCancel: () => (stopPicking = undefined),
  });
}

function selectSpanFor(state: OverlayState, element: Element): void {
  const view = state.sessions.view.value;
  const text = element.textContent ?? '';
  const found = spanForText(text, view.index.spans.values());
  if (!found) {
    const frame = element.tagName === 'IFRAME' ? ' (the inside of an iframe cannot be picked)' : '';
    state.notices.notify(`No recorded answer of this session wrote that text${frame}`, 'warn');
    return;
  }
  if (state.layout.prefs.peek().tab !== 'traces') state.layout.set({ tab: 'traces' });
  state.reveal(found.span.spanId);
  const share = Math.round(found.match.recall * 100);
  state.notices.notify(`Picked "${found.span.name}": the element shows ${share}% of its answer`, 'info');
}

export function showInPage(state: OverlayState, span: SpanData, from: Element): void {
  const layer = from.getRootNode();
  if (!(layer instanceof ShadowRoot) || !document.body) return;
  const host = layer.host;
  const elements = elementsShowing(span, document.body, (element) => element === host);
  if (elements.length === 0) {
    state.notices.notify('This answer is not shown in the page (or only inside a shadow root or an iframe)', 'warn');
    return;
  }
  outlineElements(layer, elements);
}
