import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startCollector, startJaeger } from '../support/backends.js';
import { freePorts } from '../support/ports.js';
import {
  type FaultServer,
  garbageServer,
  hangingServer,
  slowProxy,
  startingUpServer,
  statusServer,
} from './doctor-fault-servers.js';
import { checkOf, doctor, expectStatuses, targetFlags } from './doctor-run.js';

/**
 * `tracekit doctor` against faults: a real Jaeger and a real Collector that drops everything
 * (tail sampling with a 0% probabilistic policy and no synthetic policy), plus small real node
 * servers that answer 500, hang, or answer garbage. Each fault fails the right check, names the
 * cause, and the run ends (within its --timeout; the test asserts the run ended, not its time).
 */
let jaeger: RunningBackend;
let dropping: RunningBackend;
const servers: FaultServer[] = [];
const server = async (p: Promise<FaultServer>) => {
  const s = await p;
  servers.push(s);
  return s;
};

beforeAll(async () => {
  jaeger = await startJaeger();
  dropping = await startCollector({
    exportTo: jaeger,
    processors: {
      tail_sampling: {
        decision_wait: '1s',
        policies: [{ name: 'drop-all', type: 'probabilistic', probabilistic: { sampling_percentage: 0 } }],
      },
    },
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), dropping?.stop(), jaeger?.stop()]);
});

const SKIPPED_AFTER_INGEST = { 'synthetic-sent': 'skip', 'synthetic-found': 'skip' };

