/**
 * Errors at a glance while the panel is closed: how many spans failed since the panel was last
 * open (the launcher's red badge, before and after the panel's code is loaded), and a short toast
 * for each new failure (off with `errorToasts: false`). Plain DOM: the script tag carries it.
 */
import * as sem from '../core/semconv';
import type { SpanData } from '../core/span';
import type { Tracer } from '../core/tracer';
import { HOST_TAG } from './host';

/** How long a toast stays. */
const TOAST_MS = 5_000;
/** Toasts shown at once; more failures in a burst only raise the count. */
const MAX_TOASTS = 3;

export interface FailureWatchOptions {
  tracer: Tracer;
  /** Show a toast for each new failure. Default true. */
  toasts?: boolean;
  /** Whether the panel is open (no badge count, no toasts while it is). */
  isOpen(): boolean;
}

export class FailureWatch {
  readonly #options: FailureWatchOptions;
  readonly #listeners = new Set<(count: number) => void>();
  readonly #unsubscribe: () => void;
  #count = 0;
  #toasts: HTMLElement | undefined;
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
    this.#toasts?.remove();
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
    const list = this.#toastList();
    if (!list) return;
    const toast = document.createElement('div');
    toast.className = 'sl-toast';
    Object.assign(toast.style, TOAST_STYLE);
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

  /**
   * The toasts' list, inside spanlens' one host element (the launcher's, or the panel's once it
   * has loaded and taken its place): found again when the host was replaced.
   */
  #toastList(): HTMLElement | undefined {
    if (this.#toasts?.isConnected) return this.#toasts;
    const shadow = document.querySelector(HOST_TAG)?.shadowRoot;
    if (!shadow) return undefined;
    const list = document.createElement('div');
    list.className = 'sl-toasts';
    Object.assign(list.style, LIST_STYLE);
    // Announced politely: a screen reader hears a failure without losing its place.
    list.setAttribute('role', 'log');
    list.setAttribute('aria-live', 'polite');
    shadow.appendChild(list);
    this.#toasts = list;
    return list;
  }
}

// Set through the CSSOM (allowed under a strict style-src CSP), since the host's stylesheet
// belongs to whichever part (launcher or panel) drew it.
const LIST_STYLE: Partial<CSSStyleDeclaration> = {
  position: 'fixed',
  right: '16px',
  bottom: '56px',
  display: 'flex',
  flexDirection: 'column',
  gap: '6px',
  maxWidth: 'min(360px, 90vw)',
  font: "12px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
};
const TOAST_STYLE: Partial<CSSStyleDeclaration> = {
  padding: '6px 10px',
  borderRadius: '4px',
  background: '#d1242f',
  color: '#fff',
  boxShadow: '0 8px 28px rgba(15, 23, 42, .18)',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
};
