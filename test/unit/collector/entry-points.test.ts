/**
 * The two ways to run the collector: the `spanlens collector` command (bin/spanlens.js, as npx runs
 * it, with --file) and the `spanlens/vite` plugin inside a real Vite dev server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createServer } from 'vite';
import { afterAll, expect, it } from 'vitest';
import { decodeOtlp } from '../../../src/export/otlp-decode';
import { spanlens } from '../../../src/collector/vite';
import { exportFixtureTrace } from './otel-fixture';

const temp = mkdtempSync(join(tmpdir(), 'spanlens-collector-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

it('runs as `spanlens collector --port 0 --file x.jsonl` and keeps what it receives', { timeout: 90_000 }, async () => {
  const file = join(temp, 'spans.jsonl');
  const child = spawn(process.execPath, ['bin/spanlens.js', 'collector', '--port', '0', '--file', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)));
    });
    const sdkSpans = await exportFixtureTrace(new ProtoExporter({ url: `${url}/v1/traces` }));
    const status = (await (await fetch(`${url}/v1/status`)).json()) as { received: number };
    expect(status.received).toBe(3);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const [session] = decodeOtlp(readFileSync(file, 'utf8'));
    expect(session.spans.map((s) => s.spanId).sort()).toEqual(sdkSpans.map((s) => s.spanContext().spanId).sort());
  } finally {
    child.kill();
  }
});

it('mounts in a Vite dev server: same origin, no second process', { timeout: 60_000 }, async () => {
  const plugin = spanlens();
  const server = await createServer({ configFile: false, root: temp, logLevel: 'silent', plugins: [plugin], server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  try {
    const origin = server.resolvedUrls!.local[0].replace(/\/$/, '');
    const sdkSpans = await exportFixtureTrace(new JsonExporter({ url: `${origin}/v1/traces` }));
    const traceId = sdkSpans[0].spanContext().traceId;
    expect(plugin.collector!.window.trace(traceId)).toHaveLength(3);
    // Everything else is still Vite's.
    expect((await fetch(`${origin}/@vite/client`)).status).toBe(200);
  } finally {
    await server.close();
  }
});
