import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { startJaeger, type RunningBackend } from '../support/backends.js';
import type { RunningProcess } from '../support/processes.js';
import { call, expectTracedService, initService, preparePythonService, spansOf, startInVenv, tracekit, type PythonService } from './python-service.js';

/**
 * FastAPI on uvicorn with 2 worker processes: `tracekit init` edits requirements.txt and
 * main.py, installs the pinned packages from PyPI into a fresh virtualenv, and the service,
 * started as the next steps say, delivers the expected spans to a real Jaeger.
 */
let jaeger: RunningBackend;
let svc: PythonService;
let server: RunningProcess | undefined;
let base: string;
let nextSteps: string[];

beforeAll(async () => {
  [jaeger, svc] = await Promise.all([startJaeger(), preparePythonService('python-fastapi')]);
  const result = await initService(svc, jaeger);
  expect(result.installed).toBe(true);
  nextSteps = result.nextSteps;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startInVenv(svc, {
    name: 'uvicorn',
    command: 'uvicorn',
    args: ['main:app', '--workers', '2', '--host', '127.0.0.1', '--port', String(port)],
    // A short export delay keeps the test lean (and shows OTEL_* variables still apply).
    env: { SELF_URL: base, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${base}/items`,
    timeoutMs: 60_000,
  });
}, 900_000);

afterAll(async () => {
  await Promise.all([server?.stop(), jaeger?.stop()]);
});

describe('tracekit init on FastAPI + uvicorn --workers 2', () => {
  it('edits the manifest and the entry point, keeping the user\'s comments', () => {
    const req = readFileSync(path.join(svc.dir, 'requirements.txt'), 'utf8');
    expect(req).toContain('uvicorn==0.54.0  # ASGI server');
    expect(req).toMatch(/^opentelemetry-instrumentation-fastapi==0\.66b1$/m);
    expect(readFileSync(path.join(svc.dir, 'main.py'), 'utf8')).toMatch(/"""\n\nimport tracing {2}# noqa.*\nimport os\n/);
    expect(nextSteps.join('\n')).toContain('uvicorn main:app --workers');
  });

  it('delivers server, client, DB, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(jaeger, base, 'python-fastapi');
  }, 120_000);

  it('under opentelemetry-instrument: one SDK, one server span per request, never unknown_service', async () => {
    // The distro is what makes opentelemetry-instrument install a provider before main.py runs.
    const pip = await execa('python', ['-m', 'pip', 'install', '-q', 'opentelemetry-distro==0.66b1'], { cwd: svc.dir, env: svc.env, reject: false, timeout: 300_000 });
    expect(pip.exitCode, pip.stderr).toBe(0);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const auto = await startInVenv(svc, {
      name: 'uvicorn-auto',
      command: 'opentelemetry-instrument',
      args: ['uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)],
      env: { SELF_URL: url, OTEL_TRACES_EXPORTER: 'otlp_proto_http', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttp!, OTEL_BSP_SCHEDULE_DELAY: '200' },
      healthUrl: `${url}/items`,
      timeoutMs: 60_000,
    });
    try {
      const chain = await call(url, '/chain');
      expect(chain.status, chain.body).toBe(200);
      const spans = await spansOf(jaeger, chain.traceId, 3);
      expect(spans.filter((s) => s.kind === 'server' && s.parentSpanId === chain.parentId)).toHaveLength(1);
      expect(spans.filter((s) => s.kind === 'server')).toHaveLength(2);
      for (const s of spans) expect(s.serviceName).toBe('python-fastapi');
      expect(auto.logTail(200)).not.toMatch(/Overriding of current TracerProvider/);
    } finally {
      await auto.stop();
    }
  }, 400_000);

  it('a second init changes nothing', async () => {
    const r = await tracekit(svc, 'init', '--yes', '--no-install', '--endpoint', jaeger.otlpHttp!);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to change');
  });
});
