/**
 * W3C trace context on outgoing requests, so a backend traced with OpenTelemetry joins the page's
 * trace. Only to the page's own origin and to origins the app allows: a header the server does
 * not expect turns a simple cross-origin request into a CORS preflight, which many APIs reject.
 */
import type { SpanData } from '../../core/span';

export const TRACEPARENT_HEADER = 'traceparent';

/** `00-<trace id>-<span id>-01` (version 00, sampled). */
export function formatTraceparent(span: Pick<SpanData, 'traceId' | 'spanId'>): string {
  return `00-${span.traceId}-${span.spanId}-01`;
}

/** The origins that get a traceparent: the page's own plus the allowed ones, normalised. */
export function traceparentOrigins(pageOrigin: string | undefined, allowed: readonly string[] | undefined): Set<string> {
  const origins = new Set<string>();
  if (pageOrigin && pageOrigin !== 'null') origins.add(pageOrigin);
  for (const entry of allowed ?? []) {
    try {
      origins.add(new URL(entry).origin);
    } catch {
      // Not a URL: ignored rather than guessed.
    }
  }
  return origins;
}

export function shouldPropagate(url: URL, origins: ReadonlySet<string>): boolean {
  return origins.has(url.origin);
}
