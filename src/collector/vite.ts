/// <reference types="node" />
/**
 * `spanlens/vite`: the collector inside the Vite dev server, so a Vite app needs no second
 * process. The app's server-side OpenTelemetry SDK exports to the dev server's own origin
 * (`OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:5173`), and the page's panel, served from that
 * same origin, subscribes there.
 *
 *   import { spanlens } from 'spanlens/vite';
 *   export default defineConfig({ plugins: [spanlens()] });
 *
 * Only `vite` (dev) and `vite preview` get the middleware; a build is untouched. The type below is
 * the part of Vite's Plugin it uses, so this module needs no import of vite itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCollector, type Collector, type CollectorOptions } from './collector';

type Next = (error?: unknown) => void;
interface Middlewares {
  use(handler: (request: IncomingMessage, response: ServerResponse, next: Next) => void): void;
}
interface DevServerLike {
  middlewares: Middlewares;
  httpServer?: { once(event: 'close', listener: () => void): unknown } | null;
}

export interface SpanlensVitePlugin {
  name: string;
  configureServer(server: DevServerLike): void;
  configurePreviewServer(server: DevServerLike): void;
  /** The collector of the running dev server (undefined before it starts). */
  readonly collector: Collector | undefined;
}

export function spanlens(options: CollectorOptions = {}): SpanlensVitePlugin {
  let collector: Collector | undefined;
  const mount = (server: DevServerLike) => {
    const own = createCollector(options);
    collector = own;
    server.middlewares.use((request, response, next) => {
      if (!own.handle(request, response)) next();
    });
    server.httpServer?.once('close', () => void own.close());
  };
  return {
    name: 'spanlens-collector',
    configureServer: mount,
    configurePreviewServer: mount,
    get collector() {
      return collector;
    },
  };
}

export default spanlens;
