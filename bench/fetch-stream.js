/**
 * Benchmark: what the fetch instrumentation adds to a streamed completion.
 *
 *   node bench/fetch-stream.js [rounds=60] [chunks=2000]
 *
 * A mock OpenAI server (its own thread, 127.0.0.1) streams a chat completion of `chunks` SSE
 * events. The same request is made with the native fetch and with the instrumented fetch, in
 * alternating order, in the same run, with a short pause between requests. Reported: time to
 * the first byte read by the app and to the last byte, medians and p90 over the rounds, the
 * difference of the medians, the median of the per-round differences (paired), and the ratio of
 * the medians. The machine's load matters: run it on a quiet machine, several times.
 * The instrumented side records into a real Tracer with a sink, content capture on (live output
 * updates every ~16 ms, as in a page without requestAnimationFrame).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';

const ROUNDS = Number(process.argv[2] ?? 60);
const CHUNKS = Number(process.argv[3] ?? 2000);
const WARMUP = 5;
const PAUSE_MS = 20;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundle the instrumentation from source, so the numbers are for the code as it is now. */
async function loadInstrumentation() {
  const outDir = mkdtempSync(join(tmpdir(), 'spanlens-bench-'));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry: { fetch: join(root, 'src/instrument/fetch/instrument-fetch.ts'), tracer: join(root, 'src/core/tracer.ts') }, formats: ['es'] },
    },
  });
  const fetchModule = await import(pathToFileURL(join(outDir, 'fetch.js')).href);
  const tracerModule = await import(pathToFileURL(join(outDir, 'tracer.js')).href);
  rmSync(outDir, { recursive: true, force: true });
  return { ...fetchModule, ...tracerModule };
}

function startServerThread() {
  const serverModule = pathToFileURL(join(root, 'test/support/mock-llm-server.js')).href;
  const worker = new Worker(
    `import(${JSON.stringify(serverModule)}).then(async (m) => {
       const server = await m.startMockLlmServer();
       require('node:worker_threads').parentPort.postMessage(server.url);
     });`,
    { eval: true },
  );
  return new Promise((resolve) => worker.once('message', (url) => resolve({ url, stop: () => worker.terminate() })));
}

async function once(fetchFn, url) {
  const start = performance.now();
  const response = await fetchFn(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'x-mock-chunks': String(CHUNKS) },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count.' }] }),
  });
  const headers = performance.now() - start;
  const reader = response.body.getReader();
  let first;
  let reads = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first === undefined) first = performance.now() - start;
    reads++;
    bytes += value.byteLength;
  }
  return { headers, ttfb: first, total: performance.now() - start, reads, bytes };
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const ms = (x) => `${x.toFixed(3)} ms`;

async function main() {
  const { instrumentFetch, Tracer } = await loadInstrumentation();
  const server = await startServerThread();
  const native = globalThis.fetch;
  const tracer = new Tracer();
  let spansEnded = 0;
  let updates = 0;
  tracer.subscribe((type) => {
    if (type === 'end') spansEnded++;
    if (type === 'update') updates++;
  });
  const handle = instrumentFetch({ tracer });
  const wrapped = globalThis.fetch;

  const results = { native: [], wrapped: [] };
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    // Alternate which goes first, so neither always benefits from a warm connection or cache.
    const order = i % 2 === 0 ? ['native', 'wrapped'] : ['wrapped', 'native'];
    for (const side of order) {
      const result = await once(side === 'native' ? native : wrapped, server.url);
      if (i >= WARMUP) results[side].push(result);
      // A pause, so that work left from one request (ending its span, GC) is not timed in the next.
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
  }
  // Requests that are nothing of an LLM's: since detection by response, every POST's response
  // headers are looked at. A JSON save, an SSE stream of no known shape, and a GET for reference.
  const spansBefore = spansEnded;
  const plain = {
    'POST JSON (non-LLM)': (f) => f(`${server.url}/api/save`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' }).then((r) => r.json()),
    'POST SSE (unknown)': (f) => f(`${server.url}/custom-sse`, { method: 'POST', body: '{}' }).then((r) => r.text()),
    'GET JSON': (f) => f(`${server.url}/api/save`).then((r) => r.json()),
  };
  const nonLlm = {};
  for (const [name, request] of Object.entries(plain)) {
    nonLlm[name] = { native: [], wrapped: [] };
    for (let i = 0; i < WARMUP + ROUNDS * 4; i++) {
      for (const side of i % 2 === 0 ? ['native', 'wrapped'] : ['wrapped', 'native']) {
        const start = performance.now();
        await request(side === 'native' ? native : wrapped);
        if (i >= WARMUP) nonLlm[name][side].push(performance.now() - start);
      }
    }
  }
  handle.uninstall();
  await server.stop();
  await new Promise((r) => setTimeout(r, 50)); // let the last span end

  const row = (name, pick) => {
    const n = results.native.map(pick);
    const w = results.wrapped.map(pick);
    const mn = median(n);
    const mw = median(w);
    // Rounds pair one native and one wrapped request made back to back: the median of the
    // per-round differences is less sensitive to load drifting during the run.
    const paired = median(w.map((x, i) => x - n[i]));
    console.log(
      `${name.padEnd(20)} native ${ms(mn)} (p90 ${ms(quantile(n, 0.9))})  wrapped ${ms(mw)} (p90 ${ms(quantile(w, 0.9))})  added ${ms(mw - mn)} (paired ${ms(paired)})  ratio ${(mw / mn).toFixed(3)}`,
    );
  };
  console.log(`fetch instrumentation, streamed completion of ${CHUNKS} SSE events, ${ROUNDS} rounds (+${WARMUP} warm-up), node ${process.version}`);
  console.log(`app reads per response (median): native ${median(results.native.map((r) => r.reads))}, wrapped ${median(results.wrapped.map((r) => r.reads))}; bytes ${results.native[0].bytes}`);
  row('time to headers', (r) => r.headers);
  row('time to first byte', (r) => r.ttfb);
  row('time to last byte', (r) => r.total);
  console.log(`non-LLM requests, ${ROUNDS * 4} rounds each (no span expected: ${spansEnded - spansBefore} ended; ratio 1.000 = no cost):`);
  for (const [name, { native: n, wrapped: w }] of Object.entries(nonLlm)) {
    const paired = median(w.map((x, i) => x - n[i]));
    console.log(`${name.padEnd(20)} native ${ms(median(n))}  wrapped ${ms(median(w))}  paired ${ms(paired)}  ratio ${(median(w) / median(n)).toFixed(3)}`);
  }
  console.log(`spans ended: ${spansEnded}, live update events: ${updates}, internal errors: ${tracer.errors.length}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
