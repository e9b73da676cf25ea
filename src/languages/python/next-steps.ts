import type { RecipeInput } from '../language.js';
import type { PythonLayout } from './layout.js';

/** `app/main.py` → `app.main` (the form uvicorn and gunicorn take). */
const moduleOf = (file: string) => file.replace(/\.py$/, '').replace(/\//g, '.');

/**
 * How to start the service with tracing, per server. Every start command works as the user
 * already runs it, because the entry point imports the tracing module first; the lines say
 * what holds under workers and reloaders, where tracing setups usually break.
 */
export function startInstructions(input: RecipeInput, layout: PythonLayout): string[] {
  const { detection, config } = input;
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
    steps.push("Start it: python manage.py runserver (the autoreloader's child process sets up its own tracing)");
    if (libs.includes('gunicorn'))
      steps.push(
        `Or: gunicorn --workers 4 ${wsgi}   (gunicorn.conf.py gives each worker its own exporter; --preload works too)`,
      );
  } else if (detection.framework === 'fastapi' || libs.includes('uvicorn')) {
    steps.push(
      `Start it: uvicorn ${app} --workers 4   (or --reload while developing; pass the app as "module:app" ` +
        'so each worker process imports it and sets up tracing)',
    );
  } else if (libs.includes('gunicorn')) {
    steps.push(
      `Start it: gunicorn --workers 4 ${app}   ` +
        '(gunicorn.conf.py gives each worker its own exporter; --preload works too)',
    );
  } else if (detection.framework === 'flask') {
    steps.push(
      `Start it: flask --app ${entry ? moduleOf(entry) : '<module>'} run   ` +
        "(the debug reloader's child sets up its own tracing)",
    );
  } else {
    steps.push(`Start it: python ${entry ?? '<your script>.py'}   (spans still in memory are flushed at exit)`);
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
      '(span, traced, use_baggage, get_baggage, inject_headers, consume_span).',
  );
  steps.push('Do not also run it under opentelemetry-instrument: tracing.py already sets up the SDK once.');
  return steps;
}
