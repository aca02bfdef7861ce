/**
 * The server of the surfaces tests: Vite over the repository (test pages import the sources),
 * with axios and @google/genai pre-bundled for the browser, and the mock LLM on the same origin.
 */
import { createServer } from 'vite';
import { surfacesMock, type SeenRequest } from './surfaces-mock';

export interface SurfacesServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startSurfacesServer(): Promise<SurfacesServer> {
  const mock = surfacesMock();
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    clearScreen: false,
    cacheDir: 'node_modules/.vite-surfaces',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: ['axios', '@google/genai'] },
    plugins: [{ name: 'surfaces-mock', configureServer: (s) => void s.middlewares.use(mock.middleware) }],
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('surfaces server has no port');
  return { url: `http://127.0.0.1:${address.port}`, requests: mock.requests, close: () => server.close() };
}
