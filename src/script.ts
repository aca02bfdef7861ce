/**
 * The script-tag entry, `dist/spanlens.iife.js`:
 *
 *   <script src="spanlens.iife.js" data-hotkey="Alt+Shift+K"></script>   (first thing in <head>)
 *
 * Loading it installs everything (src/install.ts) with the configuration read from its own
 * element's data attributes and `window.spanlensConfig` (src/config.ts), and makes the install
 * handle `window.spanlens`: the manual API, open/close/toggle, export, uninstall. A second copy of
 * the script finds the first install and hands back the very same object.
 */
import { readPageConfig } from './config';
import { install, installed, type SpanlensHandle } from './install';

function installFromPage(): SpanlensHandle | undefined {
  try {
    if (installed()) return install(undefined, { problems: [] });
    const script = typeof document === 'undefined' ? null : document.currentScript;
    const globalConfig = (globalThis as { spanlensConfig?: unknown }).spanlensConfig;
    const { config, problems } = readPageConfig(script, globalConfig);
    return install(config, { problems });
  } catch (error) {
    // Whatever went wrong, the page must not see an exception from its first script tag.
    try {
      console.warn(`spanlens: could not install (${error instanceof Error ? error.message : String(error)}); the page runs without it`);
    } catch {
      // No console either: nothing left to tell.
    }
    return undefined;
  }
}

export default installFromPage();
