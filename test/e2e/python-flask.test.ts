import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJaeger, type RunningBackend } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import type { RunningProcess } from '../support/processes.js';
import { call, expectTracedService, initService, preparePythonService, resourceOfSpans, serverSpan, spansOf, startInVenv, type PythonService } from './python-service.js';

/**
 * Flask on gunicorn with 2 sync workers and --preload, the case where one provider built in
 * the master would be shared by forks: the generated gunicorn.conf.py must make every worker
 * export its own spans. /chain blocks its worker while it calls /downstream, so the other
 * worker serves that call: one trace proves both workers deliver.
 */
let jaeger: RunningBackend;
let svc: PythonService;
let server: RunningProcess | undefined;
let base: string;
let nextSteps: string[];

beforeAll(async () => {
  [jaeger, svc] = await Promise.all([startJaeger(), preparePythonService('python-flask')]);
  const result = await initService(svc, jaeger, '--service-name', 'inventory');
  expect(result.installed).toBe(true);
  nextSteps = result.nextSteps;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startInVenv(svc, {
    name: 'gunicorn',
    command: 'gunicorn',
    args: ['--workers', '2', '--preload', '--bind', `127.0.0.1:${port}`, 'app:app'],
    // A short export delay keeps the test lean (and shows OTEL_* variables still apply).
    env: { SELF_URL: base, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${base}/items`,
    timeoutMs: 60_000,
  });
}, 900_000);

afterAll(async () => {
  await Promise.all([server?.stop(), jaeger?.stop()]);
});

describe('tracekit init on Flask + gunicorn --workers 2 --preload', () => {
  it('writes gunicorn.conf.py with the post_fork hook and says how to start', () => {
    expect(existsSync(path.join(svc.dir, 'gunicorn.conf.py'))).toBe(true);
    expect(readFileSync(path.join(svc.dir, 'gunicorn.conf.py'), 'utf8')).toContain('def post_fork(server, worker):');
    expect(readFileSync(path.join(svc.dir, 'requirements.txt'), 'utf8')).toContain('gunicorn==27.0.1    # production server');
    expect(nextSteps.join('\n')).toMatch(/gunicorn --workers 4 app:app .*--preload works too/);
  });

  it('delivers server, client, DB, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(jaeger, base, 'inventory');
  }, 120_000);

  it('spans arrive from both workers, each with its own process.pid', async () => {
    const chain = await call(base, '/chain');
    const spans = await spansOf(jaeger, chain.traceId, 3);
    const body = JSON.parse(chain.body) as { pid: number; downstream: { pid: number } };
    expect(body.pid).not.toBe(body.downstream.pid);
    const resources = await resourceOfSpans(jaeger, chain.traceId);
    const up = resources.get(serverSpan(spans, '/chain').spanId);
    const down = resources.get(serverSpan(spans, '/downstream').spanId);
    expect(up?.['process.pid']).toBe(body.pid);
    expect(down?.['process.pid']).toBe(body.downstream.pid);
  }, 120_000);
});
