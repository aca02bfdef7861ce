/**
 * The demo's Vite configuration as a function, so `npm run demo` (demo/vite.config.ts) and the
 * end-to-end tests start the very same server: the chat app in demo/, the mock LLM (demo/mock/)
 * as middleware, and the built bundle at /dist/spanlens.iife.js, loaded by a plain script tag.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Plugin } from 'vite';
import { createMockLlm, type MockTiming } from './mock/index.ts';
import { spanlens as spanlensCollector } from '../src/collector/vite.ts';

export const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(DEMO_ROOT, '..', 'dist');

export interface DemoOptions {
  /** Faster or slower mock answers (tests use FAST_TIMING). */
  timing?: Partial<MockTiming>;
  /** The real OpenAI key, kept on the server: enables the "real OpenAI" model through a proxy. */
  openAiKey?: string;
  /** Default 5173; 0 picks a free port. */
  port?: number;
  host?: string;
  logLevel?: InlineConfig['logLevel'];
}

export function demoConfig(options: DemoOptions = {}): InlineConfig {
  return {
    configFile: false,
    root: DEMO_ROOT,
    logLevel: options.logLevel ?? 'info',
    clearScreen: false,
    // Its own optimizer cache: other Vite servers of the test suite use different dependencies.
    cacheDir: join(DEMO_ROOT, '..', 'node_modules', '.vite-demo'),
    server: { host: options.host ?? 'localhost', port: options.port ?? 5173, strictPort: false },
    optimizeDeps: { include: ['openai', '@anthropic-ai/sdk', 'ai'] },
    // The collector in the dev server (what `spanlens/vite` gives an app): the demo server's own
    // OpenTelemetry spans (the AI SDK route) go there, and the AI SDK page's panel shows them.
    plugins: [spanlensCollector(), demoPlugin(options)],
  };
}

function demoPlugin(options: DemoOptions): Plugin {
  return {
    name: 'spanlens-demo',
    configureServer(server) {
      server.middlewares.use(serveDist);
      server.middlewares.use(createMockLlm({ timing: options.timing, openAiKey: options.openAiKey }));
    },
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.ts': 'text/plain' };

/** GET /dist/* from the repository's dist/, the files `npm run build` wrote. */
function serveDist(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname);
  if (!path.startsWith('/dist/') || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
  const file = normalize(join(DIST, path.slice('/dist/'.length)));
  if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(existsSync(DIST) ? 'not found' : 'dist/ is missing: run `npm run build` first');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
}
