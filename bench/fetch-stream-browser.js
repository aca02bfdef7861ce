/**
 * Benchmark: the fetch instrumentation in headless Chromium (the real target), same measure as
 * bench/fetch-stream.js: a streamed chat completion of `chunks` SSE events from the local mock
 * server, native vs instrumented fetch alternating in one page, time to the first byte the app
 * reads and to the last byte.
 *
 *   node bench/fetch-stream-browser.js [rounds=60] [chunks=2000]
 *
 * The page and the mock API share an origin (as with an app's own /api/chat proxy), so the
 * instrumented requests also carry a traceparent header. Chromium: /usr/bin/chromium or CHROMIUM_PATH.
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
  const dir = mkdtempSync(join(tmpdir(), 'spanlens-bench-browser-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { instrumentFetch } from ${JSON.stringify(join(root, 'src/instrument/fetch/instrument-fetch.ts'))};\n` +
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
  const native = window.fetch;
  const tracer = new window.bench.Tracer();
  let ended = 0;
  tracer.subscribe((type) => {
    if (type === 'end') ended++;
  });
  window.bench.instrumentFetch({ tracer });
  const wrapped = window.fetch;
  const once = async (fetchFn) => {
    const start = performance.now();
    const response = await fetchFn('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'x-mock-chunks': String(chunks) },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count.' }] }),
    });
    const reader = response.body.getReader();
    let first;
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      first ??= performance.now() - start;
    }
    return { ttfb: first, total: performance.now() - start };
  };
  const results = { native: [], wrapped: [] };
  for (let i = 0; i < warmup + rounds; i++) {
    for (const side of i % 2 === 0 ? ['native', 'wrapped'] : ['wrapped', 'native']) {
      const result = await once(side === 'native' ? native : wrapped);
      if (i >= warmup) results[side].push(result);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  // Requests that are nothing of an LLM's: since detection by response, every POST's response
  // headers are looked at. A JSON save, an SSE stream of no known shape, and a GET for reference.
  const plain = {
    'POST JSON (non-LLM)': (f) => f('/api/save', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then((r) => r.json()),
    'POST SSE (unknown)': (f) => f('/custom-sse', { method: 'POST', body: '{}' }).then((r) => r.text()),
    'GET JSON': (f) => f('/api/save').then((r) => r.json()),
  };
  const nonLlm = {};
  for (const [name, request] of Object.entries(plain)) {
    nonLlm[name] = { native: [], wrapped: [] };
    for (let i = 0; i < warmup + rounds * 4; i++) {
      for (const side of i % 2 === 0 ? ['native', 'wrapped'] : ['wrapped', 'native']) {
        const start = performance.now();
        await request(side === 'native' ? native : wrapped);
        if (i >= warmup) nonLlm[name][side].push(performance.now() - start);
      }
    }
  }
  await new Promise((r) => setTimeout(r, 100));
  return { results, nonLlm, ended, errors: tracer.errors.length };
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
    const { results, nonLlm, ended, errors } = await page.evaluate(measure, { rounds: ROUNDS, warmup: WARMUP, chunks: CHUNKS });
    const version = browser.version();
    console.log(`fetch instrumentation in Chromium ${version}, streamed completion of ${CHUNKS} SSE events, ${ROUNDS} rounds (+${WARMUP} warm-up)`);
    for (const [name, pick] of [
      ['time to first byte', (r) => r.ttfb],
      ['time to last byte', (r) => r.total],
    ]) {
      const n = results.native.map(pick);
      const w = results.wrapped.map(pick);
      const paired = median(w.map((x, i) => x - n[i]));
      console.log(
        `${name.padEnd(20)} native ${ms(median(n))} (p90 ${ms(quantile(n, 0.9))})  wrapped ${ms(median(w))} (p90 ${ms(quantile(w, 0.9))})  added ${ms(median(w) - median(n))} (paired ${ms(paired)})  ratio ${(median(w) / median(n)).toFixed(3)}`,
      );
    }
    console.log(`non-LLM requests, ${ROUNDS * 4} rounds each (no span expected; ratio 1.000 = no cost):`);
    for (const [name, { native, wrapped }] of Object.entries(nonLlm)) {
      const paired = median(wrapped.map((x, i) => x - native[i]));
      console.log(`${name.padEnd(20)} native ${ms(median(native))}  wrapped ${ms(median(wrapped))}  paired ${ms(paired)}  ratio ${(median(wrapped) / median(native)).toFixed(3)}`);
    }
    console.log(`spans ended: ${ended} (the ${ROUNDS + WARMUP} completions only), internal errors: ${errors}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
