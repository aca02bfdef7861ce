/**
 * The actions the panel and the API ask of the fetch recorder: replay a call, pin an answer. One
 * object owns both and gives the fetch wrapper its single `onLlmCall` hook: an override decides
 * first (it may answer the call), and every live call is remembered for replay.
 */
import type { Tracer } from '../../core/tracer';
import type { ModelPrice } from '../prices';
import type { LlmCallHook, LlmCallPlan } from './fetch-call';
import type { LoadActionCode } from './action-code';
import { Overrides } from './overrides';
import { Replayer } from './replay';

export interface FetchActionsOptions {
  tracer: Tracer;
  prices: Readonly<Record<string, ModelPrice>>;
  fetch: () => typeof globalThis.fetch;
  /** The body writers, loaded on first use (see action-code.ts). */
  loadCode: LoadActionCode;
  storage?: Storage;
}

export class FetchActions {
  readonly replayer: Replayer;
  readonly overrides: Overrides;

  constructor(options: FetchActionsOptions) {
    this.replayer = new Replayer(options);
    this.overrides = new Overrides(options.loadCode, options.storage);
  }

  readonly hook: LlmCallHook = (call) => {
    const pinned = this.overrides.hook(call);
    const remembered = this.replayer.remember(call);
    if (!pinned) return remembered;
    const plan: LlmCallPlan = { ...pinned };
    if (remembered?.started) plan.started = remembered.started;
    return plan;
  };
}
