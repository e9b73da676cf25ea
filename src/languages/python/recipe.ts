import type { FileChange } from '../../fs/plan.js';
import type { Recipe, RecipeInput } from '../language.js';
import { baseTemplateData } from '../template-data.js';
import { planPythonTest } from './generated-test.js';
import { checkInterpreter, installCommandsFor, pythonFor } from './interpreter.js';
import { entryImportChanges, type PythonLayout, pythonLayout } from './layout.js';
import { manifestChange, manifestTarget } from './manifest-edit.js';
import { readPythonManifests } from './manifests.js';
import { celeryWorkerCommand, startCommand, startInstructions } from './next-steps.js';
import { pythonPinnedVersions } from './pinned-versions.js';
import { queueClientWarnings } from './queue-clients.js';
import { unsupportedSqlalchemyWarning } from './sqlalchemy-check.js';
import { instrumentationsFor, packagesFor } from './versions.js';

const join = (dir: string, file: string) => (dir ? `${dir}/${file}` : file);

/** tracing.py, tracing_helpers.py and (for gunicorn) gunicorn.conf.py. */
async function renderModules(input: RecipeInput, layout: PythonLayout): Promise<FileChange[]> {
  const { config, engine, detection } = input;
  const instrumentations = instrumentationsFor(config.framework, detection.libraries);
  const data = {
    ...baseTemplateData(config),
    // A number validated by the config schema (0..1), or Python's None.
    samplerRatio: config.sampler.ratio === undefined ? 'None' : String(config.sampler.ratio),
    instrumentations,
    // tracing.py reads TRACEKIT_LAYER_SPANS only where an instrumentation's options use it.
    layerSpans: instrumentations.some((i) => i.options?.includes('layer_spans')),
    djangoSettings: layout.djangoSettings ?? false,
    celery: detection.libraries.includes('celery'),
    importStatement: layout.importStatement,
  };
  const module = async (path: string, template: string): Promise<FileChange> => ({
    path,
    content: await engine.render(template, data),
    kind: 'generated',
    comment: '#',
  });
  return [
    await module(join(layout.dir, 'tracing.py'), 'python/tracing.py.hbs'),
    await module(join(layout.dir, 'tracing_helpers.py'), 'python/tracing_helpers.py.hbs'),
    // gunicorn reads ./gunicorn.conf.py itself; a user's own file is left alone (see next steps).
    ...(detection.libraries.includes('gunicorn') && !layout.userGunicornConf
      ? [await module('gunicorn.conf.py', 'python/gunicorn.conf.py.hbs')]
      : []),
  ];
}

/** The server's command, then the Celery worker's, each run as printed. */
const startArgvOf = (input: RecipeInput, layout: PythonLayout, python: string) => {
  const cmd = startCommand(input, layout, python);
  const worker = celeryWorkerCommand(input, layout, python);
  return [...(cmd ? [cmd.start] : []), ...(worker ? [worker] : [])];
};

/** Python: FastAPI, Flask, Django, Starlette, aiohttp (and Celery workers) or scripts, with any package manager. */
export const pythonRecipe: Recipe = {
  async plan(input) {
    const { ctx, project, detection, config } = input;
    const p = project.probe;
    // The interpreter check comes first: a Python the SDK does not support stops init before anything else.
    const python = await pythonFor(ctx, p);
    await checkInterpreter(ctx, python, p.root);
    const manifests = await readPythonManifests(p);
    const warning = detection.libraries.includes('sqlalchemy')
      ? await unsupportedSqlalchemyWarning(ctx, p, manifests, python)
      : undefined;
    const queueWarnings = await queueClientWarnings(p, manifests, detection.libraries);
    const layout = await pythonLayout(p, detection);
    const target = manifestTarget(manifests, detection.packageManager);
    const packages = packagesFor(config, instrumentationsFor(config.framework, detection.libraries));
    const modules = await renderModules(input, layout);
    // A new requirements-tracing.txt is tracekit's own file; an existing manifest is the user's.
    const manifestText = await p.read(target.path);
    const manifest = manifestChange(target, manifestText, packages);
    const ownManifest = manifest.kind === 'generated';
    const tests = input.writeTests ? await planPythonTest(input, layout, manifests, python) : undefined;
    return {
      files: [...modules, ...(ownManifest ? [manifest] : []), ...(tests?.files ?? [])],
      edits: [...(ownManifest ? [] : [manifest]), ...(await entryImportChanges(p, layout)), ...(tests?.edits ?? [])],
      install: [...installCommandsFor(detection.packageManager, python, target, packages), ...(tests?.install ?? [])],
      nextSteps: [...startInstructions(input, layout, python), ...(tests?.nextSteps ?? [])],
      start: startArgvOf(input, layout, python),
      warnings: [...(warning ? [warning] : []), ...queueWarnings],
      notes: tests?.notes ?? [],
      versions: pythonPinnedVersions(manifestText, packages),
    };
  },
};
