/**
 * The OpenTelemetry JS packages that generated Node setups install, pinned per release line.
 * This is the ONE place to upgrade them: change a line here and run
 * test/e2e/node-*.test.ts, which installs exactly these versions from npm and proves the spans
 * in a real Jaeger. Exact versions are chosen so that npm dedupes the SDK's own exact pins
 * (the 0.223.0 exporter pins resources/core 2.12.0; 0.301.0 pins them at 3.1.0). Trace-only:
 * no @opentelemetry/sdk-node, which loads metrics, logs and every exporter (~150 ms at start-up).
 *
 * Proven end to end: trace SDK, context-async-hooks, exporter (http/protobuf), instrumentation, http, undici, express,
 * @fastify/otel, resources, core, container detector; koa on both lines (node-koa); the
 * OTLP/gRPC exporter on the 2.x line (node-http-grpc); kafkajs and amqplib on both lines
 * (queues-node-python, against real Kafka and RabbitMQ). The database and gRPC instrumentations
 * are the versions the matching auto-instrumentations-node release (0.81.2 for 2.x, 0.82.0 for
 * 3.x) resolves to, checked with `npm view`.
 */

/** A release line of OpenTelemetry JS and the Node versions it runs on. */
export interface OtelLine {
  id: '2.x' | '3.x';
  /** Smallest Node version the line supports (engines of sdk-node). */
  minNode: [number, number, number];
  /** Package that holds the tracer provider and samplers (sdk-trace-base on 2.x, sdk-trace on 3.x). */
  traceSdk: string;
  /** The tracer provider class in traceSdk (renamed on 3.x). */
  tracerProvider: 'BasicTracerProvider' | 'TracerProvider';
  packages: Record<string, string>;
}

const LINE_2: OtelLine = {
  id: '2.x',
  minNode: [18, 19, 0],
  traceSdk: '@opentelemetry/sdk-trace-base',
  tracerProvider: 'BasicTracerProvider',
  packages: {
    // The 0.223 packages peer on api <1.10.
    '@opentelemetry/api': '1.9.1',
    '@opentelemetry/sdk-trace-base': '2.12.0',
    '@opentelemetry/context-async-hooks': '2.12.0',
    '@opentelemetry/resources': '2.12.0',
    '@opentelemetry/core': '2.12.0',
    '@opentelemetry/propagator-b3': '2.12.0',
    '@opentelemetry/exporter-trace-otlp-proto': '0.223.0',
    '@opentelemetry/exporter-trace-otlp-grpc': '0.223.0',
    '@opentelemetry/instrumentation': '0.223.0',
    '@opentelemetry/resource-detector-container': '0.8.14',
    '@opentelemetry/instrumentation-http': '0.223.0',
    '@opentelemetry/instrumentation-undici': '0.33.0',
    '@opentelemetry/instrumentation-express': '0.71.1',
    '@opentelemetry/instrumentation-koa': '0.71.0',
    '@fastify/otel': '0.21.2',
    '@opentelemetry/instrumentation-nestjs-core': '0.70.0',
    '@opentelemetry/instrumentation-pg': '0.76.0',
    '@opentelemetry/instrumentation-mysql2': '0.69.0',
    '@opentelemetry/instrumentation-redis': '0.71.0',
    '@opentelemetry/instrumentation-ioredis': '0.71.0',
    '@opentelemetry/instrumentation-mongodb': '0.76.0',
    '@opentelemetry/instrumentation-grpc': '0.223.0',
    '@opentelemetry/instrumentation-kafkajs': '0.32.0',
    '@opentelemetry/instrumentation-amqplib': '0.70.0',
    // Newest release; it brings its own sdk-trace 2.11 for the samplers it builds.
    '@opentelemetry/sampler-jaeger-remote': '0.222.0',
  },
};

const LINE_3: OtelLine = {
  id: '3.x',
  minNode: [22, 15, 0],
  traceSdk: '@opentelemetry/sdk-trace',
  tracerProvider: 'TracerProvider',
  packages: {
    // The 0.301 packages peer on api >=1.10 <1.11.
    '@opentelemetry/api': '1.10.0',
    '@opentelemetry/sdk-trace': '3.1.0',
    '@opentelemetry/context-async-hooks': '3.1.0',
    '@opentelemetry/resources': '3.1.0',
    '@opentelemetry/core': '3.1.0',
    '@opentelemetry/propagator-b3': '3.1.0',
    '@opentelemetry/exporter-trace-otlp-proto': '0.301.0',
    '@opentelemetry/exporter-trace-otlp-grpc': '0.301.0',
    '@opentelemetry/instrumentation': '0.301.0',
    '@opentelemetry/resource-detector-container': '0.9.0',
    '@opentelemetry/instrumentation-http': '0.301.0',
    '@opentelemetry/instrumentation-undici': '0.34.0',
    '@opentelemetry/instrumentation-express': '0.72.0',
    '@opentelemetry/instrumentation-koa': '0.72.0',
    '@fastify/otel': '0.21.2',
    '@opentelemetry/instrumentation-nestjs-core': '0.71.0',
    '@opentelemetry/instrumentation-pg': '0.77.0',
    '@opentelemetry/instrumentation-mysql2': '0.70.0',
    '@opentelemetry/instrumentation-redis': '0.72.0',
    '@opentelemetry/instrumentation-ioredis': '0.72.0',
    '@opentelemetry/instrumentation-mongodb': '0.77.0',
    '@opentelemetry/instrumentation-grpc': '0.300.0',
    '@opentelemetry/instrumentation-kafkajs': '0.33.0',
    '@opentelemetry/instrumentation-amqplib': '0.71.0',
    // No 3.x release yet: the newest, with its own sdk-trace 2.11 (the Sampler interface is unchanged).
    '@opentelemetry/sampler-jaeger-remote': '0.222.0',
  },
};

/** Newest first: the first line whose minimum the service's Node meets is used. */
export const OTEL_LINES: OtelLine[] = [LINE_3, LINE_2];

/** `name@version` for an install command; throws for a package the line does not pin (a bug). */
export function pinned(line: OtelLine, name: string): string {
  const version = line.packages[name];
  if (!version) throw new Error(`No pinned ${line.id} version for ${name}`);
  return `${name}@${version}`;
}
