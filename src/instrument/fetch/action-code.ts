/**
 * Replay and overrides write request and response bodies in each provider's wire format. That
 * code (replay-request.ts, override-wire.ts) is only needed once a replay is sent or a pin
 * answers, and the panel needs it too, so it travels in the panel's file and the recorder loads it
 * from there on first use: the script tag's file carries only the hooks, the pins and the memory.
 */
import type { ReplayDraft, ReplayEdits, ReplayableFormat } from './replay-request';
import type { OverrideFormat, PinnedAnswer, WireEvent } from './override-wire';

export interface ActionCode {
  draftFromSpan(span: import('../../core/span').SpanData): ReplayDraft;
  applyEdits(draft: ReplayDraft, edits: ReplayEdits): ReplayDraft;
  replayBody(format: ReplayableFormat, draft: ReplayDraft, edits: ReplayEdits, raw: Record<string, unknown> | undefined): Record<string, unknown>;
  answerJson(format: OverrideFormat, answer: PinnedAnswer, model: string): unknown;
  answerEvents(format: OverrideFormat, answer: PinnedAnswer, model: string, chunks: readonly string[], includeUsage: boolean): WireEvent[];
  errorJson(format: OverrideFormat, status: number, message: string): unknown;
  chunkText(text: string): string[];
}

export type LoadActionCode = () => Promise<ActionCode>;

/** The wire formats both can write. */
export const WRITABLE_FORMATS = ['openai.chat_completions', 'openai.responses', 'anthropic.messages', 'ollama.chat'] as const;
export type WritableFormat = (typeof WRITABLE_FORMATS)[number];

export function isWritable(format: unknown): format is WritableFormat {
  return (WRITABLE_FORMATS as readonly unknown[]).includes(format);
}
