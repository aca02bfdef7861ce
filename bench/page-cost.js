// `node bench/page-cost.js` (after `npm run build`): what the script tag costs a page, in headless
// Chromium, against the OpenTelemetry web tracer measured in the same run. Prints:
//  - parser-blocking time: from an inline script just before the tag to one just after it (fetch,
//    compile and run; first thing in <head>, as the README says to put it) on a page that never
//    opens the panel. Peers: dist/spanlens.iife.js, dist/spanlens.single.iife.js, and a bundle of
//    @opentelemetry/sdk-trace-web + instrumentation-fetch + exporter-trace-otlp-http built here
//    (WebTracerProvider, BatchSpanProcessor, OTLPTraceExporter, FetchInstrumentation: what a page
//    needs to record its fetches and send them), plus an empty script for the floor. Each load is
//    a fresh browser context (nothing cached), the pages interleaved, medians. Goal: spanlens at
//    most half of OpenTelemetry's.
//  - the first open of the panel on a session of 10,000 spans, warm cache (the panel file was
//    fetched on an earlier visit): open() to the frame that shows the panel, and to the frame that
//    shows its first rows (read back from IndexedDB, where spans recorded before the panel was
//    loaded live). Goal: < 100 ms to a frame.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const RUNS = Number(process.env.RUNS ?? 15);
const OPEN_RUNS = Number(process.env.OPEN_RUNS ?? 5);
const TMP = '.tmpbuild';

for (const file of ['dist/spanlens.iife.js', 'dist/spanlens.panel.js', 'dist/spanlens.single.iife.js']) {
  if (!existsSync(file)) throw new Error(`bench/page-cost.js: ${file} is missing: run \`npm run build\` first`);
}

/** The OpenTelemetry peer, minified as spanlens is, one copy of each package (dedupe). */
async function buildOtelBundle() {
  mkdirSync(TMP, { recursive: true });
  const entry = `${TMP}/otel-web-entry.js`;
  writeFileSync(
    entry,
    `import { WebTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
const provider = new WebTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: '/v1/traces' }))] });
provider.register();
registerInstrumentations({ instrumentations: [new FetchInstrumentation()] });
`,
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    resolve: {
      dedupe: ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources', '@opentelemetry/sdk-trace-base', '@opentelemetry/sdk-trace', '@opentelemetry/instrumentation', '@opentelemetry/otlp-transformer', '@opentelemetry/otlp-exporter-base'],
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir: TMP, emptyOutDir: false, target: 'es2022', minify: true, lib: { entry, formats: ['iife'], name: 'otel', fileName: () => 'otel-web.iife.js' } },
  });
  return `${TMP}/otel-web.iife.js`;
}

const otelFile = await buildOtelBundle();
writeFileSync(`${TMP}/empty.js`, '');
const SCRIPTS = {
  'spanlens.iife.js': 'dist/spanlens.iife.js',
  'spanlens.single.iife.js': 'dist/spanlens.single.iife.js',
  'OpenTelemetry web': otelFile,
  'empty script': `${TMP}/empty.js`,
};

const blockingPage = (src) => `<!doctype html><html><head><meta charset="utf-8"><title>page</title>
<script>window.t0 = performance.now()</script>
<script src="${src}"></script>
<script>window.t1 = performance.now()</script>
</head><body><main><p>The app.</p></main></body></html>`;

const openPage = `<!doctype html><html><head><meta charset="utf-8"><title>big session</title>
<script src="/dist/spanlens.iife.js"></script>
</head><body><main><p>The app.</p></main>
<script type="module">
  import { recordBigSession } from '/bench/overlay-fixture.js';
  recordBigSession(window.spanlens.getTracer(), 10000);
  await window.spanlens.ready;
  // Written to IndexedDB before the measure: the open reads them back, not a write backlog.
  await window.spanlens.store().flush();
  window.ready = true;
</script></body></html>`;

