/**
 * Builds dist/ once before the end-to-end suite, so the tests run what users get: the very
 * bundles `npm run build` writes.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  if (process.env.SPANLENS_SKIP_BUILD) return;
  await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  await build({ configFile: 'vite.config.ts', mode: 'iife', logLevel: 'warn' });
}
