import path from 'node:path';
import { shellWord } from '../../render/literals.js';
import type { RecipeInput, StartCommand } from '../language.js';
import type { PythonLayout } from './layout.js';

/** `app/main.py` → `app.main` (the form uvicorn and gunicorn take). */
export const moduleOf = (file: string) => file.replace(/\.py$/, '').replace(/\//g, '.');

/** Package managers that run a program in the project's environment. */
const RUNNERS: Record<string, string[]> = { poetry: ['poetry', 'run'], uv: ['uv', 'run'], pipenv: ['pipenv', 'run'] };

/**
 * A program of the environment init installed into, as argv that runs without activating it:
 * `poetry run` / `uv run` / `pipenv run`, else the program beside the interpreter
 * (`.venv/bin/uvicorn` inside the project, an absolute path for a virtualenv elsewhere),
 * else the bare name (python3 on PATH).
 */
export function programOf(input: RecipeInput, python: string, program: string): string[] {
  const runner = RUNNERS[input.detection.packageManager];
  if (runner) return [...runner, program];
  if (!path.isAbsolute(python)) return [program === 'python' ? python : program];
  const beside = path.join(path.dirname(python), program === 'python' ? path.basename(python) : program);
  const rel = path.relative(input.project.root, beside);
  return [rel.startsWith('..') || path.isAbsolute(rel) ? beside : rel];
}

/** The server command of the next steps, as argv, and how it picks its address. */
export function startCommand(
  input: RecipeInput,
  layout: PythonLayout,
  python: string,
): { start: StartCommand; address: string } | undefined {
  const { detection } = input;
  const libs = detection.libraries;
  const entry = detection.entryPoint;
  const run = (program: string, ...args: string[]) => ({
    argv: [...programOf(input, python, program), ...args],
    cwd: '.',
  });
  if (detection.framework === 'django') {
    if (!layout.entryFiles.includes('manage.py')) return undefined;
    return { start: run('python', 'manage.py', 'runserver'), address: '127.0.0.1:8000; give another as ADDR:PORT' };
  }
  if (!entry) return undefined;
  const app = `${moduleOf(entry)}:app`;
  if (detection.framework === 'fastapi' || libs.includes('uvicorn'))
    return {
      start: run('uvicorn', app, '--workers', '4'),
      address: '127.0.0.1:8000; set UVICORN_HOST and UVICORN_PORT, or add --host and --port',
    };
  if (libs.includes('gunicorn'))
    return {
      // aiohttp apps are not WSGI: gunicorn serves them through aiohttp's own worker class.
      start: run(
        'gunicorn',
        '--workers',
        '4',
        ...(detection.framework === 'aiohttp' ? ['--worker-class', 'aiohttp.GunicornWebWorker'] : []),
        app,
      ),
      address: '127.0.0.1:8000; PORT=<n> binds 0.0.0.0:<n>, or add --bind',
    };
  if (detection.framework === 'flask')
    return { start: run('flask', '--app', moduleOf(entry), 'run'), address: '127.0.0.1:5000; set FLASK_RUN_PORT' };
  return { start: run('python', entry), address: '' };
}

/** The Celery worker's command, when the service defines a Celery app (layout.celeryModule). */
export function celeryWorkerCommand(
  input: RecipeInput,
  layout: PythonLayout,
  python: string,
): StartCommand | undefined {
  if (!layout.celeryModule) return undefined;
  const argv = [...programOf(input, python, 'celery'), '-A', layout.celeryModule, 'worker', '--loglevel', 'INFO'];
  return { argv, cwd: '.' };
}

/** A command as the user copies it from the next steps. */
export const commandLine = (c: StartCommand) => c.argv.map(shellWord).join(' ');

/**
 * How to start the service with tracing, per server. Every start command works as the user
 * already runs it, because the entry point imports the tracing module first; the lines say
 * what holds under workers and reloaders, where tracing setups usually break.
 */
export function startInstructions(input: RecipeInput, layout: PythonLayout, python: string): string[] {
  const { detection, config } = input;
  const cmd = startCommand(input, layout, python);
  const line = cmd ? commandLine(cmd.start) : undefined;
  const listens = cmd?.address ? `; it listens on ${cmd.address}` : '';
  const libs = detection.libraries;
  const entry = detection.entryPoint;
  const steps: string[] = [];
  if (!entry || layout.entryFiles.length === 0) {
    steps.push(`Add \`${layout.importStatement}\` as the first import of the module that starts your service.`);
  } else {
    steps.push(
      `${layout.entryFiles.join(', ')} now start${layout.entryFiles.length > 1 ? '' : 's'} ` +
        `with \`${layout.importStatement}\`: keep it the first import.`,
    );
  }
  const app = entry ? `${moduleOf(entry)}:app` : '<module>:app';
  if (detection.framework === 'django') {
    const wsgi = layout.djangoSettings
      ? `${layout.djangoSettings.split('.').slice(0, -1).join('.') || 'project'}.wsgi`
      : '<project>.wsgi';
    steps.push(
      `Start it: ${line ?? 'python manage.py runserver'}   ` +
        `(the autoreloader's child process sets up its own tracing${listens}; on SIGTERM the reloader ` +
        'kills that child before it can flush: add --noreload where the last spans matter)',
    );
    if (libs.includes('gunicorn'))
      steps.push(
        `Or: gunicorn --workers 4 ${wsgi}   (gunicorn.conf.py gives each worker its own exporter; --preload works too)`,
      );
  } else if (detection.framework === 'fastapi' || libs.includes('uvicorn')) {
    steps.push(
      `Start it: ${line ?? `uvicorn ${app} --workers 4`}   (or --reload while developing; pass the app as ` +
        `"module:app" so each worker process imports it and sets up tracing${listens})`,
    );
  } else if (libs.includes('gunicorn')) {
    steps.push(
      `Start it: ${line ?? `gunicorn --workers 4 ${app}`}   ` +
        `(gunicorn.conf.py gives each worker its own exporter; --preload works too${listens})`,
    );
  } else if (detection.framework === 'flask') {
    steps.push(
      `Start it: ${line ?? `flask --app ${entry ? moduleOf(entry) : '<module>'} run`}   ` +
        `(the debug reloader's child sets up its own tracing${listens})`,
    );
  } else {
    steps.push(
      `Start it: ${line ?? `python ${entry ?? '<your script>.py'}`}   ` +
        '(spans still in memory are flushed at exit and on SIGTERM)',
    );
  }
  const worker = celeryWorkerCommand(input, layout, python);
  if (worker) {
    steps.push(
      `Start the Celery worker: ${commandLine(worker)}   (tracing.py hooks worker_process_init, so each pool ` +
        "process exports its own spans; a task sent from a request joins that request's trace)",
    );
  } else if (libs.includes('celery')) {
    steps.push(
      `Celery: make the module that creates the Celery app import tracing first (\`${layout.importStatement}\`).`,
    );
  }
  if (libs.includes('gunicorn') && layout.userGunicornConf) {
    steps.push(
      'Your gunicorn.conf.py was left alone: add ' +
        `\`def post_fork(server, worker): ${layout.importStatement}; tracing.configure_tracing()\` ` +
        'to it so every worker exports spans.',
    );
  }
  steps.push(
    `Spans go over OTLP/${config.exporter.protocol === 'grpc' ? 'gRPC' : 'HTTP'} to ${config.exporter.endpoint} ` +
      `as service "${config.service.name}"; ` +
      'OTEL_* variables override it (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, ...).',
  );
  steps.push(
    `Manual spans and baggage: see ${layout.dir ? `${layout.dir}/` : ''}tracing_helpers.py ` +
      '(span, traced, use_baggage, get_baggage, inject_message_headers, extract_message_context, consume_span).',
  );
  steps.push('Do not also run it under opentelemetry-instrument: tracing.py already sets up the SDK once.');
  return steps;
}
