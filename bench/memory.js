/**
 * Benchmark: what the page keeps in its JS heap per LLM call, with spanlens and without.
 *
 *   node bench/memory.js [calls=1000]      (needs dist/: `npm run build` first)
 *
 * Each variant is a fresh browser context on the same local mock API: `calls` streamed chat
 * completions of about 2 KB each way (a 2 KB prompt, a ~1.8 KB answer in 300 SSE events) made
 * with fetch, the app keeping nothing. The heap is read after forced garbage collection
 * (`--js-flags=--expose-gc`) before and after the calls, once the store has written everything.
 *
 *   no spanlens       the same page without the script tag
 *   overlay off       the script tag with data-overlay="false": recorder and store only
 *   panel closed      the script tag as installed by default, panel never opened
 *   panel open        the panel opened before the calls, watching the live session
 *
 * Printed: KB per call for each, and the difference to the page without spanlens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startMockLlmServer } from '../test/support/mock-llm-server.js';

const CALLS = Number(process.argv[2] ?? 1000);
const WARMUP = 20;
const ANSWER_CHUNKS = 300;
const PROMPT = 'Please summarise the following notes. '.repeat(54); // about 2 KB
const root = fileURLToPath(new URL('..', import.meta.url));
const bundlePath = `${root}dist/spanlens.iife.js`;

const VARIANTS = [
  { name: 'no spanlens', tag: '' },
  { name: 'overlay off', tag: '<script src="/spanlens.iife.js" data-overlay="false"></script>' },
  { name: 'panel closed', tag: '<script src="/spanlens.iife.js"></script>' },
  { name: 'panel open', tag: '<script src="/spanlens.iife.js" data-open></script>' },
];

/** Runs in the page: `count` streamed calls, one after the other, each read to its end. */
async function calls({ count, prompt, chunks }) {
  for (let i = 0; i < count; i++) {
    const response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mock-chunks': String(chunks) },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: `${i}: ${prompt}` }] }),
    });
    const reader = response.body.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  }
  // Let spanlens end the spans and write them (its writer waits up to 200 ms).
  const handle = window.spanlens;
  if (handle) {
    await handle.ready;
    await handle.store()?.flush();
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** The JS heap in use after full garbage collection (twice: weak references and finalizers). */
async function heapAfterGc(page, cdp) {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => window.gc());
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function measure(browser, url, variant) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/page?variant=${encodeURIComponent(variant.name)}`);
  const cdp = await context.newCDPSession(page);
  await page.evaluate(calls, { count: WARMUP, prompt: PROMPT, chunks: ANSWER_CHUNKS });
  const before = await heapAfterGc(page, cdp);
  await page.evaluate(calls, { count: CALLS, prompt: PROMPT, chunks: ANSWER_CHUNKS });
  const after = await heapAfterGc(page, cdp);
  const stats = await page.evaluate(() => {
    const handle = window.spanlens;
    return handle ? { spans: handle.getTracer().stats?.spans, mode: handle.store()?.state().mode } : {};
  });
  await context.close();
  return { ...variant, perCall: (after - before) / CALLS, stats };
}

async function main() {
  if (!existsSync(bundlePath)) throw new Error('bench/memory.js: no dist/spanlens.iife.js; run `npm run build` first');
  const bundle = readFileSync(bundlePath, 'utf8');
  const byName = new Map(VARIANTS.map((v) => [v.name, v]));
  const server = await startMockLlmServer({
    serve(req, res) {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/page') {
        const variant = byName.get(url.searchParams.get('variant'));
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><html><head><title>memory bench</title>${variant.tag}</head><body><p>app</p></body></html>`);
        return true;
      }
      if (url.pathname === '/spanlens.iife.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(bundle);
        return true;
      }
      return false;
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--js-flags=--expose-gc'],
  });
  try {
    const results = [];
    for (const variant of VARIANTS) results.push(await measure(browser, server.url, variant));
    const base = results[0].perCall;
    console.log(`heap per LLM call in Chromium ${browser.version()}: ${CALLS} streamed calls, ~2 KB prompt and ~1.8 KB answer each, after forced GC`);
    for (const r of results) {
      const extra = r === results[0] ? '' : `  spanlens adds ${((r.perCall - base) / 1024).toFixed(2)} KB/call`;
      const stats = r.stats.spans === undefined ? '' : `  (spans ${r.stats.spans}, store ${r.stats.mode})`;
      console.log(`${r.name.padEnd(14)} ${(r.perCall / 1024).toFixed(2).padStart(7)} KB/call${extra}${stats}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
