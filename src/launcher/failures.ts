/**
 * Errors at a glance while the panel is closed: how many spans failed since the panel was last
 * open (the launcher's red badge, before and after the panel's code is loaded), and a short toast
 * for each new failure (off with `errorToasts: false`). Plain DOM: the script tag carries it.
 */
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';
import type { Tracer } from '../core/tracer';
import { createHost, type Host } from './host';

/** How long a toast stays. */
const TOAST_MS = 5_000;
/** Toasts shown at once; more failures in a burst only raise the count. */
const MAX_TOASTS = 3;

const TOAST_CSS = `:host { all: initial; }
.sl-toasts { position: fixed; right: 16px; bottom: 56px; display: flex; flex-direction: column; gap: 6px; max-width: min(360px, 90vw);
  font: 12px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.sl-toast { padding: 6px 10px; border-radius: 4px; background: #d1242f; color: #fff; box-shadow: 0 8px 28px rgba(15, 23, 42, .18);
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }`;

export interface FailureWatchOptions {
  tracer: Tracer;
  /** Show a toast for each new failure. Default true. */
  toasts?: boolean;
  /** Whether the panel is open (no badge count, no toasts while it is). */
  isOpen(): boolean;
  nonce?: string;
  container?: HTMLElement;
}

export class FailureWatch {
  readonly #options: FailureWatchOptions;
  readonly #listeners = new Set<(count: number) => void>();
  readonly #unsubscribe: () => void;
  #count = 0;
  #toastHost: Host | undefined;
  #shown = 0;

  constructor(options: FailureWatchOptions) {
    this.#options = options;
    this.#unsubscribe = options.tracer.subscribe((type, span) => {
      if (type === 'end' && span.status.code === 'error' && !options.isOpen()) this.#failed(span);
    });
  }

  /** Failed spans since the panel was last open. */
  get count(): number {
    return this.#count;
  }

  /** Calls `listener` with the count whenever it changes; returns the unsubscribe function. */
  watch(listener: (count: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The panel opened: the user has seen them. */
  seen(): void {
    if (this.#count === 0) return;
    this.#count = 0;
    this.#emit();
  }

  stop(): void {
    this.#unsubscribe();
    this.#listeners.clear();
    this.#toastHost?.element.remove();
  }

  #failed(span: SpanData): void {
    this.#count++;
    this.#emit();
    if (this.#options.toasts !== false) this.#toast(span);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#count);
  }

  #toast(span: SpanData): void {
    if (typeof document === 'undefined' || this.#shown >= MAX_TOASTS) return;
    this.#toastHost ??= createToastHost(this.#options);
    const list = this.#toastHost.shadow.querySelector('.sl-toasts')!;
    const toast = document.createElement('div');
    toast.className = 'sl-toast';
    // Text only: the message may come from a model or a server.
    toast.textContent = `${span.name} failed${span.status.message ? `: ${span.status.message}` : ''}`;
    const model = span.attributes[sem.GEN_AI_REQUEST_MODEL];
    toast.title = typeof model === 'string' ? `${toast.textContent} (${model})` : toast.textContent;
    list.appendChild(toast);
    this.#shown++;
    setTimeout(() => {
      toast.remove();
      this.#shown--;
    }, TOAST_MS);
  }
}

function createToastHost(options: FailureWatchOptions): Host {
  const host = createHost(TOAST_CSS, options.nonce, options.container);
  const list = document.createElement('div');
  list.className = 'sl-toasts';
  // Announced politely: a screen reader hears a failure without losing its place.
  list.setAttribute('role', 'status');
  list.setAttribute('aria-live', 'polite');
  host.shadow.appendChild(list);
  return host;
}
