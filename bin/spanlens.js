#!/usr/bin/env node
/**
 * `spanlens collector ...`: runs the collector's Node build, dist/collector/cli.js.
 *
 * An installed package ships that build. In a clone of the repository (src/ is there) the build is
 * made here first whenever it is missing or older than the sources it comes from, with the vite
 * dev dependency that `npm install` brought; so `npx spanlens collector` works on a clean clone
 * and never runs stale code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'collector', 'cli.js');
const sources = ['src/collector', 'src/export', 'src/core'].map((dir) => join(root, dir));

/** The latest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const inClone = sources.every((dir) => existsSync(dir));
const stale = !existsSync(built) || (inClone && Math.max(...sources.map(newest)) > statSync(built).mtimeMs);
if (stale) {
  if (!inClone) {
    process.stderr.write('spanlens: dist/collector is missing from this install; reinstall the package.\n');
    process.exit(1);
  }
  const { build } = await import('vite');
  await build({ root, configFile: join(root, 'vite.collector.config.ts'), logLevel: 'warn' });
}

const { main } = await import(pathToFileURL(built).href);
const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
