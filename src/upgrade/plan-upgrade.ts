import path from 'node:path';
import { CONFIG_FILE, renderConfig } from '../config/load.js';
import type { TracekitConfig } from '../config/schema.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import type { FileChange } from '../fs/plan.js';
import { readTextIfExists } from '../fs/read-text.js';
import { isPristine } from '../fs/stamp.js';
import { detect } from '../init/detect.js';
import { type WorkspaceView, withEnclosingWorkspace } from '../init/enclosing-workspace.js';
import type { RecipePlan } from '../languages/language.js';
import { findLanguage } from '../languages/registry.js';
import type { Detected } from '../project/detection.js';
import { probe } from '../project/probe.js';
import { createRenderEngine } from '../render/engine.js';

/** One service's upgrade before anything is written: the recipe's plan for its recorded config. */
export interface PlannedUpgrade {
  root: string;
  config: TracekitConfig;
  view: WorkspaceView;
  detection: Detected;
  planned: RecipePlan;
  /** Everything to plan against the disk: tracekit.yaml when it is tracekit's, files, then edits. */
  changes: FileChange[];
}

/**
 * Plans a service's upgrade from its recorded config: no questions, the installed tracekit's
 * recipe. A generated test of the tracing is regenerated when the service has tracekit's test
 * file, and not added when it has none (init adds it; the user may have chosen --no-tests).
 */
export async function planUpgrade(
  ctx: Ctx,
  root: string,
  config: TracekitConfig,
  ownConfigFile: boolean,
): Promise<PlannedUpgrade> {
  const view = await withEnclosingWorkspace(await detect(await probe(root)));
  const detection = view.project.languages.find((l) => l.lang === config.language);
  const language = findLanguage(config.language);
  if (!detection || !language)
    throw new UsageError(
      `${CONFIG_FILE} says this is a ${config.language} service, but ${root} holds no ${config.language} project.`,
      'Run tracekit upgrade in the folder tracekit init set up (where its manifest is).',
    );
  const recipe = await language.loadRecipe();
  const planWith = (writeTests: boolean) =>
    recipe.plan({
      project: view.project,
      detection,
      config,
      engine: createRenderEngine(),
      ctx,
      upgradeRuntime: false,
      writeTests,
    });
  const withTests = await planWith(true);
  const without = await planWith(false);
  const testFiles = withTests.files.filter((f) => !without.files.some((w) => w.path === f.path));
  const hasTests = await someExists(root, testFiles);
  const planned = hasTests ? withTests : without;
  for (const note of planned.notes) ctx.log.info(note);
  for (const warning of planned.warnings) ctx.log.warn(warning);
  const configChange: FileChange = {
    path: CONFIG_FILE,
    content: renderConfig(config),
    kind: 'generated',
    comment: '#',
  };
  // tracekit.yaml was just read and is valid: one the user edited is theirs, not a conflict to report.
  const keepConfig = ownConfigFile && isPristine((await readTextIfExists(path.join(root, CONFIG_FILE))) ?? '');
  return {
    root,
    config,
    view,
    detection,
    planned,
    changes: [...(keepConfig ? [configChange] : []), ...planned.files, ...planned.edits],
  };
}

async function someExists(root: string, files: FileChange[]): Promise<boolean> {
  for (const f of files) if ((await readTextIfExists(path.join(root, f.path))) !== undefined) return true;
  return false;
}
