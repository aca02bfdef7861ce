/**
 * install() and mountOverlay() of the npm entry (`spanlens`): the panel's code is a dynamic
 * import() of src/ui/panel.ts, which bundlers turn into a chunk of its own, fetched on the first
 * open; the forwarder's likewise, fetched only when `otlpEndpoint` is set. `spanlens/eager`
 * (src/eager.ts) has the same two with the panel in the main bundle.
 */
import type { SpanlensConfig } from '../config';
import { getTracer } from '../core/global';
import { install as installWith, type InstallOptions, type LoadForwarder, type SpanlensHandle } from '../install';
import type { OverlayHandle, OverlayOptions } from '../ui/mount';
import { mountLazyOverlay, type LoadPanel } from './lazy-overlay';

const importPanel: LoadPanel = () => import('../ui/panel');
export const importForwarder: LoadForwarder = () => import('../export/forwarder');

export function install(config?: SpanlensConfig, options: InstallOptions = {}): SpanlensHandle {
  return installWith(config, { loadPanel: importPanel, loadForwarder: importForwarder, ...options });
}

/** The launcher now, the panel on the first open; the handle works at once (open() loads it). */
export function mountOverlay(options: OverlayOptions = {}): OverlayHandle {
  return mountLazyOverlay({ ...options, tracer: options.tracer ?? getTracer(), loadPanel: importPanel });
}
