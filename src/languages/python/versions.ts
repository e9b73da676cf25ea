import type { TracekitConfig } from '../../config/schema.js';

/**
 * The ONE place where the Python packages that generated code installs are pinned. These
 * versions were installed together from PyPI on Python 3.11 and ran in the e2e tests
 * (test/e2e/python-*.test.ts; the queue clients' in queues-node-python): the SDK 1.45.1 line
 * goes with the 0.66b1 instrumentations (0.66b2 exists for only some of them and pins a
 * different SDK, so it cannot be mixed in).
 */
export const SDK_VERSION = '1.45.1';
export const CONTRIB_VERSION = '0.66b1';

/**
 * opentelemetry-instrumentation-sqlalchemy 0.66b1 declares `sqlalchemy >= 1.0.0, < 2.1.0`: on
 * 2.1 it logs an error and records nothing, so init warns about 2.1+ (sqlalchemy-check.ts).
 * Raise it with CONTRIB_VERSION once a release supports 2.1.
 */
export const SQLALCHEMY_UNSUPPORTED_FROM: readonly number[] = [2, 1];

/** The oldest interpreter opentelemetry-sdk 1.45 supports (its Requires-Python). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** A PyPI distribution pinned to one version. */
export interface PyPackage {
  name: string;
  version: string;
}

/** An instrumentation: its distribution, and the class the generated setup calls instrument() on. */
export interface Instrumentation {
  id: string;
  package: string;
  module: string;
  classes: string[];
  /** Keyword arguments of instrument() as a Python dict literal (fixed text, never user input). */
  options?: string;
}

const contrib = (id: string, pkg: string, module: string, ...classes: string[]): Instrumentation => ({
  id,
  package: `opentelemetry-instrumentation-${pkg}`,
  module: `opentelemetry.instrumentation.${module}`,
  classes,
});

/**
 * Framework and library ids (from rules.ts) to their instrumentation. sqlite3
 * goes with Django, whose default database it is (stdlib, so no manifest names it).
 */
export const INSTRUMENTATIONS: Instrumentation[] = [
  // http send/receive spans only with TRACEKIT_LAYER_SPANS=true (tracing.py.hbs). Starlette's
  // instrumentor (0.66b1) has no such option: a Starlette app keeps them.
  {
    ...contrib('fastapi', 'fastapi', 'fastapi', 'FastAPIInstrumentor'),
    options: '{"exclude_spans": [] if layer_spans else ["send", "receive"]}',
  },
  contrib('flask', 'flask', 'flask', 'FlaskInstrumentor'),
  contrib('django', 'django', 'django', 'DjangoInstrumentor'),
  contrib('starlette', 'starlette', 'starlette', 'StarletteInstrumentor'),
  contrib('aiohttp', 'aiohttp-server', 'aiohttp_server', 'AioHttpServerInstrumentor'),
  contrib('sqlite3', 'sqlite3', 'sqlite3', 'SQLite3Instrumentor'),
  contrib('requests', 'requests', 'requests', 'RequestsInstrumentor'),
  contrib('httpx', 'httpx', 'httpx', 'HTTPXClientInstrumentor'),
  contrib('aiohttp-client', 'aiohttp-client', 'aiohttp_client', 'AioHttpClientInstrumentor'),
  contrib('celery', 'celery', 'celery', 'CeleryInstrumentor'),
  contrib('sqlalchemy', 'sqlalchemy', 'sqlalchemy', 'SQLAlchemyInstrumentor'),
  contrib('psycopg', 'psycopg', 'psycopg', 'PsycopgInstrumentor'),
  contrib('psycopg2', 'psycopg2', 'psycopg2', 'Psycopg2Instrumentor'),
  contrib('redis', 'redis', 'redis', 'RedisInstrumentor'),
  contrib(
    'grpc',
    'grpc',
    'grpc',
    'GrpcInstrumentorServer',
    'GrpcInstrumentorClient',
    'GrpcAioInstrumentorServer',
    'GrpcAioInstrumentorClient',
  ),
  contrib('kafka-python', 'kafka-python', 'kafka', 'KafkaInstrumentor'),
  contrib('confluent-kafka', 'confluent-kafka', 'confluent_kafka', 'ConfluentKafkaInstrumentor'),
  contrib('pika', 'pika', 'pika', 'PikaInstrumentor'),
  contrib('aio-pika', 'aio-pika', 'aio_pika', 'AioPikaInstrumentor'),
];

/** The instrumentations for a framework and the detected libraries, in table order. */
export function instrumentationsFor(framework: string, libraries: string[]): Instrumentation[] {
  const wanted = new Set([framework, ...libraries]);
  if (framework === 'django') wanted.add('sqlite3');
  return INSTRUMENTATIONS.filter((i) => wanted.has(i.id));
}

/** Every package the generated setup imports, pinned: SDK, the chosen exporter, instrumentations. */
export function packagesFor(config: TracekitConfig, instrumentations: Instrumentation[]): PyPackage[] {
  const exporter =
    config.exporter.protocol === 'grpc'
      ? 'opentelemetry-exporter-otlp-proto-grpc'
      : 'opentelemetry-exporter-otlp-proto-http';
  const sdk = ['opentelemetry-api', 'opentelemetry-sdk', exporter];
  if (config.propagators.some((p) => p === 'b3' || p === 'b3multi')) sdk.push('opentelemetry-propagator-b3');
  return [
    ...sdk.map((name) => ({ name, version: SDK_VERSION })),
    { name: 'opentelemetry-instrumentation', version: CONTRIB_VERSION },
    ...instrumentations.map((i) => ({ name: i.package, version: CONTRIB_VERSION })),
  ];
}
