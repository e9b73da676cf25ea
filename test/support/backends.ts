import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { components } from './components.js';
import { freePorts } from './ports.js';
import { type RunningProcess, startProcess } from './processes.js';
import { tempDir } from './temp-tree.js';

/** A tracing backend the tests run as a real process on free loopback ports. */
export interface RunningBackend {
  kind: 'jaeger' | 'zipkin' | 'collector';
  process: RunningProcess;
  /** OTLP/HTTP base (append /v1/traces) and OTLP/gRPC endpoint; undefined for Zipkin. */
  otlpHttp?: string;
  otlpGrpc?: string;
  /** Base URL of the query API (Jaeger, Zipkin). */
  queryUrl?: string;
  /** Zipkin's span intake (POST /api/v2/spans). */
  zipkinSpans?: string;
  healthUrl: string;
  stop(): Promise<void>;
}

function tempConfig(name: string, doc: unknown): string {
  const dir = tempDir(`tracekit-${name}-cfg-`);
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

const host = '127.0.0.1';

/** Jaeger's listeners, when a test needs them on given ports (the well-known ones, say). */
export interface JaegerPorts {
  grpc: number;
  http: number;
  query: number;
  queryGrpc: number;
  health: number;
}

/** Jaeger v2 all-in-one with memory storage, every listener on a free port unless given. */
export async function startJaeger(fixed?: JaegerPorts): Promise<RunningBackend> {
  const [grpc, http, query, queryGrpc, health] = fixed
    ? [fixed.grpc, fixed.http, fixed.query, fixed.queryGrpc, fixed.health]
    : await freePorts(5);
  const config = tempConfig('jaeger', {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: { metrics: { level: 'none' }, logs: { level: 'info' } },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: `${host}:${health}` } },
      jaeger_query: {
        // No self-tracing: it would send Jaeger's own spans to whatever listens on localhost:4317.
        enable_tracing: false,
        storage: { traces: 'memstore' },
        http: { endpoint: `${host}:${query}` },
        grpc: { endpoint: `${host}:${queryGrpc}` },
      },
      jaeger_storage: { backends: { memstore: { memory: { max_traces: 100000 } } } },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: `${host}:${grpc}` }, http: { endpoint: `${host}:${http}` } } },
    },
    processors: { batch: { timeout: '200ms' } },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
  });
  const healthUrl = `http://${host}:${health}/status`;
  const proc = await startProcess({
    name: 'jaeger',
    command: components.jaeger(),
    args: ['--config', config],
    healthUrl,
    timeoutMs: 60_000,
  });
  return {
    kind: 'jaeger',
    process: proc,
    otlpHttp: `http://${host}:${http}`,
    otlpGrpc: `http://${host}:${grpc}`,
    queryUrl: `http://${host}:${query}`,
    healthUrl,
    stop: () => proc.stop(),
  };
}

/** Zipkin's server jar on the machine's Java, in-memory storage. */
export async function startZipkin(): Promise<RunningBackend> {
  const [port] = await freePorts(1);
  const base = `http://${host}:${port}`;
  const proc = await startProcess({
    name: 'zipkin',
    command: 'java',
    args: ['-Xms64m', '-Xmx512m', '-jar', components.zipkinJar()],
    env: { QUERY_PORT: String(port), STORAGE_TYPE: 'mem', JAVA_OPTS: '' },
    healthUrl: `${base}/health`,
    timeoutMs: 90_000,
  });
  return {
    kind: 'zipkin',
    process: proc,
    queryUrl: base,
    zipkinSpans: `${base}/api/v2/spans`,
    healthUrl: `${base}/health`,
    stop: () => proc.stop(),
  };
}

export interface CollectorOptions {
  /** Where the Collector sends: a Jaeger (OTLP/gRPC) or a Zipkin (Zipkin JSON). */
  exportTo: RunningBackend;
  /** Extra processors placed between memory_limiter and batch, with their configs. */
  processors?: Record<string, unknown>;
}

/** The OpenTelemetry Collector built by the setup script, forwarding to a running backend. */
export async function startCollector(o: CollectorOptions): Promise<RunningBackend> {
  const [grpc, http, health] = await freePorts(3);
  const exporter =
    o.exportTo.kind === 'zipkin'
      ? { zipkin: { endpoint: o.exportTo.zipkinSpans } }
      : { otlp: { endpoint: o.exportTo.otlpGrpc!.replace(/^http:\/\//, ''), tls: { insecure: true } } };
  const extra = o.processors ?? {};
  const config = tempConfig('collector', {
    extensions: { health_check: { endpoint: `${host}:${health}` } },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: `${host}:${grpc}` }, http: { endpoint: `${host}:${http}` } } },
    },
    processors: { memory_limiter: { check_interval: '1s', limit_mib: 256 }, ...extra, batch: { timeout: '200ms' } },
    exporters: exporter,
    service: {
      extensions: ['health_check'],
      telemetry: { metrics: { level: 'none' } },
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', ...Object.keys(extra), 'batch'],
          exporters: Object.keys(exporter),
        },
      },
    },
  });
  const healthUrl = `http://${host}:${health}/`;
  const proc = await startProcess({
    name: 'collector',
    command: components.collector(),
    args: [`--config=${config}`],
    healthUrl,
    timeoutMs: 60_000,
  });
  return {
    kind: 'collector',
    process: proc,
    otlpHttp: `http://${host}:${http}`,
    otlpGrpc: `http://${host}:${grpc}`,
    queryUrl: o.exportTo.queryUrl,
    healthUrl,
    stop: () => proc.stop(),
  };
}
