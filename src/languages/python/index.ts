import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { otlpTracesUrl } from '../../config/otlp-url.js';
import { UsageError } from '../../errors.js';
import type { FileChange } from '../../fs/plan.js';
import type { Recipe, RecipeInput } from '../recipe.js';
import { checkInterpreter, installCommandsFor, pythonFor } from './interpreter.js';
import { entryImportChanges, type PythonLayout, pythonLayout } from './layout.js';
import { manifestChange, manifestTarget } from './manifest-edit.js';
import { startInstructions } from './next-steps.js';
import { warnUnsupportedSqlalchemy } from './sqlalchemy-check.js';
import { instrumentationsFor, packagesFor } from './versions.js';

const join = (dir: string, file: string) => (dir ? `${dir}/${file}` : file);

const packagesOf = (input: RecipeInput) =>
  packagesFor(input.config, instrumentationsFor(input.config.framework, input.detection.libraries));

async function renderModules(input: RecipeInput, layout: PythonLayout): Promise<FileChange[]> {
  const { config, engine, detection } = input;
  const data = {
    ...config,
    // A number validated by the config schema (0..1), or Python's None.
    samplerRatio: config.sampler.ratio === undefined ? 'None' : String(config.sampler.ratio),
    instrumentations: instrumentationsFor(config.framework, detection.libraries),
    exporterUrl: otlpTracesUrl(config.exporter),
    djangoSettings: layout.djangoSettings ?? false,
    importStatement: layout.importStatement,
  };
  const changes: FileChange[] = [
    {
      path: join(layout.dir, 'tracing.py'),
      content: await engine.render('python/tracing.py.hbs', data),
      kind: 'generated',
      comment: '#',
    },
    {
      path: join(layout.dir, 'tracing_helpers.py'),
      content: await engine.render('python/tracing_helpers.py.hbs', data),
      kind: 'generated',
      comment: '#',
    },
  ];
  // gunicorn reads ./gunicorn.conf.py itself; a user's own file is left alone (see next steps).
  if (detection.libraries.includes('gunicorn') && !layout.userGunicornConf) {
    changes.push({
      path: 'gunicorn.conf.py',
      content: await engine.render('python/gunicorn.conf.py.hbs', data),
      kind: 'generated',
      comment: '#',
    });
  }
  return changes;
}

/** Python: FastAPI, Flask, Django or plain scripts, with pip, Poetry, uv or pipenv. */
export const pythonRecipe: Recipe = {
  lang: 'python',
  frameworks: ['fastapi', 'flask', 'django', 'none'],

  async preflight({ ctx, project, detection }) {
    const python = pythonFor(ctx, project.root);
    await checkInterpreter(ctx, python, project.root);
    if (detection.libraries.includes('sqlalchemy')) await warnUnsupportedSqlalchemy(ctx, project.probe, python);
  },

  async render(input) {
    const { project, detection } = input;
    const layout = pythonLayout(project, detection);
    const target = manifestTarget(project.probe, detection.packageManager);
    const current = await readFile(path.join(project.root, target.path), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new UsageError(`Cannot read ${target.path}: ${err.message}`, 'Check the file permissions.');
    });
    return [
      ...(await renderModules(input, layout)),
      manifestChange(target, current, packagesOf(input)),
      ...entryImportChanges(project.root, layout),
    ];
  },

  installCommands(input) {
    const { ctx, project, detection } = input;
    return installCommandsFor(
      detection.packageManager,
      pythonFor(ctx, project.root),
      manifestTarget(project.probe, detection.packageManager),
      packagesOf(input),
    );
  },

  nextSteps(input) {
    return startInstructions(input);
  },
};
