// `npm run bench`: every benchmark, one after the other. Each prints its own numbers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = ['bench/core.js', 'bench/fetch-stream.js', 'bench/fetch-stream-browser.js', 'bench/xhr-browser.js', 'bench/on-page.js', 'bench/store.js', 'bench/overlay.js', 'bench/page-cost.js', 'bench/size.js'];
const only = process.argv[2];
let failed = false;
for (const file of benches) {
  if (only && !file.includes(only)) continue;
  if (!existsSync(file)) continue;
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
  console.log('');
}
process.exit(failed ? 1 : 0);
