import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import { checkOf, doctor, expectStatuses } from './doctor-run.js';
import { copyFixture, initService, type RunningService, startService } from './node-service.js';

/**
 * The application check against a sample service instrumented by tracekit: the Node plain-http
 * fixture, `tracekit init --yes` (real npm install of the OpenTelemetry packages), started with its
 * tracing setup (`npm start`), against a real Jaeger. The same service started without the tracing
 * setup (`node server.mjs`, the helper module then a no-op) must fail the check with a hint.
 */
let jaeger: RunningBackend;
let fixture: ReturnType<typeof copyFixture>;
let traced: RunningService;
let untraced: RunningProcess;
let untracedBase: string;

beforeAll(async () => {
  jaeger = await startJaeger();
  fixture = copyFixture('node-http');
  const init = await initService(fixture.dir, jaeger);
  traced = await startService(fixture.dir, { start: init.startCommands });
  const port = await freePort();
  untracedBase = `http://127.0.0.1:${port}`;
  untraced = await startProcess({
    name: 'greeter-untraced',
    command: 'node',
    args: ['server.mjs'],
    cwd: fixture.dir,
    env: { PORT: String(port) },
    healthUrl: `${untracedBase}/healthz`,
    timeoutMs: 30_000,
  });
}, 600_000);

afterAll(async () => {
  await Promise.all([traced?.process.stop(), untraced?.stop(), jaeger?.stop()]);
  fixture?.cleanup();
});

// Run in the service folder: tracekit.yaml (written by init) gives the endpoint, backend and service name.
const backendFlags = () => ['--query-url', jaeger.queryUrl!, '--health-url', jaeger.healthUrl];

describe('doctor --app', () => {
  it('passes for the instrumented service and names its service and spans', async () => {
    const run = await doctor([...backendFlags(), '--timeout', '40', '--app', `${traced.base}/hello`], {
      cwd: fixture.dir,
    });
    expectStatuses(run, { config: 'pass', 'synthetic-found': 'pass', app: 'pass' });
    expect(run.exitCode).toBe(0);
    const app = checkOf(run, 'app');
    expect(app.data.services).toEqual(['greeter']);
    expect(app.detail).toContain('service greeter joined the trace under the given parent');
    expect(app.detail).toContain('"hello.compose"');
    // The service's server span is a child of the parent span doctor put in traceparent.
    const spans = app.data.spans as { name: string; kind: string; parentSpanId: string | null }[];
    expect(spans.some((s) => s.kind === 'server' && s.parentSpanId === app.data.parentSpanId)).toBe(true);
  });

  it('fails for the same service started without its tracing setup, with a hint', async () => {
    const run = await doctor([...backendFlags(), '--timeout', '15', '--app', `${untracedBase}/hello`], {
      cwd: fixture.dir,
    });
    expectStatuses(run, { 'synthetic-found': 'pass', app: 'fail' });
    expect(run.exitCode).toBe(1);
    const app = checkOf(run, 'app');
    expect(app.detail).toMatch(/answered 200, but no span of trace [0-9a-f]{32} reached Jaeger/);
    expect(app.hint).toContain('instrumented');
  }, 60_000);

  it('fails when the service is not running', async () => {
    const port = await freePort();
    const run = await doctor([...backendFlags(), '--timeout', '10', '--app', `http://127.0.0.1:${port}/hello`], {
      cwd: fixture.dir,
    });
    expect(checkOf(run, 'app').detail).toContain('could not reach the service: nothing listens');
  });
});
