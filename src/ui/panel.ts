/**
 * The panel's code as one unit, loaded on demand (src/launcher/lazy-overlay.ts): the script tag
 * fetches it as the file `spanlens.panel.js` beside itself, the npm build imports it with a dynamic
 * `import()` (bundlers make it a chunk of its own), the eager and single-file builds bundle it.
 *
 * Its exports are its whole interface. It is handed the recorder's objects (the tracer, the store)
 * rather than reaching for the page's tracer, so the panel file carries no Tracer or store of its
 * own: what it shares with the script tag's file is pure code (span snapshots, semconv names, the
 * OTLP encoder for its export button), duplicated in bytes but not in state.
 */
export { mountPanel } from './mount';
/** Datasets and Markdown for the install handle's dataset() and markdown(): pure code that only
 * the panel needs otherwise, so the script tag's file loads it from here when asked. */
export { buildDataset } from '../export/datasets/index';
export { traceMarkdown } from '../export/markdown';
/** The wire writers replay and overrides load on first use (src/instrument/fetch/action-code.ts). */
export { applyEdits, draftFromSpan, replayBody } from '../instrument/fetch/replay-request';
export { answerEvents, answerJson, chunkText, errorJson } from '../instrument/fetch/override-wire';
