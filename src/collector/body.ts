/// <reference types="node" />
/**
 * Reading a request body within a size bound, compressed or not.
 *
 * The bound applies to the bytes on the wire and again to the bytes after gunzip, so a small
 * compressed body cannot expand into gigabytes.
 */
import type { IncomingMessage } from 'node:http';
import { gunzip, inflate } from 'node:zlib';

/** A request the collector refuses, with the HTTP status to answer and why. */
export class RequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
  }
}

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      // Stop reading; the response goes out and the connection closes.
      request.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  return decompress(raw, String(request.headers['content-encoding'] ?? 'identity').toLowerCase(), maxBytes);
}

function decompress(raw: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  if (encoding === 'identity' || encoding === '') return Promise.resolve(raw);
  const method = encoding === 'gzip' ? gunzip : encoding === 'deflate' ? inflate : undefined;
  if (!method) return Promise.reject(new RequestError(415, `unsupported content-encoding "${encoding}" (use gzip or none)`));
  return new Promise((resolve, reject) => {
    method(raw, { maxOutputLength: maxBytes }, (error, result) => {
      if (!error) resolve(result);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') reject(tooLarge(maxBytes));
      else reject(new RequestError(400, `body is not valid ${encoding} (${error.message})`));
    });
  });
}

function tooLarge(maxBytes: number): RequestError {
  return new RequestError(413, `body larger than ${maxBytes} bytes`);
}
