/**
 * The single-file script-tag entry, `dist/spanlens.single.iife.js`: everything in one file, the
 * panel's code included, for hosts that can serve only one file. It behaves like spanlens.iife.js
 * (src/script.ts) except that opening the panel (or forwarding) fetches nothing, and that the whole file (about
 * three times the other's size) is parsed before the page's own first script runs.
 */
import * as forwarder from './export/forwarder';
import { installFromPage } from './install-from-page';
import * as panel from './ui/panel';

export default installFromPage({ loadPanel: () => Promise.resolve(panel), loadForwarder: () => Promise.resolve(forwarder) });
