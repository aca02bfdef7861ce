/**
 * The script-tag entry, `dist/spanlens.iife.js`, with its panel in a second file beside it:
 *
 *   <script src="/spanlens/spanlens.iife.js" data-hotkey="Alt+Shift+K"></script>   (first thing in <head>)
 *   and /spanlens/spanlens.panel.js served next to it
 *
 * This file holds the recorder, the store and a small launcher; the panel's code (src/ui, Preact,
 * signals, CSS) is fetched from `spanlens.panel.js`, resolved against this script's own src, the
 * first time the panel opens (src/lazy/sibling-module.ts says how and why); the OTLP forwarder's
 * from `spanlens.forwarder.js`, only when `data-otlp-endpoint` is set. Loading installs
 * everything (src/install-from-page.ts) and makes the install handle `window.spanlens`: the manual
 * API, open/close/toggle, export, uninstall. For a page that can serve only one file:
 * `spanlens.single.iife.js` (src/script-single.ts).
 */
import type * as ForwarderModule from './export/forwarder';
import { installFromPage } from './install-from-page';
import type { PanelModule } from './launcher/lazy-overlay';
import { captureScriptOrigin, importSibling } from './lazy/sibling-module';

// Now, while this script runs: document.currentScript is null once it has.
const origin = captureScriptOrigin();

export default installFromPage({
  loadPanel: () => importSibling<PanelModule>(origin, 'spanlens.panel.js'),
  loadForwarder: () => importSibling<typeof ForwarderModule>(origin, 'spanlens.forwarder.js'),
});
