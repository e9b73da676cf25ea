import path from 'node:path';
import { CONFIG_FILE, loadConfig, renderConfig } from '../config/load.js';
import type { TracekitConfig } from '../config/schema.js';
import type { Ctx, ExecResult } from '../context.js';
import { messageOf, TracekitError, UsageError } from '../errors.js';
import { applyPlan } from '../fs/apply.js';
import { withConsentForEdits } from '../fs/consent.js';
import { printDiffs, printPlan } from '../fs/diff.js';
import { conflictsOf, type FileChange, planChanges, writesOf } from '../fs/plan.js';
import { recipeFor } from '../languages/index.js';
import type { Command, RecipeInput } from '../languages/recipe.js';
import { createRenderEngine } from '../render/engine.js';
import { shellWord } from '../render/literals.js';
import { chooseConfig, chooseFramework, chooseLanguage } from './choose.js';
import { describeDetection, detect, type LanguageDetection } from './detect.js';
import type { InitOptions } from './options.js';
import { probe } from './probe.js';

/** What init did, for --json and for tests. */
export interface InitResult {
  schemaVersion: 1;
  root: string;
  detection: LanguageDetection[];
  config: TracekitConfig;
  plan: { path: string; action: string; reason?: string }[];
  written: string[];
  installed: boolean;
  installCommands: string[];
  nextSteps: string[];
}

export const commandLine = (c: Command) => [c.file, ...c.args].map(shellWord).join(' ');

/** init: detect, choose, render, plan, then preview or apply, then install with consent. */
export async function runInit(ctx: Ctx, opts: InitOptions): Promise<InitResult> {
  const root = path.resolve(ctx.cwd, opts.dir);
  const project = detect(await probe(root));
  for (const l of project.languages) ctx.log.info(`Detected ${describeDetection(l)}`);
  const detection = await chooseLanguage(ctx, project, opts);
  const recipe = recipeFor(detection.lang);
  if (!recipe) {
    throw new UsageError(
      `tracekit cannot instrument ${detection.title} services yet.`,
      'Pick another language with --lang, or follow the OpenTelemetry docs for this one.',
    );
  }
  const framework = chooseFramework(ctx, detection, recipe.frameworks, opts.framework);
  const existing = await loadExistingConfig(root, opts.force);
  const config = await chooseConfig(ctx, project, detection, framework, opts, existing);

  const input: RecipeInput = { project, detection, config, engine: createRenderEngine(), ctx };
  await recipe.preflight(input);
  const changes: FileChange[] = [
    { path: CONFIG_FILE, content: renderConfig(config), kind: 'generated', comment: '#' },
    ...(await recipe.render(input)),
  ];
  let plan = await planChanges(root, changes, { force: opts.force });

  ctx.log.info(opts.dryRun ? 'Plan (dry run, nothing is written):' : 'Plan:');
  printPlan(plan, ctx.log);
  const installCommands = recipe.installCommands(input);
  const result: InitResult = {
    schemaVersion: 1,
    root,
    detection: project.languages,
    config,
    plan: plan.changes.map((c) => ({
      path: c.change.path,
      action: c.action,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    written: [],
    installed: false,
    installCommands: installCommands.map(commandLine),
    nextSteps: [...recipe.nextSteps(input), ...backendSteps(config)],
  };
  if (opts.dryRun) {
    printDiffs(plan, ctx.log);
    return result;
  }
  const conflicts = conflictsOf(plan);
  if (conflicts.length) {
    throw new TracekitError(
      `${conflicts.length} file${conflicts.length > 1 ? 's' : ''} would be overwritten: ${conflicts.map((c) => `${c.change.path} (${c.reason})`).join(', ')}. Nothing was written.`,
      {
        hint: 'Look at the differences with --dry-run, move your file aside, or re-run with --force to overwrite it.',
      },
    );
  }
  plan = await withConsentForEdits(ctx, plan, opts.yes);
  if (writesOf(plan).length === 0) {
    ctx.log.success('Nothing to change: this service is already set up with these choices.');
    return result;
  }
  result.written = await applyPlan(plan);
  ctx.log.success(`Wrote ${result.written.join(', ')}`);

  result.installed = await installDependencies(ctx, root, installCommands, opts);
  ctx.log.info('\nNext steps:');
  for (const step of result.nextSteps) ctx.log.info(`  ${step}`);
  return result;
}

/** The steps after instrumenting, whatever the language: a backend to send to, then proof. */
function backendSteps(config: TracekitConfig): string[] {
  const up =
    config.backend === 'none'
      ? []
      : [
          `Run a backend: tracekit backend up --${config.backend}${config.collector ? ' --collector' : ''} (add --runtime process without Docker)`,
        ];
  return [...up, 'Prove traces arrive: tracekit doctor --app <your service URL>'];
}

async function loadExistingConfig(root: string, force: boolean): Promise<TracekitConfig | undefined> {
  try {
    return await loadConfig(root);
  } catch (err) {
    // With --force an unreadable tracekit.yaml is replaced, so it must not stop the run.
    if (force && err instanceof UsageError) return undefined;
    throw err;
  }
}

async function installDependencies(ctx: Ctx, root: string, commands: Command[], opts: InitOptions): Promise<boolean> {
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
      r = await ctx.exec(c.file, c.args, { cwd: root, inherit: !opts.json, timeoutMs: 15 * 60_000 });
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
