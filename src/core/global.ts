/**
 * The page's tracer. One per page load (one session); everything that records without being
 * handed a tracer (the manual API, the fetch instrumentation) records into it.
 */
import { Tracer } from './tracer';

let defaultTracer: Tracer | undefined;

export function getTracer(): Tracer {
  return (defaultTracer ??= new Tracer());
}

/** Replace the page's tracer (install() with a config, tests). Returns the previous one. */
export function setTracer(tracer: Tracer): Tracer | undefined {
  const previous = defaultTracer;
  defaultTracer = tracer;
  return previous;
}
