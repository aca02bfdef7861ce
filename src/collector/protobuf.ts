/// <reference types="node" />
/**
 * OTLP protobuf → the OTLP/JSON object form, so one decoder (export/otlp-decode.ts) reads both.
 *
 * The message types come from the official OpenTelemetry .proto files, vendored unchanged in
 * ./proto (Apache-2.0, see ./proto/LICENSE and ./proto/README.md) and loaded with protobufjs at
 * first use. protobufjs turns bytes into base64 and 64-bit integers into decimal strings here,
 * which is what the OTLP/JSON reader accepts (it converts base64 ids to hex).
 */
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

const SERVICE_PROTO = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';
const REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';

let requestType: protobuf.Type | undefined;

/** The folder holding the vendored `opentelemetry/proto/...` tree (beside this module, also once built). */
export function protoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'proto') + sep;
}

/** The ExportTraceServiceRequest type, loaded from the .proto files once. */
export function traceRequestType(): protobuf.Type {
  if (requestType) return requestType;
  const root = new protobuf.Root();
  // Imports in the official files are relative to the tree's top: resolve them there.
  const base = protoRoot();
  root.resolvePath = (_origin, target) => (target.startsWith(base) ? target : base + target);
  root.loadSync(SERVICE_PROTO, { keepCase: false });
  requestType = root.lookupType(REQUEST_TYPE);
  return requestType;
}

/** Decode a binary ExportTraceServiceRequest into its OTLP/JSON object form. */
export function protobufToOtlpJson(body: Uint8Array): unknown {
  const type = traceRequestType();
  let message: protobuf.Message;
  try {
    message = type.decode(body);
  } catch (error) {
    throw new ProtobufDecodeError(`not a valid ExportTraceServiceRequest (${(error as Error).message})`);
  }
  // json: NaN and infinities as strings; enums as numbers, as OTLP/JSON writes them.
  return type.toObject(message, { longs: String, enums: Number, bytes: String, json: true });
}
