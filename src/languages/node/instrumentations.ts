import type { LanguageDetection } from '../../project/detection.js';

/** One instrumentation the generated setup can enable: its package and exported class. */
export interface InstrumentationSpec {
  id: string;
  package: string;
  className: string;
  /** Constructor options as JavaScript source (fixed text, never user input). */
  options?: string;
  /** Other names the options use from the package. */
  alsoImport?: string[];
}

/**
 * Per-layer spans a user rarely reads cost CPU on every request, recorded or not: they are off
 * unless TRACEKIT_LAYER_SPANS=true. Express keeps its request handler span (it carries the
 * exception a route throws); its middleware and router spans (zero-length for routers) go.
 */
const LAYER_SPANS = 'process.env.TRACEKIT_LAYER_SPANS === "true"';
/** In a request the sampler dropped, a layer span would not be recorded either: no layer is wrapped. */
const UNSAMPLED = '() => !trace.getActiveSpan()?.isRecording()';

/**
 * Every instrumentation tracekit knows, keyed by the framework or library id from
 * node/rules.ts. Only those the service uses are enabled (each one costs startup
 * time); re-running `tracekit init` after adding a dependency enables its instrumentation.
 */
export const INSTRUMENTATIONS: Record<string, InstrumentationSpec> = {
  http: { id: 'http', package: '@opentelemetry/instrumentation-http', className: 'HttpInstrumentation' },
  // Node's global fetch() is undici inside: no dependency shows it is used, so it is always on.
  undici: { id: 'undici', package: '@opentelemetry/instrumentation-undici', className: 'UndiciInstrumentation' },
  express: {
    id: 'express',
    package: '@opentelemetry/instrumentation-express',
    className: 'ExpressInstrumentation',
    options:
      `{ ignoreLayersType: ${LAYER_SPANS} ? [] : [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER], ` +
      `ignoreLayers: [${UNSAMPLED}] }`,
    alsoImport: ['ExpressLayerType'],
  },
  // The contrib fastify instrumentation is deprecated in favour of Fastify's own.
  fastify: {
    id: 'fastify',
    package: '@fastify/otel',
    className: 'FastifyOtelInstrumentation',
    options: '{ registerOnInitialization: true }',
  },
  // Spans per middleware and router layer; the matched @koa/router path becomes http.route.
  koa: { id: 'koa', package: '@opentelemetry/instrumentation-koa', className: 'KoaInstrumentation' },
  nestjs: { id: 'nestjs', package: '@opentelemetry/instrumentation-nestjs-core', className: 'NestInstrumentation' },
  pg: { id: 'pg', package: '@opentelemetry/instrumentation-pg', className: 'PgInstrumentation' },
  mysql2: { id: 'mysql2', package: '@opentelemetry/instrumentation-mysql2', className: 'MySQL2Instrumentation' },
  redis: { id: 'redis', package: '@opentelemetry/instrumentation-redis', className: 'RedisInstrumentation' },
  ioredis: { id: 'ioredis', package: '@opentelemetry/instrumentation-ioredis', className: 'IORedisInstrumentation' },
  mongodb: { id: 'mongodb', package: '@opentelemetry/instrumentation-mongodb', className: 'MongoDBInstrumentation' },
  grpc: { id: 'grpc', package: '@opentelemetry/instrumentation-grpc', className: 'GrpcInstrumentation' },
  kafkajs: { id: 'kafkajs', package: '@opentelemetry/instrumentation-kafkajs', className: 'KafkaJsInstrumentation' },
  amqplib: { id: 'amqplib', package: '@opentelemetry/instrumentation-amqplib', className: 'AmqplibInstrumentation' },
};

/**
 * HTTP clients (library ids) with no instrumentation of their own: they send through node:http,
 * so the http instrumentation makes their client spans, children of the active span.
 */
export const CLIENTS_ON_HTTP = ['axios', 'got'];

/** The note init prints for the detected clients that the http instrumentation covers, if any. */
export function clientsOnHttpNote(d: LanguageDetection): string[] {
  const clients = d.libraries.filter((l) => CLIENTS_ON_HTTP.includes(l));
  return clients.length
    ? [`${clients.join(', ')}: traced by the http instrumentation (they send through node:http).`]
    : [];
}

/** Frameworks that run on another one the service does not list itself (NestJS on Express by default). */
const RUNS_ON: Record<string, string[]> = { nestjs: ['express'] };

/**
 * Next.js starts a server span for each request itself (named by route, with http.route, the incoming
 * traceparent honoured): the http instrumentation traces only outgoing calls there, or every request
 * would have two server spans.
 */
const NEXT_HTTP: InstrumentationSpec = {
  ...INSTRUMENTATIONS.http!,
  options: '{ disableIncomingRequestInstrumentation: true }',
};

/** The instrumentations for what the service uses: http and fetch, the chosen and detected frameworks, libraries. */
export function instrumentationsFor(d: LanguageDetection, framework: string): InstrumentationSpec[] {
  const frameworks = [framework, ...d.frameworks];
  const ids = new Set(['http', 'undici']);
  for (const f of frameworks) {
    for (const id of [f, ...(RUNS_ON[f] ?? [])]) if (INSTRUMENTATIONS[id]) ids.add(id);
  }
  for (const lib of d.libraries) if (INSTRUMENTATIONS[lib]) ids.add(lib);
  const next = frameworks.includes('nextjs');
  return [...ids].map((id) => (next && id === 'http' ? NEXT_HTTP : INSTRUMENTATIONS[id]!));
}
