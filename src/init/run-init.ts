import path from 'node:path';
import { CONFIG_FILE, loadConfig, renderConfig } from '../config/load.js';
import { isWorkspaceConfig, NO_BACKEND, type TracekitConfig } from '../config/schema.js';
import type { Ctx, ExecResult } from '../context.js';
import { messageOf, TracekitError, UsageError } from '../errors.js';
import type { FileChange } from '../fs/plan.js';
import { planSummary, previewOrApply } from '../fs/preview-or-apply.js';
import { beginInitRecording } from '../init-record/capture.js';
import { INIT_RECORD_FILE } from '../init-record/record.js';
import { type Command, frameworkIdsOf, type RecipePlan, type StartCommand } from '../languages/language.js';
import { findLanguage } from '../languages/registry.js';
import type { Detected, Project } from '../project/detection.js';
import { probe } from '../project/probe.js';
import { createRenderEngine } from '../render/engine.js';
import { shellWord } from '../render/literals.js';
import { chooseConfig, chooseFramework, chooseLanguage } from './choose.js';
import { describeDetection, detect } from './detect.js';
import { withEnclosingWorkspace } from './enclosing-workspace.js';
import type { InitOptions } from './options.js';

/** What init did, for --json and for tests. */
export interface InitResult {
  schemaVersion: 1;
  root: string;
  detection: Detected[];
  config: TracekitConfig;
  plan: { path: string; action: string; reason?: string }[];
  written: string[];
  installed: boolean;
  installCommands: string[];
  nextSteps: string[];
  /**
   * The next steps' start command as argv, to run verbatim (no shell) from `cwd` under the
   * service root; empty when the recipe cannot name one. Added in schemaVersion 1 (additive).
   */
  startCommands: StartCommand[];
}

/** How init previews or applies its plan, for one service or a whole repository. */
export const applyOptions = (opts: Pick<InitOptions, 'dryRun' | 'force' | 'yes'>) => ({
  dryRun: opts.dryRun,
  force: opts.force,
  yes: opts.yes,
  nothingDone: 'Nothing was written.',
  conflictHint: 'Look at the differences with --dry-run, move your file aside, or re-run with --force to overwrite it.',
});

/** A command as the user would type it. */
export const commandLine = (c: Command) => [c.file, ...c.args].map(shellWord).join(' ');

/** One service's choices and recipe plan, before anything is written. */
export interface PlannedService {
  project: Project;
  detection: Detected;
  config: TracekitConfig;
  planned: RecipePlan;
}

/**
 * Chooses the language (unless the caller already did), framework and config, then plans the
 * recipe; prints what the recipe noted and warned. Writes nothing.
 */
export async function planService(
  ctx: Ctx,
  project: Project,
  opts: InitOptions,
  existing: TracekitConfig | undefined,
  chosen?: Detected,
): Promise<PlannedService> {
  const detection = chosen ?? (await chooseLanguage(ctx, project, opts));
  // Detection only reports registered languages, so the lookup always succeeds.
  const language = findLanguage(detection.lang)!;
  const framework = chooseFramework(ctx, detection, frameworkIdsOf(language), opts.framework);
  const config = await chooseConfig(ctx, project, language, detection, framework, opts, existing);
  const recipe = await language.loadRecipe();
  const planned = await recipe.plan({
    project,
    detection,
    config,
    engine: createRenderEngine(),
    ctx,
    upgradeRuntime: opts.upgradeRuntime ?? false,
    writeTests: opts.tests !== false,
  });
  for (const note of planned.notes) ctx.log.info(note);
  for (const warning of planned.warnings) ctx.log.warn(warning);
  return { project, detection, config, planned };
}

