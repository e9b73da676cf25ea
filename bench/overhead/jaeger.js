// The local Jaeger every traced config exports to, started as test/support/backends.ts starts it
// (Jaeger v2 all-in-one, memory storage, every listener on a free loopback port) from the binary
// `tracekit backend install --jaeger` cached (scripts/setup-test-env.sh runs it); and the count
// of spans it holds for a service in a time window, through its query API.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cachedProgramPath } from '../../dist/runtime/cache.js';
import { startProcess } from './procs.js';

const host = '127.0.0.1';
// Memory storage's bound; a search may return at most one trace fewer (Jaeger refuses more).
const MAX_TRACES = 200000;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts Jaeger (pinned to `cpus`) and returns its OTLP/HTTP, query and health URLs and a stop(). */
export async function startJaeger({ logDir, cpus }) {
  const ports = [];
  while (ports.length < 5) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  // OTLP gRPC and HTTP, query HTTP and gRPC, health.
  const [g, h, q, qg, hc] = ports;
  const config = path.join(logDir, 'jaeger.json');
  // JSON is YAML: Jaeger reads this file as its config.
  writeFileSync(
    config,
    JSON.stringify({
      service: {
        extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
        pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
        telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
      },
      extensions: {
        healthcheckv2: { use_v2: true, http: { endpoint: `${host}:${hc}` } },
        jaeger_query: {
          enable_tracing: false,
          storage: { traces: 'memstore' },
          http: { endpoint: `${host}:${q}` },
          grpc: { endpoint: `${host}:${qg}` },
        },
        // One window's traces (a few thousand a second for ten seconds) must all still be held
        // when they are counted, right after that window.
        jaeger_storage: { backends: { memstore: { memory: { max_traces: MAX_TRACES } } } },
      },
      receivers: { otlp: { protocols: { grpc: { endpoint: `${host}:${g}` }, http: { endpoint: `${host}:${h}` } } } },
      processors: { batch: { timeout: '200ms' } },
      exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
    }),
  );
  const healthUrl = `http://${host}:${hc}/status`;
  const proc = await startProcess({
    name: 'jaeger',
    command: cachedProgramPath(process.env, 'jaeger'),
    args: ['--config', config],
    cpus,
    healthUrl,
    logDir,
  });
  return { otlpHttp: `http://${host}:${h}`, queryUrl: `http://${host}:${q}`, healthUrl, proc, stop: () => proc.stop() };
}

/**
 * Traces and spans Jaeger holds for `service` that started in [startMs, endMs], read through the
 * query API (`/api/traces`, whole traces: a span the service dropped is simply not there).
 */
export async function countSpans(queryUrl, service, startMs, endMs) {
  const u = new URL('/api/traces', queryUrl);
  u.searchParams.set('service', service);
  u.searchParams.set('start', String(Math.floor(startMs * 1000)));
  u.searchParams.set('end', String(Math.ceil(endMs * 1000)));
  u.searchParams.set('limit', String(MAX_TRACES - 1));
  const res = await fetch(u, { signal: AbortSignal.timeout(60_000) });
  if (res.status === 404) return { traces: 0, spans: 0 }; // no span of this service yet
  if (!res.ok) throw new Error(`Jaeger ${u.pathname} answered ${res.status}: ${await res.text()}`);
  const body = await res.json();
  let spans = 0;
  for (const t of body.data ?? []) spans += t.spans.length;
  return { traces: body.data?.length ?? 0, spans };
}
