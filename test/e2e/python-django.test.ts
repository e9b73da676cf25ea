import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJaeger, type RunningBackend } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import type { RunningProcess } from '../support/processes.js';
import { expectTracedService, initService, preparePythonService, startInVenv, type PythonService } from './python-service.js';

/**
 * Django on its development server, autoreloader on (the reloader's child process serves):
 * `tracekit init` edits requirements.txt, manage.py, shop/wsgi.py and shop/asgi.py, installs
 * the pinned packages, and the ORM's SQLite queries show up through the sqlite3 instrumentation.
 */
let jaeger: RunningBackend;
let svc: PythonService;
let server: RunningProcess | undefined;
let base: string;
let nextSteps: string[];

beforeAll(async () => {
  [jaeger, svc] = await Promise.all([startJaeger(), preparePythonService('python-django')]);
  const result = await initService(svc, jaeger, '--service-name', 'shop');
  expect(result.installed).toBe(true);
  nextSteps = result.nextSteps;
  const migrate = await execa('python', ['manage.py', 'migrate', '--noinput'], { cwd: svc.dir, env: svc.env, reject: false, timeout: 120_000 });
  expect(migrate.exitCode, migrate.stderr).toBe(0);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startInVenv(svc, {
    name: 'django',
    command: 'python',
    args: ['manage.py', 'runserver', `127.0.0.1:${port}`],
    // A short export delay keeps the test lean (and shows OTEL_* variables still apply).
    env: { SELF_URL: base, OTEL_BSP_SCHEDULE_DELAY: '200' },
    healthUrl: `${base}/items`,
    timeoutMs: 60_000,
  });
}, 900_000);

afterAll(async () => {
  await Promise.all([server?.stop(), jaeger?.stop()]);
});

describe('tracekit init on Django (runserver with the autoreloader)', () => {
  it('imports tracing first in manage.py, wsgi.py and asgi.py, and names the settings module', () => {
    for (const f of ['manage.py', 'shop/wsgi.py', 'shop/asgi.py']) {
      expect(readFileSync(path.join(svc.dir, f), 'utf8')).toMatch(/"""\n+import tracing {2}# noqa.*\nimport os\n/);
    }
    expect(readFileSync(path.join(svc.dir, 'manage.py'), 'utf8').startsWith('#!/usr/bin/env python\n"""Django')).toBe(true);
    expect(readFileSync(path.join(svc.dir, 'tracing.py'), 'utf8')).toContain('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")');
    expect(nextSteps.join('\n')).toContain('python manage.py runserver');
  });

  it('delivers server, client, ORM, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(jaeger, base, 'shop');
  }, 120_000);
});
