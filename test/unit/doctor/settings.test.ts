import { describe, expect, it } from 'vitest';
import { COLLECTOR_PORTS } from '../../../src/backends/collector/index.js';
import { validateConfig } from '../../../src/config/load.js';
import { configFindings } from '../../../src/doctor/checks/config-findings.js';
import type { DoctorOptions } from '../../../src/doctor/options.js';
import { resolveSettings } from '../../../src/doctor/settings.js';

const opts = (o: Partial<DoctorOptions> = {}): DoctorOptions => ({
  collector: false,
  json: false,
  strict: false,
  timeoutMs: 60_000,
  wait: false,
  ...o,
});
const yaml = (exporter: { protocol?: 'http' | 'grpc'; endpoint: string }, more: Record<string, unknown> = {}) =>
  validateConfig({
    version: 1,
    service: { name: 'orders' },
    language: 'node',
    framework: 'express',
    exporter,
    ...more,
  });
/** The merged settings and what the config check makes of them. */
function judge(...args: Parameters<typeof resolveSettings>) {
  const r = resolveSettings(...args);
  return { ...r, findings: configFindings(r.inputs, r.settings) };
}
const messages = (r: ReturnType<typeof judge>) => r.findings.map((f) => `${f.level}: ${f.message}`);

describe('resolveSettings and the config findings: flags over OTEL_* over tracekit.yaml, as an SDK reads them', () => {
  it('defaults to Jaeger on localhost and says so', () => {
    const r = judge(opts(), {}, {});
    expect(r.settings).toMatchObject({
      backend: 'jaeger',
      protocol: 'http',
      ingestUrl: 'http://localhost:4318/v1/traces',
      queryUrl: 'http://localhost:16686',
      healthUrl: 'http://localhost:13133/status',
    });
    expect(messages(r)).toEqual([
      'warn: no tracekit.yaml, no OTEL_* variables and no --endpoint: ' +
        'checking the defaults (http://localhost:4318/v1/traces)',
    ]);
  });

  it('appends /v1/traces to the generic variable and uses the traces-specific one as-is', () => {
    expect(judge(opts(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }, {}).settings.ingestUrl).toBe(
      'http://c:4318/v1/traces',
    );
    const specific = judge(
      opts(),
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
      },
      {},
    );
    expect(specific.settings).toMatchObject({
      ingestUrl: 'http://c:4318/v1/traces',
      ingestSource: expect.objectContaining({ from: 'env', label: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' }),
    });
  });

  it('warns on a doubled or missing /v1/traces, naming the variable', () => {
    const doubled = judge(opts(), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/v1/traces' }, {});
    expect(doubled.settings.ingestUrl).toBe('http://c:4318/v1/traces/v1/traces');
    expect(doubled.findings).toContainEqual(
      expect.objectContaining({ level: 'warn', fix: 'Drop /v1/traces from OTEL_EXPORTER_OTLP_ENDPOINT.' }),
    );
    const missing = judge(opts(), { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318' }, {});
    expect(missing.findings).toContainEqual(
      expect.objectContaining({ level: 'warn', fix: 'Add /v1/traces to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.' }),
    );
  });

  it('warns on gRPC to 4318 and HTTP to 4317', () => {
    const grpc = judge(
      opts(),
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' },
      {},
    );
    expect(messages(grpc)).toContain('warn: gRPC to port 4318, which is where OTLP/HTTP listens');
    const http = judge(opts({ endpoint: 'http://c:4317' }), {}, {});
    expect(messages(http)).toContain('warn: OTLP/HTTP to port 4317, which is where gRPC listens');
  });

  it('fails on malformed values and never repeats a header value', () => {
    const r = judge(
      opts(),
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,justASecretToken',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_PROPAGATORS: 'tracecontext,w3c',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318',
      },
      {},
    );
    const text = JSON.stringify(r);
    expect(messages(r).filter((m) => m.startsWith('fail'))).toHaveLength(5);
    expect(text).not.toContain('justASecretToken');
    expect(r.settings.headers).toEqual({ authorization: 'Bearer abc' });
    expect(r.settings.ingestUrl).toBeUndefined();
  });

  it('names sampler problems from either source', () => {
    expect(
      messages(judge(opts(), { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, {})),
    ).toContainEqual(expect.stringMatching(/^fail: OTEL_TRACES_SAMPLER: sampler argument "half"/));
    expect(
      messages(judge(opts(), {}, { config: yaml({ endpoint: 'http://c:4318' }, { sampler: { type: 'always_off' } }) })),
    ).toContainEqual(expect.stringMatching(/^warn: tracekit.yaml sampler: sampler always_off records no new traces/));
  });

  it('reports variables that contradict tracekit.yaml, and uses the variable as the SDK would', () => {
    const r = judge(
      opts(),
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318', OTEL_SERVICE_NAME: 'billing' },
      { config: yaml({ endpoint: 'http://c:4318' }) },
    );
    expect(r.settings).toMatchObject({ ingestUrl: 'http://other:4318/v1/traces', serviceName: 'billing' });
    expect(messages(r)).toEqual([
      'warn: OTEL_EXPORTER_OTLP_ENDPOINT=http://other:4318 overrides tracekit.yaml exporter.endpoint=http://c:4318',
      'warn: OTEL_SERVICE_NAME=billing overrides tracekit.yaml service.name=orders',
    ]);
  });

  it('flags override everything and do not count as conflicts', () => {
    const r = judge(
      opts({ endpoint: 'http://flag:4317', protocol: 'grpc', backend: 'tempo' }),
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' },
      { config: yaml({ endpoint: 'http://c:4318' }) },
    );
    expect(r.settings).toMatchObject({
      ingestUrl: 'http://flag:4317',
      protocol: 'grpc',
      backend: 'tempo',
      queryUrl: 'http://flag:3200',
      healthUrl: 'http://flag:3200/ready',
    });
    expect(r.findings).toEqual([]);
  });

  it('Zipkin without a Collector sends Zipkin JSON; with one, the Collector health is derived too', () => {
    expect(judge(opts({ backend: 'zipkin' }), {}, {}).settings).toMatchObject({
      protocol: 'zipkin',
      ingestUrl: 'http://localhost:9411/api/v2/spans',
      healthUrl: 'http://localhost:9411/health',
    });
    const viaCollector = judge(opts({ backend: 'zipkin', collector: true, endpoint: 'http://col:4318' }), {}, {});
    expect(viaCollector.settings).toMatchObject({
      protocol: 'http',
      ingestUrl: 'http://col:4318/v1/traces',
      collector: { healthUrl: `http://col:${COLLECTOR_PORTS.healthPort}/` },
    });
  });

  it('an invalid tracekit.yaml is a failing finding, not a crash', () => {
    const r = judge(opts(), {}, { error: 'tracekit.yaml is not valid:\n  - exporter.endpoint: is required' });
    expect(r.findings[0]).toMatchObject({ level: 'fail', message: expect.stringContaining('exporter.endpoint') });
  });

  it('follows the ports `backend up` recorded here; flags still win; a record of another backend is ignored', () => {
    const ports = {
      'otlp-grpc': 24317,
      'otlp-http': 24318,
      ui: 26686,
      health: 23133,
      'query-grpc': 26685,
      'collector-health': 23134,
      'backend-otlp-grpc': 14317,
      'backend-otlp-http': 14318,
      sampling: 25778,
    };
    const endpoint = { http: 'http://localhost:24318', grpc: 'http://localhost:24317' };
    const record = {
      version: 1 as const,
      backend: 'jaeger',
      runtime: 'process' as const,
      collector: true,
      ports,
      endpoint,
      data: [],
    };
    expect(judge(opts(), {}, {}, record).settings).toMatchObject({
      ingestUrl: 'http://localhost:24318/v1/traces',
      queryUrl: 'http://localhost:26686',
      healthUrl: 'http://localhost:23133/status',
      collector: { healthUrl: 'http://localhost:23134/' },
    });
    expect(judge(opts({ queryUrl: 'http://q:1' }), {}, {}, record).settings.queryUrl).toBe('http://q:1');
    expect(judge(opts({ backend: 'zipkin' }), {}, {}, record).settings.queryUrl).toBe('http://localhost:9411');
    const broken = judge(opts(), {}, {}, { error: 'deployment.json is not valid JSON' });
    expect(messages(broken)).toContain(
      'warn: deployment.json is not valid JSON; doctor ignores it and assumes the well-known ports',
    );
  });
});
