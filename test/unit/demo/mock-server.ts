/** Runs the demo's mock LLM middleware on a plain Node server on 127.0.0.1 for unit tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockLlm, FAST_TIMING, type MockOptions } from '../../../demo/mock';

export interface RunningMock {
  url: string;
  close(): Promise<void>;
}

export async function startMock(options: MockOptions = { timing: FAST_TIMING }): Promise<RunningMock> {
  const middleware = createMockLlm(options);
  const server: Server = createServer((req, res) =>
    middleware(req, res, () => {
      res.writeHead(404).end('not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