/** init: detect, choose, plan the recipe, then preview or apply, then install with consent. */
export async function runInit(ctx: Ctx, opts: InitOptions): Promise<InitResult> {
  const root = path.resolve(ctx.cwd, opts.dir);
  const view = await withEnclosingWorkspace(await detect(await probe(root)));
  const project = view.project;
  for (const l of project.languages) ctx.log.info(`Detected ${describeDetection(l)}`);
  const existing = await loadExistingConfig(root, opts.force);
  const { config, planned, detection } = await planService(ctx, project, opts, existing);
  const changes: FileChange[] = [
    { path: CONFIG_FILE, content: renderConfig(config), kind: 'generated', comment: '#' },
    ...planned.files,
    ...planned.edits,
  ];
  const steps = opts.dryRun ? [] : await view.place(planned.install, detection);
  // What the files were before init, so `tracekit remove` can give them back.
  const recording = opts.dryRun
    ? undefined
    : await beginInitRecording(root, changes, [root, ...steps.map((s) => s.cwd)]);
  const { plan, written } = await previewOrApply(ctx, root, changes, applyOptions(opts));
  const result: InitResult = {
    schemaVersion: 1,
    root,
    detection: project.languages,
    config,
    plan: planSummary(plan),
    written,
    installed: false,
    installCommands: planned.install.map(commandLine),
    nextSteps: [...planned.nextSteps, ...backendSteps(config)],
    startCommands: planned.start ?? [],
  };
  if (opts.dryRun) return result;
  if (written.length === 0) {
    ctx.log.success('Nothing to change: this service is already set up with these choices.');
    return result;
  }
  try {
    result.installed = await installDependencies(ctx, steps, opts);
  } finally {
    await recording?.finish(written, steps);
    ctx.log.info(`Recorded in ${INIT_RECORD_FILE} (commit it): \`tracekit remove\` takes all this out again.`);
  }
  ctx.log.info('\nNext steps:');
  for (const step of result.nextSteps) ctx.log.info(`  ${step}`);
  return result;
}

/** The steps after instrumenting, whatever the language: a backend to send to, then proof. */
export function backendSteps(config: Pick<TracekitConfig, 'backend' | 'collector'>): string[] {
  const up =
    config.backend === NO_BACKEND
      ? []
      : [
          `Run a backend: tracekit backend up --${config.backend}${config.collector ? ' --collector' : ''} ` +
            '(without Docker: add --runtime process --install)',
        ];
  return [...up, 'Prove traces arrive: tracekit doctor --app <your service URL>'];
}

async function loadExistingConfig(root: string, force: boolean): Promise<TracekitConfig | undefined> {
  try {
    const config = await loadConfig(root);
    if (config && isWorkspaceConfig(config))
      throw new UsageError(
        `${CONFIG_FILE} in ${root} records a workspace of ${config.services.length} services.`,
        'Run `tracekit init --all` (or --only <names>) here, or `tracekit init <service folder>` for one.',
      );
    return config;
  } catch (err) {
    // With --force an unreadable tracekit.yaml is replaced, so it must not stop the run.
    if (force && err instanceof UsageError) return undefined;
    throw err;
  }
}

/** A command to run and the absolute folder it runs in. */
export interface InstallStep {
  command: Command;
  cwd: string;
}

/** Runs the install commands after consent; false when the user only wants them printed. */
export async function installDependencies(
  ctx: Ctx,
  steps: InstallStep[],
  opts: Pick<InitOptions, 'install' | 'yes' | 'json'>,
): Promise<boolean> {
  const commands = steps.map((s) => s.command);
  if (commands.length === 0) return false;
  const lines = commands.map(commandLine);
  const consent =
    opts.install &&
    (opts.yes ||
      (await ctx.prompt.confirm({
        message: `Install the dependencies now (${lines.join(' && ')})?`,
        flag: '--yes or --no-install',
        default: true,
      })));
  if (!consent) {
    ctx.log.info(`\nInstall the dependencies with:\n  ${lines.join('\n  ')}`);
    return false;
  }
  for (const [i, c] of commands.entries()) {
    ctx.log.info(`$ ${lines[i]}`);
    let r: ExecResult;
    try {
      r = await ctx.exec(c.file, c.args, { cwd: steps[i]!.cwd, inherit: !opts.json, timeoutMs: 15 * 60_000 });
    } catch (err) {
      throw new TracekitError(`Could not run ${c.file}: ${messageOf(err)}`, {
        hint: `Install ${c.file}, then run: ${lines.slice(i).join(' && ')}`,
      });
    }
    if (r.exitCode !== 0) {
      const tail = (r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n');
      throw new TracekitError(
        `Installing dependencies failed (${lines[i]} exited with ${r.exitCode}).${tail ? `\n${tail}` : ''}`,
        {
          hint: `The instrumentation files are written; fix the error and run: ${lines.slice(i).join(' && ')}`,
        },
      );
    }
  }
  ctx.log.success('Dependencies installed.');
  return true;
}
