import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/context.js';
import { detect } from '../../../src/init/detect.js';
import { pythonRecipe } from '../../../src/languages/python/recipe.js';
import { probe } from '../../../src/project/probe.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

/** aiohttp (server and client), Starlette without FastAPI, and Celery workers. */
const python311 = (): ExecResult => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' });
const planOf = async (files: Record<string, string>) =>
  pythonRecipe.plan(await recipeInputFor('python', files, {}, (root) => fakeCtx(root, python311).ctx));
const fileOf = (plan: Awaited<ReturnType<typeof planOf>>, p: string) =>
  [...plan.files, ...plan.edits].find((c) => c.path === p)!.content;

const STARLETTE_CELERY = {
  'requirements.txt': 'starlette\nuvicorn\ncelery\n',
  'main.py': 'from starlette.applications import Starlette\nfrom tasks import work\napp = Starlette()\n',
  'tasks.py': '"""Tasks."""\nfrom celery import Celery\n\ncelery = Celery("jobs")\n',
};

describe('detection', () => {
  const fixture = (name: string) => path.resolve(import.meta.dirname, '..', '..', 'fixtures', name);
  it.each([
    ['python-aiohttp', 'aiohttp', ['aiohttp-client'], 'app.py'],
    ['python-starlette-celery', 'starlette', ['httpx', 'celery', 'uvicorn'], 'main.py'],
  ])('%s', async (name, framework, libraries, entryPoint) => {
    const d = (await detect(await probe(fixture(name)))).languages[0]!;
    expect({ framework: d.framework, libraries: d.libraries, entryPoint: d.entryPoint }).toEqual({
      framework,
      libraries,
      entryPoint,
    });
  });

  it('FastAPI (built on Starlette) stays FastAPI, and its aiohttp is a client only', async () => {
    const plan = await planOf({ 'requirements.txt': 'fastapi\nstarlette\naiohttp\n', 'main.py': 'app = 1\n' });
    const tracing = fileOf(plan, 'tracing.py');
    // No http send/receive span per ASGI message unless TRACEKIT_LAYER_SPANS=true.
    expect(tracing).toContain(
      '(FastAPIInstrumentor(), {"exclude_spans": [] if layer_spans else ["send", "receive"]}),',
    );
    expect(tracing).toContain('layer_spans = os.environ.get("TRACEKIT_LAYER_SPANS", "").strip().lower() == "true"');
    expect(tracing).toContain('AioHttpClientInstrumentor(),');
    expect(tracing).not.toMatch(/StarletteInstrumentor|AioHttpServerInstrumentor/);
  });
});

describe('rendering', () => {
  it('Starlette + Celery: Starlette instrumentation, worker hook, tasks.py imports tracing first', async () => {
    const plan = await planOf(STARLETTE_CELERY);
    const tracing = fileOf(plan, 'tracing.py');
    expect(tracing).toContain('StarletteInstrumentor(),');
    expect(tracing).toContain('CeleryInstrumentor(),');
    expect(tracing).toMatch(/worker_process_init\.connect\(lambda \*\*_: configure_tracing\(\), weak=False\)/);
    expect(tracing).toMatch(/\n_hook_celery_workers\(\)\n$/);
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: tracing });
    expect(fileOf(plan, 'tasks.py')).toMatch(/^"""Tasks."""\nimport tracing {2}# noqa/);
    expect(plan.start).toEqual([
      { argv: ['uvicorn', 'main:app', '--workers', '4'], cwd: '.' },
      { argv: ['celery', '-A', 'tasks', 'worker', '--loglevel', 'INFO'], cwd: '.' },
    ]);
    expect(plan.nextSteps).toContain(
      'Start the Celery worker: celery -A tasks worker --loglevel INFO   (tracing.py hooks worker_process_init, ' +
        "so each pool process exports its own spans; a task sent from a request joins that request's trace)",
    );
  });

  it('no Celery, no worker hook', async () => {
    const plan = await planOf({ 'requirements.txt': 'starlette\n', 'main.py': 'app = 1\n' });
    expect(fileOf(plan, 'tracing.py')).not.toContain('worker_process_init');
  });

  it('Celery without a Celery app init can find: a hint instead of a worker command', async () => {
    const plan = await planOf({ 'requirements.txt': 'flask\ncelery\n', 'app.py': 'app = 1\n' });
    expect(plan.start).toHaveLength(1);
    expect(plan.nextSteps.join('\n')).toContain('Celery: make the module that creates the Celery app import tracing');
  });

  it.each([
    ['web.run_app: python runs the entry', 'aiohttp\n', ['python3', 'app.py']],
    [
      "gunicorn: aiohttp's worker class",
      'aiohttp\ngunicorn\n',
      ['gunicorn', '--workers', '4', '--worker-class', 'aiohttp.GunicornWebWorker', 'app:app'],
    ],
  ])('aiohttp, %s', async (_t, requirements, argv) => {
    const plan = await planOf({ 'requirements.txt': requirements, 'app.py': 'from aiohttp import web\n' });
    expect(fileOf(plan, 'tracing.py')).toMatch(
      /\(AioHttpServerInstrumentor\(\), \{\}\),\n\s+\(AioHttpClientInstrumentor\(\), \{\}\),/,
    );
    expect(plan.start).toEqual([{ argv, cwd: '.' }]);
  });
});
