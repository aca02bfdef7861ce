/**
 * `spanlens/eager`: the ES module API of `spanlens` (src/index.ts) with the panel's code in the
 * main bundle instead of a chunk loaded on first open. For apps that would rather not have a second
 * request when the panel opens, or whose tooling does not split dynamic imports.
 */
import type { SpanlensConfig } from './config';
import { install as installWith, type InstallOptions, type SpanlensHandle } from './install';
import { importForwarder } from './launcher/npm';
import * as panel from './ui/panel';

export * from './index';
export { mountOverlay } from './ui/mount';

export function install(config?: SpanlensConfig, options: InstallOptions = {}): SpanlensHandle {
  return installWith(config, { loadPanel: () => Promise.resolve(panel), loadForwarder: importForwarder, ...options });
}
