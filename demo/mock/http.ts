/** Small helpers for the mock's Node request handlers: JSON in and out, server-sent events. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export class BadRequest extends Error {}

/** The request body parsed as JSON; throws BadRequest for bad JSON or a body that is too big. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * A server-sent event stream that knows when the client went away (Stop button, closed tab), so
 * the mock stops "generating" like a real API does.
 */
export class EventStream {
  #res: ServerResponse;
  #gone = false;
  #wake: (() => void) | undefined;

  constructor(res: ServerResponse) {
    this.#res = res;
    res.on('close', () => {
      this.#gone = !res.writableFinished;
      this.#wake?.();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
  }

  get gone(): boolean {
    return this.#gone;
  }

  send(data: unknown, event?: string): void {
    if (this.#gone) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    this.#res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
  }

  end(): void {
    if (!this.#gone) this.#res.end();
  }

  /** Wait ms, or less if the client goes away meanwhile. */
  pause(ms: number): Promise<void> {
    if (this.#gone || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Split a string into pieces of at most `size` characters (how tool-call arguments stream). */
export function fragments(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
