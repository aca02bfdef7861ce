/**
 * The panel's notices: what spanlens has to say about itself (internal errors, import results,
 * messages from handle.notify()). The newest MAX_NOTICES are kept.
 */
import { signal } from '@preact/signals';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  time: number;
}

const MAX_NOTICES = 50;

export class NoticeStore {
  readonly list = signal<Notice[]>([]);
  #lastId = 0;

  notify(message: string, level: NoticeLevel = 'info'): void {
    const notice = { id: ++this.#lastId, level, message: String(message), time: Date.now() };
    this.list.value = [...this.list.value, notice].slice(-MAX_NOTICES);
  }

  /** Dismiss one notice, or all of them. */
  dismiss(id?: number): void {
    this.list.value = id === undefined ? [] : this.list.value.filter((n) => n.id !== id);
  }
}
