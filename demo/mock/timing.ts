/**
 * The mock's sense of time. The demo uses human-like timings; tests use fast ones so a whole
 * chat turn takes a fraction of a second.
 */
export interface MockTiming {
  /** Delay before the first streamed token (and before a JSON answer). */
  firstTokenMs: number;
  /** Delay between two streamed tokens. */
  tokenMs: number;
  /** First-token delay of the "slow" scenario. */
  slowFirstTokenMs: number;
  /** Latency of /api/search, /api/rerank and /api/weather. */
  toolMs: number;
}

export const HUMAN_TIMING: MockTiming = { firstTokenMs: 350, tokenMs: 22, slowFirstTokenMs: 3500, toolMs: 140 };
export const FAST_TIMING: MockTiming = { firstTokenMs: 15, tokenMs: 2, slowFirstTokenMs: 300, toolMs: 5 };