const TYPES = { '.js': 'text/javascript', '.html': 'text/html' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const which = url.searchParams.get('script');
  if (url.pathname === '/blocking' && SCRIPTS[which]) {
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return res.end(blockingPage(`/${SCRIPTS[which]}`));
  }
  if (url.pathname === '/open') {
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return res.end(openPage);
  }
  const file = url.pathname.slice(1);
  const servable = Object.values(SCRIPTS).includes(file) || file.startsWith('dist/') || file === 'bench/overlay-fixture.js';
  if (!servable || file.includes('..') || !existsSync(file)) {
    res.writeHead(404);
    return res.end();
  }
  // Cacheable, as a static host serves it: the "warm cache" of the second visit.
  res.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const kb = (file) => {
  const code = readFileSync(file);
  return `${(code.length / 1024).toFixed(1)} KB, ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB gzip`;
};

/** Trace events that are the script's own work: streaming parse, compile, run (install included). */
const SCRIPT_WORK = new Set(['v8.parseOnBackground', 'v8.compile', 'EvaluateScript']);

/**
 * One fresh context: the wall time the parser waited (t1 - t0), and the CPU time of the script's
 * parse, compile and run on any thread, from a Chromium trace. On a loaded machine the first moves
 * with whatever else runs; the second barely does.
 */
async function blockingTime(which) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error (${which}):`, e.message));
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,disabled-by-default-v8.compile', transferMode: 'ReportEvents' });
  await page.goto(`${origin}/blocking?script=${encodeURIComponent(which)}`);
  const wall = await page.evaluate(() => window.t1 - window.t0);
  await cdp.send('Tracing.end');
  await traced;
  const path = `/${SCRIPTS[which]}`;
  const own = events.filter((e) => SCRIPT_WORK.has(e.name) && e.ph === 'X' && JSON.stringify(e.args ?? {}).includes(path));
  const cpu = own.reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) / 1000;
  await context.close();
  return { wall, cpu };
}

async function firstOpen() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error (open):', e.message));
  const visit = async () => {
    await page.goto(`${origin}/open`);
    await page.waitForFunction(() => window.ready);
  };
  const open = () =>
    page.evaluate(async () => {
      const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      const until = async (test) => {
        while (!test()) await new Promise((r) => setTimeout(r));
      };
      const root = () => document.querySelector('spanlens-overlay').shadowRoot;
      await painted();
      const t0 = performance.now();
      window.spanlens.open();
      await until(() => root().querySelector('.sl-panel'));
      await painted();
      const panelFrame = performance.now() - t0;
      await until(() => root().querySelector('.sl-row'));
      await painted();
      const rowsFrame = performance.now() - t0;
      return { panelFrame, rowsFrame, rows: root().querySelectorAll('.sl-row').length };
    });
  // First visit: the panel file is fetched (and cached); then closed, as a user would.
  await visit();
  await open();
  await page.evaluate(() => window.spanlens.close());
  // Second visit, warm cache: what is measured.
  await visit();
  const result = await open();
  await context.close();
  return result;
}

try {
  const names = Object.keys(SCRIPTS);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  // One warm-up round, not counted: the first page load of a fresh browser pays for itself.
  for (const name of names) await blockingTime(name);
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, in a rotating order: drift on the machine hits every peer alike.
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      samples[name].push(await blockingTime(name));
    }
  }
  const wall = Object.fromEntries(names.map((name) => [name, median(samples[name].map((s) => s.wall))]));
  const cpu = Object.fromEntries(names.map((name) => [name, median(samples[name].map((s) => s.cpu))]));
  console.log(`page cost: the script tag first in <head> of a page that never opens the panel, headless Chromium, medians of ${RUNS} fresh contexts each, interleaved`);
  console.log(`  ${''.padEnd(24)} ${'parser blocked'.padStart(14)} ${'script CPU'.padStart(11)}   size`);
  for (const name of names) {
    const verbose = process.env.VERBOSE ? `  wall ${samples[name].map((s) => s.wall.toFixed(0)).join(' ')}` : '';
    console.log(`  ${name.padEnd(24)} ${fmt(wall[name]).padStart(14)} ${fmt(cpu[name]).padStart(11)}   ${kb(SCRIPTS[name])}${verbose}`);
  }
  const otel = 'OpenTelemetry web';
  const floor = wall['empty script'];
  const ratio = (name) =>
    `parser blocked ${(wall[name] / wall[otel]).toFixed(2)}x (${((wall[name] - floor) / (wall[otel] - floor)).toFixed(2)}x less the empty script's), script CPU ${(cpu[name] / cpu[otel]).toFixed(2)}x`;
  console.log(`  spanlens.iife.js / ${otel}: ${ratio('spanlens.iife.js')}   goal <= 0.5x`);
  console.log(`  spanlens.single.iife.js / ${otel}: ${ratio('spanlens.single.iife.js')}`);

  const opens = [];
  for (let i = 0; i < OPEN_RUNS; i++) opens.push(await firstOpen());
  console.log(`page cost: first open of the panel on 10,000 spans, warm cache (panel file fetched on an earlier visit), median of ${OPEN_RUNS}`);
  const all = (key) => opens.map((o) => o[key].toFixed(0)).join(', ');
  console.log(`  open() to the frame with the panel:      ${fmt(median(opens.map((o) => o.panelFrame)))}   goal < 100 ms   (each: ${all('panelFrame')} ms)`);
  console.log(`  open() to the frame with its first rows: ${fmt(median(opens.map((o) => o.rowsFrame)))}   (each: ${all('rowsFrame')} ms; ${opens[0].rows} rows in the DOM)`);
} finally {
  await browser.close();
  server.close();
}
