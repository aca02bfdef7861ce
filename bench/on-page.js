/**
 * Benchmark: what recording adds to the built-in AI and to an in-page engine, per call.
 *
 *   node bench/on-page.js [rounds=400]
 *
 * The peers are the same stand-ins (test/support/browser-ai-standin.js, webllm-standin.js) with
 * no spanlens, measured in the same run, alternating with the recorded ones. The stand-ins answer
 * at once, so what is measured is spanlens' own work, not a model's: the time until the app's call
 * returns (the synchronous part, on the app's path), and the time until the whole answer is in
 * the app's hands (a 6-word prompt on a session with 20 earlier turns; a streamed prompt read to
 * the end; a streamed WebLLM completion read to the end). Medians over the rounds, µs, and the
 * ratio recorded / native. A real on-device model takes tens to thousands of milliseconds per
 * answer: compare the differences with that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROUNDS = Number(process.argv[2] ?? 400);
const root = fileURLToPath(new URL('..', import.meta.url));

async function loadSpanlens() {
  const outDir = mkdtempSync(join(tmpdir(), 'spanlens-bench-'));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: {
        entry: {
          ai: join(root, 'src/instrument/browser-ai/instrument-browser-ai.ts'),
          engines: join(root, 'src/instrument/engines/wrap-chat-client.ts'),
          tracer: join(root, 'src/core/tracer.ts'),
        },
        formats: ['es'],
      },
    },
  });
  const load = (name) => import(pathToFileURL(join(outDir, `${name}.js`)).href);
  const modules = { ...(await load('ai')), ...(await load('engines')), ...(await load('tracer')) };
  rmSync(outDir, { recursive: true, force: true });
  return modules;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const { instrumentBrowserAi, wrapChatClient, Tracer } = await loadSpanlens();
  await import(pathToFileURL(join(root, 'test/support/browser-ai-standin.js')).href);
  await import(pathToFileURL(join(root, 'test/support/webllm-standin.js')).href);
  const tracer = new Tracer();
  let ended = 0;
  tracer.subscribe((type) => {
    if (type === 'end') ended++;
  });

  // Two copies of the stand-in classes: one left native, one recorded.
  const native = {};
  const recorded = {};
  globalThis.installBuiltInAiStandIn(native, { contextWindow: 1e9 });
  globalThis.installBuiltInAiStandIn(globalThis, { contextWindow: 1e9 });
  instrumentBrowserAi({ tracer });
  for (const name of ['LanguageModel']) recorded[name] = globalThis[name];

  const history = Array.from({ length: 20 }, (_, i) => [
    { role: 'user', content: `Question number ${i} about the weather in a city far away?` },
    { role: 'assistant', content: 'It is sunny there, with a light breeze from the west and 22 degrees.' },
  ]).flat();
  const sessions = {
    native: await native.LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Be brief.' }, ...history] }),
    recorded: await recorded.LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Be brief.' }, ...history] }),
  };
  const engines = { native: globalThis.createWebLlmStandIn(), recorded: wrapChatClient(globalThis.createWebLlmStandIn(), { tracer }) };
  const messages = [{ role: 'user', content: 'Weather in Paris?' }];

  const cases = {
    'LanguageModel.prompt': async (side) => {
      const t0 = performance.now();
      const promise = sessions[side].prompt('What is the capital of France?');
      const t1 = performance.now();
      await promise;
      return [t1 - t0, performance.now() - t0];
    },
    'LanguageModel.promptStreaming': async (side) => {
      const t0 = performance.now();
      const stream = sessions[side].promptStreaming('Tell me');
      const t1 = performance.now();
      for await (const _chunk of stream) void _chunk;
      return [t1 - t0, performance.now() - t0];
    },
    'wrapChatClient stream': async (side) => {
      const t0 = performance.now();
      const promise = engines[side].chat.completions.create({ messages, stream: true, stream_options: { include_usage: true } });
      const t1 = performance.now();
      for await (const _chunk of await promise) void _chunk;
      return [t1 - t0, performance.now() - t0];
    },
  };

  console.log(`on-page recorders: ${ROUNDS} rounds each, medians in µs (call = until the app's call returns, answer = until the app has all of it)`);
  for (const [name, run] of Object.entries(cases)) {
    const times = { native: { call: [], answer: [] }, recorded: { call: [], answer: [] } };
    for (let round = 0; round < ROUNDS + 20; round++) {
      for (const side of round % 2 === 0 ? ['native', 'recorded'] : ['recorded', 'native']) {
        const [call, answer] = await run(side);
        if (round >= 20) {
          times[side].call.push(call * 1000);
          times[side].answer.push(answer * 1000);
        }
      }
    }
    const row = (what) => {
      const n = median(times.native[what]);
      const r = median(times.recorded[what]);
      return `${what} ${n.toFixed(1)} → ${r.toFixed(1)} (+${(r - n).toFixed(1)}, ×${(r / n).toFixed(2)})`;
    };
    console.log(`  ${name.padEnd(30)} ${row('call')}   ${row('answer')}`);
  }
  console.log(`  spans recorded: ${ended}`);
}

await main();
