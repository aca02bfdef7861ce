/// <reference types="node" />
/**
 * `spanlens collector [--port N] [--host H] [--allow-origin O]... [--file F] [--max-spans N]`
 */
import { parseArgs } from 'node:util';
import { startCollector, DEFAULT_PORT } from './server';

const USAGE = `Usage: spanlens collector [options]

Receives OTLP/HTTP traces (JSON or protobuf) on POST /v1/traces and streams them to the
spanlens panel of the pages that started them.

  --port <n>            port to listen on (default ${DEFAULT_PORT})
  --host <address>      interface to bind (default 127.0.0.1, this machine only)
  --allow-origin <o>    a page origin allowed besides localhost ones; repeat or comma-separate;
                        "*" allows every origin
  --file <path>         also append every request to this JSON Lines file (OTLP/JSON per line)
  --max-spans <n>       spans kept in memory (default 20000)
  --max-mb <n>          megabytes of spans kept in memory (default 64)
  -h, --help            this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'collector') {
    process.stdout.write(USAGE);
    return command === undefined || command === '-h' || command === '--help' ? 0 : 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        file: { type: 'string' },
        'max-spans': { type: 'string' },
        'max-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : positiveInteger(values.port, '--port', true);
  const maxSpans = values['max-spans'] === undefined ? undefined : positiveInteger(values['max-spans'], '--max-spans');
  const maxMb = values['max-mb'] === undefined ? undefined : positiveInteger(values['max-mb'], '--max-mb');
  if (Number.isNaN(port) || Number.isNaN(maxSpans) || Number.isNaN(maxMb)) return 2;
  const allowOrigins = (values['allow-origin'] ?? []).flatMap((value) => value.split(','));
  const running = await startCollector({
    port,
    host: values.host,
    allowOrigins,
    file: values.file,
    maxSpans,
    maxBytes: maxMb === undefined ? undefined : maxMb * 1024 * 1024,
  });
  process.stdout.write(
    `spanlens collector listening on ${running.url}\n` +
      `  OTLP/HTTP: OTEL_EXPORTER_OTLP_ENDPOINT=${running.url}\n` +
      `  page:      <script src=".../spanlens.iife.js" data-collector="${running.url}"></script>\n` +
      (values.file ? `  keeping spans in ${values.file}\n` : ''),
  );
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

function positiveInteger(text: string, flag: string, zeroAllowed = false): number {
  const value = Number(text);
  if (Number.isInteger(value) && (value > 0 || (zeroAllowed && value === 0))) return value;
  process.stderr.write(`${flag} expects a whole number, got "${text}"\n`);
  return NaN;
}
