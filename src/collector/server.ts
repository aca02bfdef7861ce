/// <reference types="node" />
/**
 * The collector as its own HTTP server (what `npx spanlens collector` runs).
 *
 * It listens on 127.0.0.1 by default. A loopback server also checks the Host header, so a web page
 * cannot reach it through a DNS name rebound to 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollector, type Collector, type CollectorOptions } from './collector';

export interface ServerOptions extends CollectorOptions {
  /** Default 4318, OTLP/HTTP's port; 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningCollector {
  collector: Collector;
  server: Server;
  /** e.g. http://127.0.0.1:4318 */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4318;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function startCollector(options: ServerOptions = {}): Promise<RunningCollector> {
  const host = options.host ?? '127.0.0.1';
  const collector = createCollector(options);
  const checkHost = LOOPBACK_HOSTS.has(host);
  const server = createServer((request, response) => {
    if (checkHost && !LOOPBACK_HOSTS.has(hostName(request.headers.host))) {
      response.writeHead(421, { 'content-type': 'text/plain' });
      response.end('spanlens collector: unexpected Host header');
      return;
    }
    if (!collector.handle(request, response)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('spanlens collector: POST /v1/traces, GET /v1/spans/stream, GET /v1/status');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        collector,
        server,
        url: `http://${shownHost}:${address.port}`,
        async close() {
          await collector.close();
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}

/** The host name of a Host header, without its port. */
function hostName(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0].toLowerCase();
}
