// `npm run build`: every build of vite.config.ts into dist/, the type declarations, then each
// output file's size against its budget (scripts/size-report.js). `--no-types` skips tsc (the
// end-to-end tests' setup, which needs only the bundles).
import { spawnSync } from 'node:child_process';
import { build } from 'vite';

/** The modes of vite.config.ts, in order: `production` first, since it empties dist/. */
export const MODES = ['production', 'eager', 'iife', 'panel', 'forwarder', 'single', 'worker'];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Vitest sets NODE_ENV=test, under which Vite leaves the inlined CSS unminified: build as users do.
delete process.env.NODE_ENV;
for (const mode of MODES) await build({ configFile: 'vite.config.ts', mode, logLevel: 'warn' });
// The collector runs in Node (npx spanlens collector, spanlens/vite): a build of its own.
await build({ configFile: 'vite.collector.config.ts', logLevel: 'warn' });
if (!process.argv.includes('--no-types')) run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run(process.execPath, ['scripts/size-report.js']);
