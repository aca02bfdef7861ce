/** One assistant message on screen: tool chips, the streamed text, sources, and its end state. */
import type { ToolCallRequest } from './conversation';
import type { TurnView } from './chat';
import { el } from './dom';
import type { Doc } from './knowledge';

export class AssistantMessage implements TurnView {
  readonly root: HTMLElement;
  readonly #tools = el('div', 'tools');
  readonly #text = el('div', 'text');
  readonly #sources = el('div', 'sources');
  readonly #chips = new Map<string, HTMLElement>();
  #typing: HTMLElement | undefined = el('span', 'typing', el('i'), el('i'), el('i'));

  constructor(model: string) {
    this.#text.append(this.#typing!);
    this.root = el('article', 'msg assistant', el('div', 'avatar', 'W'), el('div', 'bubble', el('div', 'meta', model), this.#tools, this.#text, this.#sources));
    this.root.setAttribute('aria-busy', 'true');
  }

  onSources(notes: Doc[]): void {
    this.#sources.replaceChildren(el('span', 'label', 'Sources'), ...notes.map((n) => el('span', 'source', n.title)));
  }

  onText(delta: string): void {
    this.#clearTyping();
    this.#text.append(delta);
  }

  onToolStart(call: ToolCallRequest, args: Record<string, unknown>): void {
    const chip = el('span', 'tool running', el('b', '', call.name), ` ${typeof args.city === 'string' ? args.city : ''}`);
    this.#chips.set(call.id, chip);
    this.#tools.append(chip);
  }

  onToolEnd(callId: string, ok: boolean, summary: string): void {
    const chip = this.#chips.get(callId);
    if (!chip) return;
    chip.className = ok ? 'tool ok' : 'tool failed';
    chip.append(el('span', 'result', ` · ${summary}`));
  }

  finish(state: 'done' | 'stopped'): void {
    this.#clearTyping();
    if (state === 'stopped') this.#text.append(el('span', 'stopped', ' — stopped'));
    this.root.removeAttribute('aria-busy');
    this.root.dataset.state = state;
  }

  fail(message: string): void {
    this.#clearTyping();
    this.root.classList.add('error');
    this.#text.append(el('span', 'error-text', message));
    this.root.removeAttribute('aria-busy');
    this.root.dataset.state = 'error';
  }

  #clearTyping(): void {
    this.#typing?.remove();
    this.#typing = undefined;
  }
}

export function userMessage(text: string): HTMLElement {
  return el('article', 'msg user', el('div', 'bubble', el('div', 'text', text)));
}
