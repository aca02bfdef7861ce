/**
 * When a model's answer reached the user's eyes: the first frame in which the start of its output
 * text is in the page (first token painted) and the frame in which its last words are (last token
 * painted). Time to first byte is what the network felt; these are what the user felt.
 *
 * One MutationObserver on the document, connected only while some answer is being watched. Its
 * callback only collects the changed nodes; the comparison runs at most once per frame, on the
 * elements that changed in that frame (capped), against short probes of each watched output
 * (page-text.ts), so thousands of mutations a second cost a Set insertion each.
 * Limits: text inside shadow roots or iframes is not seen (MutationObserver does not cross them);
 * an answer the app shows transformed beyond normalization (translated, summarised) is not found.
 */
import { now } from '../../core/clock';
import { frameThrottle } from '../streams/frame-throttle';
import { headProbe, normalizeText, tailProbe } from './page-text';

export type PaintMark = 'first' | 'last';

export interface PaintTarget {
  spanId: string;
  /** The output text so far (raw; normalized here). */
  outputText(): string;
}

export interface PaintWatchOptions {
  root: Node;
  onMark(spanId: string, mark: PaintMark, time: number): void;
  /** The answer is no longer watched: its last words were painted, or it was given up on. */
  onDone?(spanId: string): void;
  /** Elements of spanlens itself, never compared. */
  ignore?(element: Element): boolean;
  /** How long after its end an answer is looked for before giving up. Default 10 s. */
  giveUpMs?: number;
}

/** Changed elements compared per frame; beyond this a frame's changes are sampled. */
const MAX_REGIONS_PER_FRAME = 200;
/** Longer element texts are not compared (a whole-page re-render). */
const MAX_REGION_CHARS = 200_000;
const DEFAULT_GIVE_UP_MS = 10_000;
/** An answer whose start never showed is given up on sooner: this page does not show it. */
const NEVER_SHOWN_GIVE_UP_MS = 2_000;
/** Answers watched at once; past this the oldest is given up on. */
const MAX_WATCHED = 16;
/** How soon an ended answer is looked for again when nothing changed in the page. */
const RETRY_MS = 100;

interface Watched {
  target: PaintTarget;
  firstAt?: number;
  /** The element that first showed this answer's start, and a few of its ancestors: the bubble. */
  containers: Element[];
  /** Last frame in which something inside the bubble changed. */
  lastChangeAt?: number;
  /** The latest end-of-text probe seen in a changed element, and when. */
  lastTail?: { probe: string; at: number };
  endedAt?: number;
}

/** How far up from the element showing an answer's first words its bubble may reach. */
const BUBBLE_DEPTH = 3;

export class PaintWatch {
  readonly #options: PaintWatchOptions;
  readonly #watched = new Map<string, Watched>();
  readonly #changed = new Set<Node>();
  readonly #frame = frameThrottle(() => this.#check());
  #observer: MutationObserver | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(options: PaintWatchOptions) {
    this.#options = options;
  }

  /** Start looking for an answer (call when its span starts streaming). */
  watch(target: PaintTarget): void {
    if (this.#watched.has(target.spanId)) return;
    this.#watched.set(target.spanId, { target, containers: [] });
    if (this.#watched.size > MAX_WATCHED) this.#giveUp(this.#watched.keys().next().value as string);
    this.#connect();
  }

  /** The answer is complete: its last words can now be looked for. */
  ended(spanId: string): void {
    const watched = this.#watched.get(spanId);
    if (!watched) return;
    watched.endedAt = now();
    this.#frame.request();
  }

  get watching(): number {
    return this.#watched.size;
  }

  stop(): void {
    this.#watched.clear();
    this.#disconnect();
  }

  #connect(): void {
    if (this.#observer || typeof MutationObserver !== 'function') return;
    this.#observer = new MutationObserver((records) => {
      for (const record of records) {
        this.#changed.add(record.target);
        record.addedNodes.forEach((node) => this.#changed.add(node));
      }
      this.#frame.request();
    });
    this.#observer.observe(this.#options.root, { subtree: true, childList: true, characterData: true });
  }

  #disconnect(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#changed.clear();
    this.#frame.cancel();
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  #giveUp(spanId: string): void {
    this.#watched.delete(spanId);
    this.#options.onDone?.(spanId);
  }

  #check(): void {
    const time = now();
    const regions = this.#regions();
    for (const [spanId, watched] of this.#watched) {
      const text = normalizeText(watched.target.outputText());
      const head = headProbe(text);
      const tail = tailProbe(text);
      if (watched.firstAt === undefined) {
        const first = head ? regions.find((region) => region.text.includes(head)) : undefined;
        if (first) {
          watched.firstAt = time;
          watched.containers = bubbleOf(first.element);
          this.#options.onMark(spanId, 'first', time);
        }
      }
      const bubble = watched.containers[watched.containers.length - 1];
      if (bubble && regions.some((region) => bubble.contains(region.element))) watched.lastChangeAt = time;
      if (tail && regions.some((region) => region.text.includes(tail))) watched.lastTail = { probe: tail, at: time };
      if (watched.endedAt === undefined) continue;
      // Ended: `text` is final. Its end was painted when its last words first showed.
      if (watched.firstAt !== undefined && watched.lastTail?.probe === tail) {
        this.#finish(spanId, watched.lastTail.at);
      } else if (watched.firstAt !== undefined && this.#bubbleShows(watched, tail)) {
        this.#finish(spanId, watched.lastChangeAt ?? time);
      } else if (time - watched.endedAt > this.#giveUpAfter(watched)) {
        this.#giveUp(spanId);
      } else if (regions.length === 0 && this.#retry === undefined) {
        // Nothing changed this frame; look again a little later in case the app renders late.
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          this.#frame.request();
        }, RETRY_MS);
      }
    }
    if (this.#watched.size === 0) this.#disconnect();
  }

  #giveUpAfter(watched: Watched): number {
    const limit = this.#options.giveUpMs ?? DEFAULT_GIVE_UP_MS;
    return watched.firstAt === undefined ? Math.min(limit, NEVER_SHOWN_GIVE_UP_MS) : limit;
  }

  #finish(spanId: string, time: number): void {
    this.#watched.delete(spanId);
    this.#options.onMark(spanId, 'last', time);
    this.#options.onDone?.(spanId);
  }

  #bubbleShows(watched: Watched, tail: string): boolean {
    if (!tail) return true;
    return watched.containers.some((element) => element.isConnected && normalizeText(element.textContent ?? '').includes(tail));
  }

  /** The elements changed since the last frame, with their normalized text. */
  #regions(): { element: Element; text: string }[] {
    const elements = new Set<Element>();
    for (const node of this.#changed) {
      const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
      if (element && element.isConnected && !this.#options.ignore?.(element)) elements.add(element);
      if (elements.size >= MAX_REGIONS_PER_FRAME) break;
    }
    this.#changed.clear();
    const regions: { element: Element; text: string }[] = [];
    for (const element of elements) {
      const raw = element.textContent ?? '';
      if (raw.length <= MAX_REGION_CHARS) regions.push({ element, text: normalizeText(raw) });
    }
    return regions;
  }
}

/** The element and up to BUBBLE_DEPTH ancestors, stopping below <body>. */
function bubbleOf(element: Element): Element[] {
  const chain: Element[] = [element];
  let current = element.parentElement;
  while (current && chain.length <= BUBBLE_DEPTH && current.tagName !== 'BODY' && current.tagName !== 'HTML') {
    chain.push(current);
    current = current.parentElement;
  }
  return chain;
}
