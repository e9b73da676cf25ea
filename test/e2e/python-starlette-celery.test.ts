import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartCommand } from '../../src/languages/language.js';
import { startJaeger } from '../support/backends.js';
import { type RunningRabbitMQ, startRabbitMQ } from '../support/brokers.js';
import { freePort } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/processes.js';
import {
  call,
  initService,
  type PythonService,
  preparePythonService,
  serverSpan,
  spansOf,
  statusCodeOf,
  tracekit,
} from './python-service.js';

/**
 * A Starlette app without FastAPI (uvicorn, init's command) that sends Celery tasks over a real
 * RabbitMQ, and the Celery worker started with the command init printed: the Starlette
 * instrumentation's server spans, and a task sent from a route in one trace with the worker's
 * run span, read back from a real Jaeger.
 */
let jaeger: Awaited<ReturnType<typeof startJaeger>>;
let rabbit: RunningRabbitMQ;
let svc: PythonService;
let startCommands: StartCommand[];
let nextSteps: string[];
let web: RunningProcess;
let worker: RunningProcess;
let base: string;

/** Starts one of init's start commands verbatim, with the broker and a short export delay. */
function startPrintedCommand(cmd: StartCommand, name: string, env: Record<string, string>, healthUrl?: string) {
  const [command, ...args] = cmd.argv;
  return startProcess({
    name,
    command: command!,
    args,
    cwd: path.join(svc.dir, cmd.cwd),
    env: { ...svc.env, CELERY_BROKER_URL: rabbit.url, OTEL_BSP_SCHEDULE_DELAY: '200', ...env },
    healthUrl,
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  [jaeger, rabbit, svc] = await Promise.all([
    startJaeger(),
    startRabbitMQ(),
    preparePythonService('python-starlette-celery'),
  ]);
  const result = await initService(svc, jaeger);
  expect(result.installed).toBe(true);
  ({ startCommands, nextSteps } = result);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const listen = { UVICORN_HOST: '127.0.0.1', UVICORN_PORT: String(port), SELF_URL: base };
  [web, worker] = await Promise.all([
    startPrintedCommand(startCommands[0]!, 'uvicorn', listen, `${base}/items`),
    startPrintedCommand(startCommands[1]!, 'celery-worker', {}),
  ]);
}, 900_000);

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop(), rabbit?.stop(), jaeger?.stop()]);
  if (svc) rmSync(path.dirname(svc.venv), { recursive: true, force: true });
});

describe('tracekit init on a Starlette app (no FastAPI) that sends Celery tasks', () => {
  it('detects Starlette and Celery, prints uvicorn and the Celery worker, and tasks.py imports tracing', async () => {
    const dry = await tracekit(svc, 'init', '--dry-run', '--endpoint', jaeger.otlpHttp!);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/framework: starlette; .*libraries: httpx, celery, uvicorn/);
    const bin = (p: string) => path.join(svc.venv, 'bin', p);
    expect(startCommands).toEqual([
      { argv: [bin('uvicorn'), 'main:app', '--workers', '4'], cwd: '.' },
      { argv: [bin('celery'), '-A', 'tasks', 'worker', '--loglevel', 'INFO'], cwd: '.' },
    ]);
    const req = readFileSync(path.join(svc.dir, 'requirements.txt'), 'utf8');
    expect(req).toMatch(/^opentelemetry-instrumentation-starlette==0\.66b1$/m);
    expect(req).toMatch(/^opentelemetry-instrumentation-celery==0\.66b1$/m);
    expect(readFileSync(path.join(svc.dir, 'tasks.py'), 'utf8')).toMatch(/^import tracing {2}# noqa/m);
    expect(nextSteps.join('\n')).toContain(`Start the Celery worker: ${bin('celery')} -A tasks worker --loglevel INFO`);
  });

  it('Starlette: a server span with http.route and status, the httpx client span its child', async () => {
    const chain = await call(base, '/chain');
    expect(chain.status, chain.body).toBe(200);
    const spans = await spansOf(jaeger, chain.traceId, 3);
    const upstream = serverSpan(spans, '/chain', chain.parentId);
    // http.route comes from the Starlette instrumentation: the bare ASGI middleware knows no routes.
    expect(upstream.attributes['http.route']).toBe('/chain');
    expect(statusCodeOf(upstream)).toBe(200);
    const client = spans.find((s) => s.kind === 'client' && s.parentSpanId === upstream.spanId);
    expect(client, JSON.stringify(spans.map((s) => [s.name, s.kind]))).toBeDefined();
    serverSpan(spans, '/downstream', client!.spanId);
  }, 120_000);

  it('Starlette: the error route gives an error server span with an exception event', async () => {
    const boom = await call(base, '/boom');
    expect(boom.status).toBe(500);
    const spans = await spansOf(jaeger, boom.traceId, 1);
    const failed = serverSpan(spans, '/boom', boom.parentId);
    expect(failed.status).toBe('error');
    const exception = spans.flatMap((s) => s.events).find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.type']).toMatch(/RuntimeError/);
  }, 120_000);

  it("a task sent from a route: the PRODUCER span under the request, the worker's run span its child", async () => {
    const sent = await call(base, '/report');
    expect(sent.status, sent.body).toBe(200);
    const spans = await spansOf(jaeger, sent.traceId, 3);
    const names = JSON.stringify(spans.map((s) => [s.name, s.kind])) + worker.logTail();
    const server = serverSpan(spans, '/report', sent.parentId);
    const producer = spans.find((s) => s.name === 'apply_async/tasks.build_report');
    expect(producer?.kind, names).toBe('producer');
    expect(producer?.parentSpanId).toBe(server.spanId);
    const run = spans.find((s) => s.name === 'run/tasks.build_report');
    expect(run?.kind, names).toBe('consumer');
    expect(run?.parentSpanId).toBe(producer!.spanId);
    expect(run?.attributes['celery.task_name']).toBe('tasks.build_report');
    expect(run?.status).not.toBe('error');
  }, 120_000);

  it("a failing task's run span has error status and an exception event", async () => {
    const sent = await call(base, '/report-fail');
    expect(sent.status, sent.body).toBe(200);
    const spans = await spansOf(jaeger, sent.traceId, 3);
    const run = spans.find((s) => s.name === 'run/tasks.failing_report');
    expect(run?.status, JSON.stringify(spans.map((s) => [s.name, s.kind])) + worker.logTail()).toBe('error');
    const exception = run!.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.type']).toMatch(/ValueError/);
    expect(String(exception?.attributes['exception.message'])).toContain('report failed');
  }, 120_000);

  it("a task run just before the worker stops: the pool process's flush at shutdown delivers it", async () => {
    // A pool process leaves with os._exit (no atexit); with a 10 min export delay only that flush can deliver.
    await worker.stop();
    const late = await startPrintedCommand(startCommands[1]!, 'celery-worker-late', {
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });
    let sent: Awaited<ReturnType<typeof call>>;
    try {
      sent = await call(base, '/report');
      expect(sent.status, sent.body).toBe(200);
      const task = (JSON.parse(sent.body) as { task: string }).task;
      const deadline = Date.now() + 30_000;
      while (!late.logTail(200).includes(`[${task}] succeeded`)) {
        expect(Date.now() < deadline, late.logTail()).toBe(true);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await late.stop();
    }
    const spans = await spansOf(jaeger, sent.traceId, 3);
    expect(spans.find((s) => s.name === 'run/tasks.build_report')?.kind).toBe('consumer');
  }, 120_000);
});
