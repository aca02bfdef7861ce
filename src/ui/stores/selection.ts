/**
 * Where the user is in the tree: the keyboard cursor (active row), the span whose details show
 * (selected), and the rows they collapsed.
 */
import { batch, signal } from '@preact/signals';
import { TRACE_KEY_PREFIX, type SpanIndex } from '../tree';

export class SelectionStore {
  /** The keyboard cursor: a span id or a trace row's key. */
  readonly active = signal<string | undefined>(undefined);
  /** The span whose details are shown. */
  readonly selected = signal<string | undefined>(undefined);
  readonly collapsed = signal<ReadonlySet<string>>(new Set());

  /** Click or Enter on a row: the cursor goes there; a span row's details open. */
  pick(key: string): void {
    this.active.value = key;
    if (!key.startsWith(TRACE_KEY_PREFIX)) this.selected.value = key;
  }

  toggleCollapsed(key: string, collapse?: boolean): void {
    const next = new Set(this.collapsed.value);
    if (collapse ?? !next.has(key)) next.add(key);
    else next.delete(key);
    this.collapsed.value = next;
  }

  /** Select a span and make its row visible: every collapsed ancestor opens. */
  reveal(index: SpanIndex, spanId: string): void {
    const next = new Set(this.collapsed.value);
    for (let key = index.parentKey(spanId); key; key = index.parentKey(key)) next.delete(key);
    batch(() => {
      this.collapsed.value = next;
      this.active.value = spanId;
      this.selected.value = spanId;
    });
  }

  /** Another session is shown: nothing of the last one stays selected or collapsed. */
  clear(): void {
    batch(() => {
      this.selected.value = undefined;
      this.active.value = undefined;
      this.collapsed.value = new Set();
    });
  }
}
