// Cost of recording one span (start, 6 GenAI attributes, end) with one sink attached:
// spanlens vs the OpenTelemetry JS SDK (BasicTracerProvider + SimpleSpanProcessor +
// InMemorySpanExporter), measured in the same run, alternating, median of rounds.
import { Tracer } from '../dist/spanlens.js';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const SPANS_PER_ROUND = 200_000;
const ROUNDS = 7;

function attributes(i) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.response.model': 'gpt-4o-2024-08-06',
    'gen_ai.usage.input_tokens': 100 + (i & 7),
    'gen_ai.usage.output_tokens': 20 + (i & 3),
  };
}
const ATTRS = Array.from({ length: 8 }, (_, i) => attributes(i));

function spanlensRound() {
  const tracer = new Tracer({ maxSpans: Infinity });
  let kept = [];
  tracer.subscribe((type, span) => {
    if (type === 'end') kept.push(span);
  });
  const t0 = performance.now();
  for (let i = 0; i < SPANS_PER_ROUND; i++) {
    const span = tracer.startSpan('chat gpt-4o', { kind: 'llm' });
    span.setAttributes(ATTRS[i & 7]);
    span.end();
    if (kept.length === 10_000) kept = [];
  }
  return ((performance.now() - t0) * 1e6) / SPANS_PER_ROUND;
}

function otelRound() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('bench');
  const t0 = performance.now();
  for (let i = 0; i < SPANS_PER_ROUND; i++) {
    const span = tracer.startSpan('chat gpt-4o');
    span.setAttributes(ATTRS[i & 7]);
    span.end();
    if ((i & 8191) === 8191) exporter.reset();
  }
  return ((performance.now() - t0) * 1e6) / SPANS_PER_ROUND;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Warm up both so the JIT has compiled each path before anything is timed.
spanlensRound();
otelRound();
const ours = [];
const theirs = [];
for (let r = 0; r < ROUNDS; r++) {
  ours.push(spanlensRound());
  theirs.push(otelRound());
}
const a = median(ours);
const b = median(theirs);
console.log('core: record one span (start + 6 GenAI attributes + end, one sink)');
console.log(`  spanlens       ${a.toFixed(0).padStart(6)} ns/span`);
console.log(`  OpenTelemetry  ${b.toFixed(0).padStart(6)} ns/span`);
console.log(`  ratio          ${(b / a).toFixed(1)}x cheaper`);
