import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  call,
  expectSigtermFlush,
  expectSpansFromTwoWorkers,
  expectTracedService,
  spansOf,
  startPrinted,
  tracekit,
  usePythonService,
  withServer,
} from './python-service.js';

/**
 * FastAPI on uvicorn with 4 worker processes: `tracekit init` edits requirements.txt and
 * main.py, installs the pinned packages from PyPI into a fresh virtualenv, and the service,
 * started with the command init printed (--json startCommands), delivers the expected spans to a real Jaeger, from each
 * worker (/chain-blocking makes the other worker serve its downstream call).
 */
// uvicorn reads its options from UVICORN_* variables; the command is init's (4 workers).
const listen = (port: number) => ({ UVICORN_HOST: '127.0.0.1', UVICORN_PORT: String(port) });

const run = usePythonService({
  fixture: 'python-fastapi',
  listen,
});

describe("tracekit init on FastAPI + uvicorn --workers 4 (init's command)", () => {
  it("edits the manifest and the entry point, keeping the user's comments", () => {
    const req = readFileSync(path.join(run.svc.dir, 'requirements.txt'), 'utf8');
    expect(req).toContain('uvicorn==0.54.0  # ASGI server');
    expect(req).toMatch(/^opentelemetry-instrumentation-fastapi==0\.66b1$/m);
    expect(readFileSync(path.join(run.svc.dir, 'main.py'), 'utf8')).toMatch(
      /"""\n\nimport tracing {2}# noqa.*\nimport os\n/,
    );
    expect(run.startCommands).toEqual([
      { argv: [path.join(run.svc.venv, 'bin', 'uvicorn'), 'main:app', '--workers', '4'], cwd: '.' },
    ]);
    expect(run.nextSteps.join('\n')).toContain(
      `Start it: ${path.join(run.svc.venv, 'bin', 'uvicorn')} main:app --workers 4`,
    );
  });

  it('delivers server, client, DB, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(run.jaeger, run.base, 'python-fastapi');
  }, 120_000);

  it('spans arrive from both uvicorn workers, each with its own process.pid', async () => {
    await expectSpansFromTwoWorkers(run.jaeger, run.base, '/chain-blocking');
  }, 120_000);

  it("uvicorn --reload: the reloader's serving child process delivers spans too", async () => {
    const start = (port: number) => ({
      name: 'uvicorn-reload',
      command: 'uvicorn',
      args: ['main:app', '--reload', '--host', '127.0.0.1', '--port', String(port)],
    });
    await withServer(run, start, {}, async (url) => {
      const chain = await call(url, '/chain');
      expect(chain.status, chain.body).toBe(200);
      const spans = await spansOf(run.jaeger, chain.traceId, 3);
      expect(spans.filter((s) => s.kind === 'server').map((s) => s.serviceName)).toEqual([
        'python-fastapi',
        'python-fastapi',
      ]);
    });
  }, 120_000);

  it('a short-lived script flushes its spans on exit (5 s export delay: only the exit flush can deliver)', async () => {
    const script =
      'import tracing\nfrom tracing_helpers import span\n\n' +
      'with span("nightly.job", attributes={"job.items": 7}) as s:\n' +
      '    print(format(s.get_span_context().trace_id, "032x"))\n';
    writeFileSync(path.join(run.svc.dir, 'job.py'), script);
    const r = await execa('python', ['job.py'], { cwd: run.svc.dir, env: run.svc.env, reject: false, timeout: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const spans = await spansOf(run.jaeger, r.stdout.trim(), 1);
    expect(spans.find((s) => s.name === 'nightly.job')?.attributes['job.items']).toBe(7);
  }, 120_000);

  it('under opentelemetry-instrument: one SDK, one server span per request, never unknown_service', async () => {
    // The distro is what makes opentelemetry-instrument install a provider before main.py runs.
    const pip = await execa('python', ['-m', 'pip', 'install', '-q', 'opentelemetry-distro==0.66b1'], {
      cwd: run.svc.dir,
      env: run.svc.env,
      reject: false,
      timeout: 300_000,
    });
    expect(pip.exitCode, pip.stderr).toBe(0);
    const start = (port: number) => ({
      name: 'uvicorn-auto',
      command: 'opentelemetry-instrument',
      args: ['uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)],
    });
    const env = {
      OTEL_TRACES_EXPORTER: 'otlp_proto_http',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: run.jaeger.otlpHttp!,
    };
    await withServer(run, start, env, async (url, server) => {
      const chain = await call(url, '/chain');
      expect(chain.status, chain.body).toBe(200);
      const spans = await spansOf(run.jaeger, chain.traceId, 3);
      expect(server.logTail(200)).not.toMatch(/Overriding of current TracerProvider/);
      expect(spans.filter((s) => s.kind === 'server' && s.parentSpanId === chain.parentId)).toHaveLength(1);
      expect(spans.filter((s) => s.kind === 'server')).toHaveLength(2);
      for (const s of spans) expect(s.serviceName).toBe('python-fastapi');
    });
  }, 400_000);

  it('a second init changes nothing', async () => {
    const r = await tracekit(run.svc, 'init', '--yes', '--no-install', '--endpoint', run.jaeger.otlpHttp!);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('Nothing to change');
    expect(r.stderr).not.toContain('SQLAlchemy 2.1');
  });

  it('warns when the venv holds SQLAlchemy 2.1, which instrumentation 0.66b1 cannot trace', async () => {
    const pip = await execa('python', ['-m', 'pip', 'install', '-q', 'SQLAlchemy==2.1.9'], {
      cwd: run.svc.dir,
      env: run.svc.env,
      reject: false,
      timeout: 300_000,
    });
    expect(pip.exitCode, pip.stderr).toBe(0);
    const r = await tracekit(run.svc, 'init', '--yes', '--dry-run', '--endpoint', run.jaeger.otlpHttp!);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /! SQLAlchemy 2\.1 or newer is installed for \S+venv\/bin\/python \(2\.1\.9\); .*pin SQLAlchemy below 2\.1/,
    );
  }, 400_000);
  it("a request, then SIGTERM at once: its spans reach Jaeger (uvicorn started with init's command)", async () => {
    await expectSigtermFlush(run, listen);
  }, 120_000);
  it('a span that ends while uvicorn drains after SIGTERM (a background task) reaches Jaeger', async () => {
    const { base, server } = await startPrinted(run, listen, { OTEL_BSP_SCHEDULE_DELAY: '600000' });
    let res: Awaited<ReturnType<typeof call>>;
    try {
      res = await call(base, '/receipt');
      expect(res.status, res.body).toBe(200);
    } finally {
      await server.stop(); // SIGTERM while the task's span is still open
    }
    const spans = await spansOf(run.jaeger, res.traceId, 2);
    expect(spans.map((s) => s.name)).toContain('receipt.send');
  }, 120_000);
});
