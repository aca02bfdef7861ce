/**
 * Builds dist/ once before the end-to-end suite, so the tests run what users get: the very
 * bundles `npm run build` writes (scripts/build.js, without the type declarations).
 */
import { spawnSync } from 'node:child_process';

export default async function setup(): Promise<void> {
  if (process.env.SPANLENS_SKIP_BUILD) return;
  const result = spawnSync(process.execPath, ['scripts/build.js', '--no-types'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`spanlens e2e: the build failed\n${result.stdout}\n${result.stderr}`);
}
