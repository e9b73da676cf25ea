// Node side of bench/redaction.js: argv = [redaction module, spans]. Prints JSON ns per span.
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { ATTRIBUTES, SENSITIVE } from './spans.mjs';

const [modulePath, count] = [process.argv[2], Number(process.argv[3])];
const { redactedSpan } = await import(modulePath);
const ended = [];
const provider = new BasicTracerProvider({
  spanProcessors: [{ onStart() {}, onEnd: (s) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} }],
});
const tracer = provider.getTracer('bench');

function makeSpans(attributes) {
  ended.length = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('GET /users/:email', { attributes });
    span.addEvent('lookup', { 'lookup.contact': attributes['user.email'] ?? 'n/a', 'lookup.source': 'cache' });
    span.end();
  }
  return Number(process.hrtime.bigint() - t0) / count;
}

function redactAll() {
  const t0 = process.hrtime.bigint();
  for (const s of ended) redactedSpan(s);
  return Number(process.hrtime.bigint() - t0) / count;
}

const result = {};
for (const [name, attributes] of [['clean', ATTRIBUTES], ['sensitive', { ...ATTRIBUTES, ...SENSITIVE }]]) {
  makeSpans(attributes); // warm-up
  redactAll();
  result[name] = { spanNs: makeSpans(attributes), redactNs: redactAll() };
}
console.log(JSON.stringify(result));
