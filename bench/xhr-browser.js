/**
 * Benchmark: the XMLHttpRequest instrumentation in headless Chromium, against native XHR in the
 * same page and run (spanlens installed for one request, uninstalled for the next, alternating).
 * Two measures: a streamed chat completion of `chunks` SSE events read as an app reads it
 * (responseText in onprogress), time to the first text and to loadend; and a JSON completion,
 * time to loadend. The mock API shares the page's origin, so wrapped requests carry a traceparent.
 *
 *   node bench/xhr-browser.js [rounds=60] [chunks=2000]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startMockLlmServer } from '../test/support/mock-llm-server.js';

const ROUNDS = Number(process.argv[2] ?? 60);
const CHUNKS = Number(process.argv[3] ?? 2000);
const WARMUP = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

async function bundle() {
  const dir = mkdtempSync(join(tmpdir(), 'spanlens-bench-xhr-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { instrumentXhr } from ${JSON.stringify(join(root, 'src/instrument/xhr/instrument-xhr.ts'))};\n` +
      `export { Tracer } from ${JSON.stringify(join(root, 'src/core/tracer.ts'))};\n`,
  );
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: join(dir, 'out'), emptyOutDir: true, minify: true, lib: { entry, formats: ['iife'], name: 'bench', fileName: () => 'bench.js' } },
  });
  const code = readFileSync(join(dir, 'out', 'bench.js'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return code;
}

/** Runs in the page. */
async function measure({ rounds, warmup, chunks }) {
  const tracer = new window.bench.Tracer();
  let ended = 0;
  tracer.subscribe((type) => {
    if (type === 'end') ended++;
  });
  const once = (stream) =>
    new Promise((resolve) => {
      const start = performance.now();
      let first;
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/v1/chat/completions');
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.setRequestHeader('authorization', 'Bearer sk-bench');
      xhr.setRequestHeader('x-mock-chunks', String(chunks));
      xhr.onprogress = () => {
        if (first === undefined && xhr.responseText.length > 0) first = performance.now() - start;
      };
      xhr.onloadend = () => resolve({ first, total: performance.now() - start });
      xhr.send(JSON.stringify({ model: 'gpt-4o-mini', stream, stream_options: stream ? { include_usage: true } : undefined, messages: [{ role: 'user', content: 'Count.' }] }));
    });
  const results = { stream: { native: [], wrapped: [] }, json: { native: [], wrapped: [] } };
  for (let i = 0; i < warmup + rounds; i++) {
    for (const kind of ['stream', 'json']) {
      for (const side of i % 2 === 0 ? ['native', 'wrapped'] : ['wrapped', 'native']) {
        const handle = side === 'wrapped' ? window.bench.instrumentXhr({ tracer }) : undefined;
        const result = await once(kind === 'stream');
        handle?.uninstall();
        if (i >= warmup) results[kind][side].push(result);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
  await new Promise((r) => setTimeout(r, 100));
  return { results, ended, errors: tracer.errors.length };
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const ms = (x) => `${x.toFixed(3)} ms`;

async function main() {
  const code = await bundle();
  const server = await startMockLlmServer({
    serve(req, res) {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>bench</title><script src="/bench.js"></script>');
        return true;
      }
      if (req.url === '/bench.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(code);
        return true;
      }
      return false;
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const { results, ended, errors } = await page.evaluate(measure, { rounds: ROUNDS, warmup: WARMUP, chunks: CHUNKS });
    console.log(`XMLHttpRequest instrumentation in Chromium ${browser.version()}, native vs wrapped alternating, ${ROUNDS} rounds (+${WARMUP} warm-up)`);
    const rows = [
      [`stream (${CHUNKS} SSE events): first text`, results.stream, (r) => r.first],
      ['stream: loadend', results.stream, (r) => r.total],
      ['JSON completion: loadend', results.json, (r) => r.total],
    ];
    for (const [name, sides, pick] of rows) {
      const n = sides.native.map(pick);
      const w = sides.wrapped.map(pick);
      const paired = median(w.map((x, i) => x - n[i]));
      console.log(
        `${name.padEnd(36)} native ${ms(median(n))} (p90 ${ms(quantile(n, 0.9))})  wrapped ${ms(median(w))} (p90 ${ms(quantile(w, 0.9))})  added ${ms(median(w) - median(n))} (paired ${ms(paired)})  ratio ${(median(w) / median(n)).toFixed(3)}`,
      );
    }
    console.log(`spans ended: ${ended} of ${2 * (ROUNDS + WARMUP)}, internal errors: ${errors}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
