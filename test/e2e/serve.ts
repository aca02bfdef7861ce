/**
 * A Vite dev server for end-to-end tests, on 127.0.0.1 and a free port, serving the repository
 * root: a test page at test/e2e/pages/x.html can `import '/src/store/db.ts'` and Vite compiles it,
 * and /dist/ holds the built bundles, served byte for byte as a static host would (Vite's own
 * transform would rewrite the script tag's `import()` of its panel into module code).
 * Extra middleware (a mock LLM) can be plugged in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Connect, type ViteDevServer } from 'vite';

const DIST_TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };

/** GET /dist/<file>: the built file as it is. */
const serveDist: Connect.NextHandleFunction = (req, res, next) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const type = DIST_TYPES[path.slice(path.lastIndexOf('.'))];
  const file = join(process.cwd(), path);
  if (!path.startsWith('/dist/') || path.includes('..') || !type || !existsSync(file)) return next();
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(readFileSync(file));
};

export interface TestServer {
  url: string;
  close(): Promise<void>;
  server: ViteDevServer;
}

export async function startTestServer(middleware?: Connect.NextHandleFunction): Promise<TestServer> {
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    clearScreen: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    plugins: [
      { name: 'test-dist', configureServer: (s: ViteDevServer) => void s.middlewares.use(serveDist) },
      ...(middleware ? [{ name: 'test-middleware', configureServer: (s: ViteDevServer) => void s.middlewares.use(middleware) }] : []),
    ],
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('test server has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close(), server };
}
