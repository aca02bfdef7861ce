/**
 * OTLP/JSON object form → protobuf bytes (ExportTraceServiceRequest), for the forwarder's
 * `protobuf` protocol: what Phoenix's /v1/traces takes, and every OTLP receiver's default.
 *
 * A small writer of the protobuf wire format for the fields encodeOtlp writes, field numbers from
 * the official opentelemetry-proto definitions (src/collector/proto/, v1.11.0). Written out rather
 * than generated so the page loads ~2 KB instead of a protobuf runtime, and only when this protocol
 * is configured (the forwarder imports it on demand). The tests decode its output with protobufjs
 * and the official .proto files.
 */
import type { OtlpAnyValue, OtlpEvent, OtlpExportRequest, OtlpKeyValue, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan } from './otlp-types';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

/** Bytes of one message being written; nested messages are written into their own and copied in. */
class Writer {
  readonly bytes: number[] = [];

  varint(value: bigint | number): void {
    // int64 negatives are written as their 64-bit two's complement: ten bytes.
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest > 0x7fn) {
      this.bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.bytes.push(Number(rest));
  }

  key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  raw(field: number, data: ArrayLike<number>): void {
    this.key(field, LENGTH_DELIMITED);
    this.varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
  }

  string(field: number, value: string | undefined): void {
    if (value) this.raw(field, utf8.encode(value));
  }

  hex(field: number, value: string | undefined): void {
    if (!value) return;
    const data: number[] = [];
    for (let i = 0; i < value.length; i += 2) data.push(parseInt(value.slice(i, i + 2), 16));
    this.raw(field, data);
  }

  /** An unsigned 64-bit integer given as a decimal string (nanosecond times). */
  fixed64(field: number, decimal: string): void {
    let rest = BigInt(decimal);
    if (rest === 0n) return;
    this.key(field, FIXED64);
    for (let i = 0; i < 8; i++) {
      this.bytes.push(Number(rest & 0xffn));
      rest >>= 8n;
    }
  }

  double(field: number, value: number): void {
    this.key(field, FIXED64);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.bytes.push(view.getUint8(i));
  }

  enum(field: number, value: number | undefined): void {
    if (!value) return;
    this.key(field, VARINT);
    this.varint(value);
  }

  message(field: number, write: (writer: Writer) => void): void {
    const child = new Writer();
    write(child);
    this.raw(field, child.bytes);
  }
}

export function encodeOtlpProtobuf(request: OtlpExportRequest): Uint8Array {
  const writer = new Writer();
  for (const rs of request.resourceSpans) writer.message(1, (w) => resourceSpans(w, rs));
  return Uint8Array.from(writer.bytes);
}

function resourceSpans(w: Writer, rs: OtlpResourceSpans): void {
  w.message(1, (resource) => keyValues(resource, 1, rs.resource.attributes));
  for (const scope of rs.scopeSpans) w.message(2, (s) => scopeSpans(s, scope));
}

function scopeSpans(w: Writer, scope: OtlpScopeSpans): void {
  w.message(1, (s) => {
    s.string(1, scope.scope.name);
    s.string(2, scope.scope.version);
  });
  for (const span of scope.spans) w.message(2, (s) => spanMessage(s, span));
}

function spanMessage(w: Writer, span: OtlpSpan): void {
  w.hex(1, span.traceId);
  w.hex(2, span.spanId);
  w.hex(4, span.parentSpanId);
  w.string(5, span.name);
  w.enum(6, span.kind);
  w.fixed64(7, span.startTimeUnixNano);
  w.fixed64(8, span.endTimeUnixNano);
  keyValues(w, 9, span.attributes);
  for (const event of span.events) w.message(11, (e) => eventMessage(e, event));
  w.message(15, (status) => {
    status.string(2, span.status.message);
    status.enum(3, span.status.code);
  });
}

function eventMessage(w: Writer, event: OtlpEvent): void {
  w.fixed64(1, event.timeUnixNano);
  w.string(2, event.name);
  keyValues(w, 3, event.attributes ?? []);
}

function keyValues(w: Writer, field: number, entries: readonly OtlpKeyValue[]): void {
  for (const entry of entries) {
    w.message(field, (kv) => {
      kv.string(1, entry.key);
      kv.message(2, (value) => anyValue(value, entry.value));
    });
  }
}

function anyValue(w: Writer, value: OtlpAnyValue): void {
  if ('stringValue' in value) {
    // An empty string is still a set oneof: written even though it has no bytes.
    w.raw(1, utf8.encode(value.stringValue));
  } else if ('boolValue' in value) {
    w.key(2, VARINT);
    w.varint(value.boolValue ? 1 : 0);
  } else if ('intValue' in value) {
    w.key(3, VARINT);
    w.varint(BigInt(value.intValue));
  } else if ('doubleValue' in value) {
    w.double(4, value.doubleValue);
  } else if ('arrayValue' in value) {
    w.message(5, (array) => {
      for (const item of value.arrayValue.values ?? []) array.message(1, (v) => anyValue(v, item));
    });
  } else if ('kvlistValue' in value) {
    w.message(6, (list) => keyValues(list, 1, value.kvlistValue.values ?? []));
  } else if ('bytesValue' in value) {
    w.raw(7, Uint8Array.from(atob(value.bytesValue), (c) => c.charCodeAt(0)));
  }
}
