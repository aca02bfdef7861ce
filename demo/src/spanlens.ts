/**
 * The app's access to spanlens' manual API. The script tag defines `window.spanlens`; without it
 * (blocked, or removed to compare) the same calls just run the function, so the app behaves the
 * same with or without spanlens.
 */

/** The part of a span the app touches. */
export interface AppSpan {
  setAttribute(key: string, value: unknown): unknown;
}

type Fn<T> = (span: AppSpan) => T;

export interface ManualApi {
  trace<T>(name: string, fn: Fn<T>, options?: { attributes?: Record<string, unknown> }): T;
  retrieval<T>(query: string, fn: Fn<T>, options?: { topK?: number }): T;
  rerank<T>(query: string, fn: Fn<T>, options?: { topK?: number }): T;
  tool<T>(name: string, args: unknown, fn: Fn<T>, options?: { callId?: string; parent?: unknown }): T;
}

const noSpan: AppSpan = { setAttribute: () => undefined };

const passThrough: ManualApi = {
  trace: (_name, fn) => fn(noSpan),
  retrieval: (_query, fn) => fn(noSpan),
  rerank: (_query, fn) => fn(noSpan),
  tool: (_name, _args, fn) => fn(noSpan),
};

export function manualApi(): ManualApi {
  const api = (window as unknown as { spanlens?: Partial<ManualApi> }).spanlens;
  return api && typeof api.trace === 'function' ? (api as ManualApi) : passThrough;
}
