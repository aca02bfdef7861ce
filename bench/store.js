// The IndexedDB store in headless Chromium: 10,000 realistic spans (LLM calls with a few KB of
// messages, tool calls, retrievals) recorded in chunks of 100 per task, as an app would, then
// persisted through the batching writer; then read back by a fresh store (the next page load).
// Prints spans/second, the time until the last span is persisted, and the main thread's longest
// task (PerformanceObserver 'longtask', which only sees tasks > 50 ms) and longest gap between
// heartbeat ticks (every block). Goal: 10,000 spans persisted in < 1 s, no task > 50 ms.
//
//   node bench/store.js [--spans 10000] [--runs 3]
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { existsSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SPANS = arg('spans', 10_000);
const RUNS = arg('runs', 3);
const CHUNK = 100;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(`bench/store.js: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  process.exit(1);
}

const server = await createServer({
  configFile: false,
  root: process.cwd(),
  logLevel: 'error',
  server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) => n.toFixed(digits).padStart(8);

try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/bench/store.html`);
  await page.waitForFunction(() => window.benchStore !== undefined);
  // One warm-up run (JIT, Vite transforms, IndexedDB files), not reported.
  await page.evaluate(({ n, c }) => window.benchStore.write(n, c, 'spanlens-bench-warmup'), { n: 1000, c: CHUNK });

  console.log(`store: ${SPANS} spans in chunks of ${CHUNK}, Chromium ${browser.version()}, ${RUNS} runs`);
  console.log('run   record ms  persisted ms   spans/s   drain ms  longest task ms  max gap ms | read ms  pages  longest task ms  max gap ms');
  const writes = [];
  const reads = [];
  for (let run = 1; run <= RUNS; run++) {
    const dbName = `spanlens-bench-${run}`;
    const w = await page.evaluate(({ n, c, db }) => window.benchStore.write(n, c, db), { n: SPANS, c: CHUNK, db: dbName });
    const r = await page.evaluate(({ id, db }) => window.benchStore.read(id, db), { id: w.sessionId, db: dbName });
    if (r.spans !== SPANS) throw new Error(`read back ${r.spans} spans, expected ${SPANS}`);
    writes.push(w);
    reads.push(r);
    console.log(
      `${String(run).padEnd(4)}${fmt(w.recordMs)}    ${fmt(w.totalMs)}  ${fmt((SPANS / w.totalMs) * 1000)}  ${fmt(w.drainMs)}  ${fmt(w.longestTaskMs, 1)}         ${fmt(w.maxGapMs, 1)}   |${fmt(r.totalMs)} ${String(r.pages).padStart(5)}  ${fmt(r.longestTaskMs, 1)}         ${fmt(r.maxGapMs, 1)}`,
    );
  }
  const total = median(writes.map((w) => w.totalMs));
  console.log(
    `median: ${SPANS} spans (~${(writes[0].payloadBytes / 1024).toFixed(1)} KB of attributes each) persisted in ${total.toFixed(0)} ms ` +
      `= ${((SPANS / total) * 1000).toFixed(0)} spans/s; longest task while writing ${median(writes.map((w) => w.longestTaskMs)).toFixed(1)} ms ` +
      `(0 = none over 50 ms), longest main-thread block ${median(writes.map((w) => w.maxGapMs)).toFixed(1)} ms; ` +
      `reading back ${median(reads.map((r) => r.totalMs)).toFixed(0)} ms, longest block ${median(reads.map((r) => r.maxGapMs)).toFixed(1)} ms`,
  );
} finally {
  await browser.close();
  await server.close();
}
