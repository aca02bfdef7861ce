/**
 * Builds dist/ once before the end-to-end suite, so the tests run what users get: the very
 * bundles `npm run build` writes.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  if (process.env.SPANLENS_SKIP_BUILD) return;
  // Vitest sets NODE_ENV=test, under which Vite leaves the inlined CSS unminified (190 KB instead of
  // 171 KB): build as `npm run build` does, then give the test run its own value back.
  const nodeEnv = process.env.NODE_ENV;
  delete process.env.NODE_ENV;
  try {
    await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
    await build({ configFile: 'vite.config.ts', mode: 'iife', logLevel: 'warn' });
    await build({ configFile: 'vite.config.ts', mode: 'worker', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
