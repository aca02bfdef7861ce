/**
 * A local OTLP/HTTP receiver for the forwarder tests: decodes JSON with JSON.parse and protobuf
 * with protobufjs and the official opentelemetry-proto definitions (the vendored .proto files),
 * keeps every request, and answers with the statuses a test scripts.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { protoRoot } from '../../../src/collector/protobuf';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The ExportTraceServiceRequest in OTLP/JSON object form (ids base64 for protobuf). */
  body: Record<string, unknown>;
  encoding: 'json' | 'protobuf';
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  preflights: number;
  /** Statuses to answer with, in order; 200 once they run out. */
  script: Array<number | { status: number; headers?: Record<string, string> }>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith(protoRoot()) ? target : protoRoot() + target);
  root.loadSync('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  const type = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const receiver: Receiver = { url: '', requests: [], preflights: 0, script: [], close: async () => {} };
  const server = createServer(async (request, response) => {
    if (request.method === 'OPTIONS') {
      // A browser's CORS preflight (JSON and protobuf bodies, custom headers).
      response.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': '*' });
      receiver.preflights++;
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const isProtobuf = request.headers['content-type'] === 'application/x-protobuf';
    const body = isProtobuf
      ? (type.toObject(type.decode(raw), { longs: String, enums: Number, bytes: String, json: true }) as Record<string, unknown>)
      : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    receiver.requests.push({ headers: request.headers, body, encoding: isProtobuf ? 'protobuf' : 'json' });
    const next = receiver.script.shift() ?? 200;
    const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
    response.writeHead(status, { 'access-control-allow-origin': '*', ...headers });
    response.end(status === 200 ? '{}' : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
