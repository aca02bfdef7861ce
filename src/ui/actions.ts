/**
 * What the panel can ask of the recorder: score a span, replay an llm call, pin an answer. The
 * install handle implements it (src/install.ts) and hands it to the panel; the panel never reaches
 * into the fetch recorder itself, and imports nothing of it but types.
 */
import type { Score } from '../core/scores';
import type { SpanData } from '../core/span';
import type { OverrideHandle, OverrideMatch, OverrideOptions, OverrideResponse, Pin } from '../instrument/fetch/overrides';
import type { ReplayEdits } from '../instrument/fetch/replay-request';

export interface PanelActions {
  score(span: SpanData, score: Score): Promise<void>;
  /** Whether the span can be replayed (and why not). */
  canReplay(span: SpanData): { ok: true } | { ok: false; reason: string };
  /** A live call of this page load: its own headers are known (never shown). */
  hasLiveHeaders(span: SpanData): boolean;
  /** Resolves to the new span's id once it ended. `headers`: pasted, memory only. */
  replay(span: SpanData, edits: ReplayEdits, headers?: HeadersInit): Promise<string>;
  override(match: OverrideMatch, response: OverrideResponse, options?: OverrideOptions): OverrideHandle;
  pins(): readonly Pin[];
  removePin(id: string): void;
  onPinsChange(listener: () => void): () => void;
}
