/**
 * Feedback scores: a judgement of one span (thumbs up, a 1-5 rating, a label, a note), recorded
 * the OTel GenAI way as a `gen_ai.evaluation.result` event on the span it judges. Reading them
 * back is this file's too, so the panel, datasets and Markdown agree on what a score is.
 */
import {
  GEN_AI_EVALUATION_EXPLANATION,
  GEN_AI_EVALUATION_NAME,
  GEN_AI_EVALUATION_RESULT_EVENT,
  GEN_AI_EVALUATION_SCORE_LABEL,
  GEN_AI_EVALUATION_SCORE_VALUE,
} from './semconv';
import type { SpanData } from './span';

export interface Score {
  /** What is judged: `thumbs`, `helpfulness`, `correct`... */
  name: string;
  /** A number (thumbs: 1 up, 0 down). */
  value?: number;
  /** A category: `good`, `bad`, `hallucination`... */
  label?: string;
  /** A note: why. */
  explanation?: string;
}

/** A score as read back from a span, with the moment it was given. */
export interface RecordedScore extends Score {
  time: number;
}

/** Longest name and label accepted; a note may be longer (the attribute limit cuts it). */
const MAX_NAME_LENGTH = 200;

/** A checked copy of what the caller passed, or the reason it is refused. */
export function checkScore(input: unknown): { ok: true; score: Score } | { ok: false; error: string } {
  if (input === null || typeof input !== 'object') return { ok: false, error: 'a score is an object: { name, value?, label?, explanation? }' };
  const given = input as Record<string, unknown>;
  const name = given.name;
  if (typeof name !== 'string' || name.trim() === '') return { ok: false, error: 'a score needs a name (a non-empty string)' };
  if (name.length > MAX_NAME_LENGTH) return { ok: false, error: `a score name is at most ${MAX_NAME_LENGTH} characters` };
  const score: Score = { name: name.trim() };
  if (given.value !== undefined) {
    if (typeof given.value !== 'number' || !Number.isFinite(given.value)) return { ok: false, error: 'a score value is a finite number' };
    score.value = given.value;
  }
  if (given.label !== undefined) {
    if (typeof given.label !== 'string' || given.label.length > MAX_NAME_LENGTH) return { ok: false, error: `a score label is a string of at most ${MAX_NAME_LENGTH} characters` };
    score.label = given.label;
  }
  if (given.explanation !== undefined) {
    if (typeof given.explanation !== 'string') return { ok: false, error: 'a score explanation is a string' };
    score.explanation = given.explanation;
  }
  if (score.value === undefined && score.label === undefined && score.explanation === undefined) {
    return { ok: false, error: 'a score needs a value, a label or an explanation' };
  }
  return { ok: true, score };
}

/** The event's attributes. */
export function scoreAttributes(score: Score): Record<string, string | number> {
  const attributes: Record<string, string | number> = { [GEN_AI_EVALUATION_NAME]: score.name };
  if (score.value !== undefined) attributes[GEN_AI_EVALUATION_SCORE_VALUE] = score.value;
  if (score.label !== undefined) attributes[GEN_AI_EVALUATION_SCORE_LABEL] = score.label;
  if (score.explanation !== undefined) attributes[GEN_AI_EVALUATION_EXPLANATION] = score.explanation;
  return attributes;
}

/** Every score on a span, oldest first. */
export function readScores(span: SpanData): RecordedScore[] {
  const scores: RecordedScore[] = [];
  for (const event of span.events) {
    if (event.name !== GEN_AI_EVALUATION_RESULT_EVENT || !event.attributes) continue;
    const a = event.attributes;
    const name = a[GEN_AI_EVALUATION_NAME];
    if (typeof name !== 'string') continue;
    const score: RecordedScore = { name, time: event.time };
    const value = a[GEN_AI_EVALUATION_SCORE_VALUE];
    const label = a[GEN_AI_EVALUATION_SCORE_LABEL];
    const explanation = a[GEN_AI_EVALUATION_EXPLANATION];
    if (typeof value === 'number') score.value = value;
    if (typeof label === 'string') score.label = label;
    if (typeof explanation === 'string') score.explanation = explanation;
    scores.push(score);
  }
  return scores;
}

/** The latest score of each name (a changed thumb replaces the earlier one when shown). */
export function latestScores(span: SpanData): RecordedScore[] {
  const byName = new Map<string, RecordedScore>();
  for (const score of readScores(span)) byName.set(score.name, score);
  return [...byName.values()];
}

export function hasScores(span: SpanData): boolean {
  return span.events.some((e) => e.name === GEN_AI_EVALUATION_RESULT_EVENT);
}
