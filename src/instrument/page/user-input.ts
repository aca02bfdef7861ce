/**
 * The user's action that started a turn: the click or key press just before a trace's first span.
 * Listeners are passive and in the capture phase on the window, so they see every input before
 * the app does and can never change it. Typed characters are never recorded: a key press is
 * recorded as its kind (Enter, Escape... or just "key").
 */

export interface UserInput {
  /** `click`, `keydown`, `submit`... */
  type: string;
  /** Epoch milliseconds (performance.timeOrigin + event.timeStamp). */
  time: number;
  /** A short description of what was clicked: `button#send "Send"`. */
  target: string;
  /** For key presses, a named key (Enter, Escape, Tab...) or "key". */
  key?: string;
}

const INPUT_EVENTS = ['pointerdown', 'click', 'keydown', 'submit'] as const;
const NAMED_KEYS = new Set(['Enter', 'Escape', 'Tab', 'Backspace', 'Delete', 'ArrowUp', 'ArrowDown', ' ']);

/** A submit this soon after a click or key press was caused by it. */
const SUBMIT_AFTER_INPUT_MS = 1_000;

/** An input older than this when a trace starts did not start it. */
export const INPUT_WINDOW_MS = 5_000;

export interface UserInputWatch {
  /** The latest input no older than INPUT_WINDOW_MS before `time`, if any. */
  inputBefore(time: number): UserInput | undefined;
  stop(): void;
}

export function watchUserInput(target: EventTarget & { performance?: Performance } = globalThis): UserInputWatch {
  let latest: UserInput | undefined;
  const origin = performance.timeOrigin;
  const listener = (event: Event) => {
    try {
      const input = describeInput(event, origin);
      // A form submitted by the click or Enter just before: that click or key is what the user did.
      if (input.type === 'submit' && latest && latest.type !== 'submit' && input.time - latest.time < SUBMIT_AFTER_INPUT_MS) return;
      latest = input;
    } catch {
      // An exotic event target: keep the previous input.
    }
  };
  const options: AddEventListenerOptions = { capture: true, passive: true };
  for (const type of INPUT_EVENTS) target.addEventListener(type, listener, options);
  return {
    inputBefore(time) {
      if (!latest || latest.time > time || time - latest.time > INPUT_WINDOW_MS) return undefined;
      return latest;
    },
    stop() {
      for (const type of INPUT_EVENTS) target.removeEventListener(type, listener, options);
    },
  };
}

function describeInput(event: Event, origin: number): UserInput {
  const input: UserInput = {
    type: event.type,
    time: origin + event.timeStamp,
    target: describeTarget(event.target),
  };
  if (event.type === 'keydown') {
    const key = (event as KeyboardEvent).key;
    input.key = NAMED_KEYS.has(key) ? (key === ' ' ? 'Space' : key) : 'key';
  }
  return input;
}

const MAX_LABEL = 40;

/** `tag#id "label"`: enough to recognise the control, never a form field's value. */
export function describeTarget(target: EventTarget | null): string {
  const element = target as Element | null;
  if (!element || typeof element.tagName !== 'string') return '';
  let text = element.tagName.toLowerCase();
  if (element.id) text += `#${element.id}`;
  const isField = /^(input|textarea|select)$/.test(text.split('#')[0]) || (element as HTMLElement).isContentEditable;
  const label = isField ? element.getAttribute('aria-label') || element.getAttribute('name') : element.textContent;
  const short = (label ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL);
  return short ? `${text} "${short}"` : text;
}
