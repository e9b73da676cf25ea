import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { expectSigtermFlush, expectTracedService, usePythonService } from './python-service.js';

/**
 * Django on its development server, autoreloader on (the reloader's child process serves):
 * `tracekit init` edits requirements.txt, manage.py, shop/wsgi.py and shop/asgi.py, installs
 * the pinned packages (exporting over OTLP/gRPC here), and the ORM's SQLite queries show up
 * through the sqlite3 instrumentation.
 */
// The fixture's manage.py reads PORT for a bare `runserver`; the command is init's.
const listen = (port: number) => ({ PORT: String(port) });

const run = usePythonService({
  fixture: 'python-django',
  // The one Python service exporting over OTLP/gRPC (the later --endpoint wins).
  initArgs: (jaeger) => ['--service-name', 'shop', '--protocol', 'grpc', '--endpoint', jaeger.otlpGrpc!],
  beforeStart: async (svc) => {
    const migrate = await execa('python', ['manage.py', 'migrate', '--noinput'], {
      cwd: svc.dir,
      env: svc.env,
      reject: false,
      timeout: 120_000,
    });
    expect(migrate.exitCode, migrate.stderr).toBe(0);
  },
  listen,
});

describe('tracekit init on Django (runserver with the autoreloader)', () => {
  it('imports tracing first in manage.py, wsgi.py and asgi.py, and names the settings module', () => {
    for (const f of ['manage.py', 'shop/wsgi.py', 'shop/asgi.py']) {
      expect(readFileSync(path.join(run.svc.dir, f), 'utf8')).toMatch(/"""\n+import tracing {2}# noqa.*\nimport os\n/);
    }
    expect(
      readFileSync(path.join(run.svc.dir, 'manage.py'), 'utf8').startsWith('#!/usr/bin/env python\n"""Django'),
    ).toBe(true);
    expect(readFileSync(path.join(run.svc.dir, 'tracing.py'), 'utf8')).toContain(
      'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")',
    );
    expect(run.nextSteps.join('\n')).toContain('python manage.py runserver');
    expect(readFileSync(path.join(run.svc.dir, 'requirements.txt'), 'utf8')).toMatch(
      /^opentelemetry-exporter-otlp-proto-grpc==1\.45\.1$/m,
    );
  });

  it('delivers server, client, ORM, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(run.jaeger, run.base, 'shop');
  }, 120_000);

  // The autoreloader's parent SIGKILLs its serving child when SIGTERM reaches it (Django's
  // subprocess.run), so the child's flush races its death: the next steps say to add --noreload.
  it("a request, then SIGTERM at once: its spans reach Jaeger (init's command + --noreload)", async () => {
    expect(run.nextSteps.join('\n')).toContain('add --noreload');
    await expectSigtermFlush(run, listen, ['--noreload']);
  }, 120_000);
});
