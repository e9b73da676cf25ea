import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/doctor/checks/index.js';
import { type RunningBackend, startCollector, startJaeger, startZipkin } from '../support/backends.js';
import { tempDir } from '../support/temp-tree.js';
import { checkOf, doctor, expectStatuses, targetFlags } from './doctor-run.js';

/**
 * `tracekit doctor` against healthy real backends: Jaeger and Zipkin processes, each also behind
 * a real Collector (the one in front of Jaeger tail-samples and keeps the synthetic trace).
 * Every check passes over OTLP/HTTP, OTLP/gRPC and Zipkin JSON.
 */
let jaeger: RunningBackend;
let zipkin: RunningBackend;
let toJaeger: RunningBackend;
let toZipkin: RunningBackend;

const KEEP_SYNTHETIC = {
  tail_sampling: {
    decision_wait: '1s',
    policies: [
      { name: 'keep-doctor', type: 'boolean_attribute', boolean_attribute: { key: 'tracekit.synthetic', value: true } },
    ],
  },
};

beforeAll(async () => {
  [jaeger, zipkin] = await Promise.all([startJaeger(), startZipkin()]);
  [toJaeger, toZipkin] = await Promise.all([
    startCollector({ exportTo: jaeger, processors: KEEP_SYNTHETIC }),
    startCollector({ exportTo: zipkin }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([toJaeger?.stop(), toZipkin?.stop(), jaeger?.stop(), zipkin?.stop()]);
});

const ALL_PASS = {
  config: 'pass',
  'backend-health': 'pass',
  ingest: 'pass',
  'synthetic-sent': 'pass',
  'synthetic-found': 'pass',
  app: 'skip',
};

describe('doctor on healthy backends', () => {
  it.each([
    ['Jaeger over OTLP/HTTP', () => targetFlags(jaeger, 'http')],
    ['Jaeger over OTLP/gRPC', () => targetFlags(jaeger, 'grpc')],
    ['a tail-sampling Collector in front of Jaeger, OTLP/HTTP', () => targetFlags(jaeger, 'http', toJaeger)],
    ['a tail-sampling Collector in front of Jaeger, OTLP/gRPC', () => targetFlags(jaeger, 'grpc', toJaeger)],
    ['Zipkin, Zipkin JSON sent directly', () => targetFlags(zipkin, 'zipkin')],
    ['a Collector in front of Zipkin, OTLP/HTTP', () => targetFlags(zipkin, 'http', toZipkin)],
    ['a Collector in front of Zipkin, OTLP/gRPC', () => targetFlags(zipkin, 'grpc', toZipkin)],
  ])('every check passes: %s', async (_name, flags) => {
    const run = await doctor([...flags(), '--timeout', '30']);
    expectStatuses(run, ALL_PASS);
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'synthetic-found').data.spansFound).toBe(2);
  });

  it('reads the endpoint from OTEL_* variables alone (no tracekit.yaml, no --endpoint)', async () => {
    const run = await doctor(
      ['--backend', 'jaeger', '--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl],
      {
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpGrpc!,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_SERVICE_NAME: 'checkout',
          OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t-value',
        },
      },
    );
    expectStatuses(run, ALL_PASS);
    expect(run.report.target).toMatchObject({ protocol: 'grpc', ingestUrl: jaeger.otlpGrpc, serviceName: 'checkout' });
    expect(checkOf(run, 'config').detail).toContain('headers x-api-key (values hidden)');
    // The header's value is a secret: it appears nowhere in what doctor printed.
    expect(run.stdout + run.stderr).not.toContain('s3cr3t-value');
  });

  it('reads tracekit.yaml (Collector in front of Jaeger)', async () => {
    const dir = tempDir('tracekit-doctor-yaml-');
    writeFileSync(
      path.join(dir, 'tracekit.yaml'),
      [
        'version: 1',
        'service:',
        '  name: orders',
        'language: node',
        'framework: express',
        'backend: jaeger',
        'collector: true',
        'exporter:',
        '  protocol: http',
        `  endpoint: ${toJaeger.otlpHttp}`,
      ].join('\n'),
    );
    const run = await doctor(
      ['--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl, '--collector-health-url', toJaeger.healthUrl],
      { cwd: dir },
    );
    expectStatuses(run, ALL_PASS);
    expect(run.report.target).toMatchObject({
      backend: 'jaeger',
      protocol: 'http',
      ingestUrl: `${toJaeger.otlpHttp}/v1/traces`,
      serviceName: 'orders',
    });
    expect(checkOf(run, 'config').data.sources).toContain('tracekit.yaml');
  });

  it('--json: every documented field, check by check; --junit writes a matching report', async () => {
    const junit = path.join(tempDir('tracekit-junit-'), 'doctor.xml');
    const run = await doctor([...targetFlags(jaeger, 'http'), '--timeout', '30', '--junit', junit]);
    const r = run.report;
    expect(r.schemaVersion).toBe(1);
    expect(r.ok).toBe(true);
    expect(r.exitCode).toBe(0);
    expect(r.strict).toBe(false);
    expect(Number.isNaN(Date.parse(r.startedAt))).toBe(false);
    expect(r.durationMs).toBeGreaterThan(0);
    expect(r.timeoutMs).toBe(30_000);
    expect(r.target).toEqual({
      backend: 'jaeger',
      protocol: 'http',
      ingestUrl: `${jaeger.otlpHttp}/v1/traces`,
      queryUrl: jaeger.queryUrl,
      healthUrl: jaeger.healthUrl,
      collectorHealthUrl: null,
      serviceName: null,
      app: null,
    });
    // Every check is in the report, in run order; the five that a backend alone can answer pass,
    // the rest (no app, no service to audit, no remote sampler) are skipped, and the summary counts them.
    expect(r.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    const passed = ['config', 'backend-health', 'ingest', 'synthetic-sent', 'synthetic-found'];
    for (const c of r.checks) expect([c.id, c.status]).toEqual([c.id, passed.includes(c.id) ? 'pass' : 'skip']);
    expect(r.summary).toEqual({ pass: 5, warn: 0, fail: 0, skip: r.checks.length - 5 });
    for (const c of r.checks) {
      expect(Object.keys(c).sort()).toEqual(['data', 'detail', 'durationMs', 'hint', 'id', 'needs', 'status', 'title']);
      expect(typeof c.title).toBe('string');
      expect(typeof c.detail).toBe('string');
      expect(c.durationMs).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(c.needs)).toBe(true);
    }
    expect(checkOf(run, 'config')).toMatchObject({
      status: 'pass',
      hint: null,
      needs: [],
      data: { ingestSource: '--endpoint', protocol: 'http', protocolSource: '--protocol', headerKeys: [] },
    });
    expect(checkOf(run, 'backend-health')).toMatchObject({
      status: 'pass',
      needs: ['config'],
      data: { targets: [{ name: 'Jaeger', url: jaeger.healthUrl, healthy: true, httpStatus: 200 }] },
    });
    expect(checkOf(run, 'ingest')).toMatchObject({
      status: 'pass',
      needs: ['config', 'backend-health'],
      data: { httpStatus: 200 },
    });
    const sent = checkOf(run, 'synthetic-sent');
    expect(sent.data.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.data.rootSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sent.data.childSpanId).toMatch(/^[0-9a-f]{16}$/);
    const found = checkOf(run, 'synthetic-found');
    expect(found.data).toMatchObject({ traceId: sent.data.traceId, spansFound: 2 });
    expect(found.data.deliveryMs).toBeGreaterThanOrEqual(0);
    expect(found.detail).toContain('parent link, service tracekit-doctor and attributes intact');
    expect(checkOf(run, 'app')).toMatchObject({ status: 'skip', detail: 'no --app URL given', hint: null });
    expect(checkOf(run, 'audit')).toMatchObject({ status: 'skip', detail: 'no --app trace or --service to audit' });

    const xml = readFileSync(junit, 'utf8');
    const [tests, skipped] = [r.checks.length, r.checks.length - 5];
    expect(xml).toContain(
      `<testsuites name="tracekit doctor" tests="${tests}" failures="0" errors="0" skipped="${skipped}"`,
    );
    expect(xml).toContain('name="synthetic-found: Synthetic trace found"');
    // Human output stays on stderr: the checklist and the summary line.
    expect(run.stderr).toMatch(/✔ Synthetic trace found/);
    expect(run.stderr).toMatch(
      new RegExp(`doctor: 5 passed, 0 warnings, 0 failed, ${skipped} skipped in .*: traces flow end to end`),
    );
  });
});