describe('doctor names each fault', () => {
  it('backend down: health fails with connection refused, later checks are skipped with the reason', async () => {
    const [a, b, c] = await freePorts(3);
    const run = await doctor(
      [
        '--backend',
        'jaeger',
        '--endpoint',
        `http://127.0.0.1:${a}`,
        '--query-url',
        `http://127.0.0.1:${b}`,
        '--health-url',
        `http://127.0.0.1:${c}/status`,
        '--timeout',
        '10',
      ],
      {
        env: { GITHUB_ACTIONS: 'true' },
      },
    );
    expectStatuses(run, {
      config: 'pass',
      'backend-health': 'fail',
      ingest: 'skip',
      ...SKIPPED_AFTER_INGEST,
      app: 'skip',
    });
    expect(run.exitCode).toBe(1);
    const health = checkOf(run, 'backend-health');
    expect(health.detail).toContain('connection refused');
    expect(health.hint).toContain('tracekit backend up');
    expect(checkOf(run, 'ingest').detail).toBe('skipped: Backend health failed');
    // GitHub Actions annotation, on stderr because stdout holds the JSON document.
    expect(run.stderr).toContain('::error title=tracekit doctor%3A Backend health (backend-health)::Jaeger health at');
  });

  it('wrong port: ingest fails, nothing listens there', async () => {
    const [port] = await freePorts(1);
    const run = await doctor([
      ...targetFlags(jaeger, 'http'),
      '--endpoint',
      `http://127.0.0.1:${port}`,
      '--timeout',
      '10',
    ]);
    expectStatuses(run, { 'backend-health': 'pass', ingest: 'fail', ...SKIPPED_AFTER_INGEST });
    expect(checkOf(run, 'ingest').detail).toContain(`nothing listens on 127.0.0.1:${port}`);
    expect(checkOf(run, 'ingest').hint).toContain('--endpoint');
  });

  it('a port fetch refuses (9): health fails naming that cause, not a wrong endpoint', async () => {
    const run = await doctor([
      ...targetFlags(jaeger, 'http'),
      '--health-url',
      'http://127.0.0.1:9/status',
      '--timeout',
      '10',
    ]);
    expectStatuses(run, { 'backend-health': 'fail' });
    const health = checkOf(run, 'backend-health');
    expect(health.detail).toContain('uses a port that fetch refuses to connect to');
    expect(health.hint).toContain('Move Jaeger to another port');
  });

  it('gRPC sent to the OTLP/HTTP port: ingest names the mismatch and the setting', async () => {
    const run = await doctor([...targetFlags(jaeger, 'grpc'), '--endpoint', jaeger.otlpHttp!, '--timeout', '10']);
    expectStatuses(run, { ingest: 'fail', ...SKIPPED_AFTER_INGEST });
    const ingest = checkOf(run, 'ingest');
    expect(ingest.detail).toContain('speaks HTTP/1.1 (OTLP/HTTP), not gRPC');
    expect(ingest.hint).toContain('Set the protocol to http/protobuf (--protocol');
  });

  it('OTLP/HTTP sent to the gRPC port (from OTEL_EXPORTER_OTLP_ENDPOINT): ingest names the mismatch', async () => {
    const run = await doctor(
      ['--backend', 'jaeger', '--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--timeout', '10'],
      {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpGrpc!, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
      },
    );
    expectStatuses(run, { ingest: 'fail', ...SKIPPED_AFTER_INGEST });
    expect(checkOf(run, 'ingest').detail).toContain('speaks gRPC, not OTLP/HTTP');
    expect(checkOf(run, 'ingest').hint).toContain('Set the protocol to grpc (OTEL_EXPORTER_OTLP_PROTOCOL)');
  });

  it('a doubled /v1/traces: config warns, ingest fails naming the variable', async () => {
    const run = await doctor(
      ['--backend', 'jaeger', '--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--timeout', '10'],
      {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${jaeger.otlpHttp}/v1/traces` },
      },
    );
    expectStatuses(run, { config: 'warn', ingest: 'fail', ...SKIPPED_AFTER_INGEST });
    expect(checkOf(run, 'ingest').detail).toContain('/v1/traces is doubled');
    expect(checkOf(run, 'ingest').hint).toContain('Drop /v1/traces from OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('a missing /v1/traces on the traces-specific variable: ingest fails naming it', async () => {
    const run = await doctor(
      ['--backend', 'jaeger', '--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--timeout', '10'],
      {
        env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: jaeger.otlpHttp! },
      },
    );
    expectStatuses(run, { config: 'warn', ingest: 'fail' });
    expect(checkOf(run, 'ingest').hint).toContain('Add /v1/traces to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  });

  it('a health endpoint answering 500: health fails with the status and body', async () => {
    const bad = await server(statusServer(500));
    const run = await doctor([...targetFlags(jaeger, 'http'), '--health-url', `${bad.url}/status`, '--timeout', '10']);
    expectStatuses(run, { 'backend-health': 'fail', ingest: 'skip' });
    expect(checkOf(run, 'backend-health').detail).toContain('answered 500: internal error: storage unavailable');
  });

  it('a server that accepts the connection and never answers: health fails as hanging, the run ends', async () => {
    const hang = await server(hangingServer());
    const run = await doctor([...targetFlags(jaeger, 'http'), '--health-url', `${hang.url}/status`, '--timeout', '4']);
    expectStatuses(run, { 'backend-health': 'fail', ingest: 'skip' });
    expect(checkOf(run, 'backend-health').detail).toMatch(/did not answer within/);
  });

  it('an ingest endpoint that hangs (gRPC): ingest fails as hanging, the run ends', async () => {
    const hang = await server(hangingServer());
    const run = await doctor([...targetFlags(jaeger, 'grpc'), '--endpoint', hang.url, '--timeout', '4']);
    expectStatuses(run, { 'backend-health': 'pass', ingest: 'fail' });
    expect(checkOf(run, 'ingest').detail).toMatch(/did not answer within/);
  });

  it('an ingest endpoint answering garbage: ingest fails, not a receiver', async () => {
    const junk = await server(garbageServer());
    const run = await doctor([...targetFlags(jaeger, 'http'), '--endpoint', junk.url, '--timeout', '10']);
    expectStatuses(run, { ingest: 'fail', ...SKIPPED_AFTER_INGEST });
    expect(checkOf(run, 'ingest').detail).toMatch(/answered with bytes that are not HTTP|closed the connection/);
    expect(checkOf(run, 'ingest').hint).toContain('is not a OTLP/HTTP receiver');
  });

  it('a Collector dropping the span (tail sampling without the synthetic policy): synthetic-found fails', async () => {
    const run = await doctor([...targetFlags(jaeger, 'http', dropping), '--timeout', '10']);
    expectStatuses(run, {
      'backend-health': 'pass',
      ingest: 'pass',
      'synthetic-sent': 'pass',
      'synthetic-found': 'fail',
    });
    const found = checkOf(run, 'synthetic-found');
    expect(found.detail).toMatch(/did not arrive in Jaeger within/);
    expect(found.hint).toContain('tail_sampling');
  });

  it('a backend slower than the timeout: synthetic-found fails naming the slow query API', async () => {
    const slow = await server(slowProxy(jaeger.queryUrl!, 15_000));
    const run = await doctor([...targetFlags(jaeger, 'http'), '--query-url', slow.url, '--timeout', '8']);
    expectStatuses(run, { 'synthetic-sent': 'pass', 'synthetic-found': 'fail' });
    expect(checkOf(run, 'synthetic-found').detail).toMatch(/query API at .* failed: no answer within/);
  });

  it('--wait retries a backend that is still starting; without it health fails', async () => {
    const starting = await server(startingUpServer(jaeger.healthUrl, 4));
    const flags = [...targetFlags(jaeger, 'http'), '--health-url', starting.url, '--timeout', '20'];
    const noWait = await doctor(flags);
    expect(checkOf(noWait, 'backend-health').detail).toContain('answered 503');
    const waited = await doctor([...flags, '--wait']);
    expectStatuses(waited, { 'backend-health': 'pass', 'synthetic-found': 'pass' });
    expect(waited.exitCode).toBe(0);
  }, 60_000);

  it('a malformed setting fails the config check and everything after it is skipped', async () => {
    const run = await doctor([...targetFlags(jaeger, 'http'), '--timeout', '10'], {
      env: {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
        OTEL_EXPORTER_OTLP_HEADERS: 'Bearer-t0ken-only',
      },
    });
    expectStatuses(run, { config: 'fail', 'backend-health': 'skip', ingest: 'skip' });
    expect(checkOf(run, 'config').detail).toContain('sampler argument "1.5" is not a ratio between 0 and 1');
    expect(checkOf(run, 'config').detail).toContain('OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value');
    expect(run.stdout + run.stderr).not.toContain('t0ken');
  });

  it('--strict turns a warning into a failing run', async () => {
    const flags = [...targetFlags(jaeger, 'http'), '--timeout', '15'];
    const env = { OTEL_TRACES_SAMPLER: 'always_off' };
    const lenient = await doctor(flags, { env });
    expect(checkOf(lenient, 'config').status).toBe('warn');
    expect(lenient.exitCode, lenient.stderr).toBe(0);
    const strict = await doctor([...flags, '--strict'], { env });
    expect(strict.report.ok).toBe(false);
    expect(strict.exitCode).toBe(1);
  });

  it('bad usage exits 2', async () => {
    const { execa } = await import('execa');
    const bin = new URL('../../bin/tracekit.js', import.meta.url).pathname;
    expect((await execa('node', [bin, 'doctor', '--timeout', 'soon'], { reject: false })).exitCode).toBe(2);
    expect((await execa('node', [bin, 'doctor', '--explain', 'nope'], { reject: false })).exitCode).toBe(2);
    expect((await execa('node', [bin, 'doctor', '--protocol', 'thrift'], { reject: false })).exitCode).toBe(2);
    const explained = await execa('node', [bin, 'doctor', '--explain', 'synthetic-found'], { reject: false });
    expect(explained.exitCode).toBe(0);
    expect(explained.stdout).toContain('boolean_attribute');
  });
});
