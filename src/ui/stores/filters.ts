/**
 * The search box and the kind / model / errors-only filters of the tree, and the span matcher
 * they make (undefined while nothing filters).
 */
import { computed, signal } from '@preact/signals';
import { NO_FILTER, spanMatcher, type SpanFilter } from '../filter';

export class FilterStore {
  readonly filter = signal<SpanFilter>(NO_FILTER);
  readonly matcher = computed(() => spanMatcher(this.filter.value));

  /** Change some fields. Built on the current value: events can come faster than renders. */
  update(change: Partial<SpanFilter>): void {
    this.filter.value = { ...this.filter.peek(), ...change };
  }

  /** The search text, trimmed ('' when there is none). */
  query(): string {
    return this.filter.value.query.trim();
  }
}
