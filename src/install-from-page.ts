/**
 * What the script-tag builds do on load: install everything (src/install.ts) with the configuration
 * read from the tag's own element's data attributes and `window.spanlensConfig` (src/config.ts).
 * A second copy of the script finds the first install and hands back the very same object.
 */
import { readPageConfig } from './config';
import { install, installed, type LoadForwarder, type SpanlensHandle } from './install';
import type { LoadPanel } from './launcher/lazy-overlay';

/** How the lazily loaded parts arrive in this build (src/script.ts, src/script-single.ts). */
export interface PageLoaders {
  loadPanel: LoadPanel;
  loadForwarder: LoadForwarder;
}

export function installFromPage(loaders: PageLoaders): SpanlensHandle | undefined {
  try {
    if (installed()) return install(undefined, { problems: [], ...loaders });
    const script = typeof document === 'undefined' ? null : document.currentScript;
    const globalConfig = (globalThis as { spanlensConfig?: unknown }).spanlensConfig;
    const { config, problems } = readPageConfig(script, globalConfig);
    return install(config, { problems, ...loaders });
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
