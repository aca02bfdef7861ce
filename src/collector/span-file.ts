/// <reference types="node" />
/**
 * Keeping received spans in a JSON Lines file (`--file`): one OTLP/JSON export request per line,
 * as the OpenTelemetry Collector's file exporter writes, so the panel's import reads it back.
 * Appends; a failed write is reported, never fatal.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

export class SpanFile {
  readonly path: string;
  readonly #out: WriteStream;

  constructor(path: string, onError: (error: Error) => void) {
    this.path = path;
    this.#out = createWriteStream(path, { flags: 'a' });
    this.#out.on('error', onError);
  }

  append(request: unknown): void {
    this.#out.write(JSON.stringify(request) + '\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#out.end(resolve));
  }
}
