// `node bench/paint-watch.js`: what the paint watch (first/last token painted, src/instrument/
// page/paint-watch.ts) costs a page that mutates its DOM thousands of times a second. In one
// Chromium page, interleaved: 60 frames of 100 mutations (6,000/s) with an answer being watched
// (the MutationObserver connected, the per-frame check running) and with none watched (the
// observer disconnected, as on a page between turns). Prints wall time per frame and the ratio.
import { startOverlayServer } from './overlay-server.js';

const ROUNDS = Number(process.env.ROUNDS ?? 8);
const env = await startOverlayServer();
try {
  const page = await env.browser.newPage();
  await page.goto(`${env.url}/bench/paint-watch.html`);
  await page.waitForFunction(() => window.ready);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const perFrame of [100]) {
    const watched = [];
    const idle = [];
    for (let i = 0; i < ROUNDS; i++) {
      watched.push(await page.evaluate((p) => window.run({ frames: 60, perFrame: p, watched: true }), perFrame));
      idle.push(await page.evaluate((p) => window.run({ frames: 60, perFrame: p, watched: false }), perFrame));
    }
    const w = median(watched) / 60;
    const n = median(idle) / 60;
    console.log(`paint watch, ${perFrame * 60} mutations/s: ${w.toFixed(2)} ms/frame watched vs ${n.toFixed(2)} ms/frame not watched (x${(w / n).toFixed(3)}, medians of ${ROUNDS})`);
  }
} finally {
  await env.close();
}
