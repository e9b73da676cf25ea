import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NO_BACKEND } from '../../config/choices.js';
import { loadConfig } from '../../config/load.js';
import type { Ctx, ExecResult } from '../../context.js';
import { messageOf, TracekitError } from '../../errors.js';
import { TEMPLATES_DIR } from '../../render/engine.js';
import { CACHED_VERSIONS, type CachedProgramId } from '../../runtime/cache.js';
import { BACKENDS } from '../registry.js';
import type { InstallStep } from './installers.js';
import { assertToolsPresent, describePlan, type InstallRequest, installDir, planInstall, programsFor } from './plan.js';

export interface InstallOptions extends InstallRequest {
  /** Show the plan only. */
  dryRun: boolean;
  /** Exactly these programs (what `backend up --install` found nowhere), instead of the backends' set. */
  only?: CachedProgramId[];
}

/** What install did, for --json and tests. */
export interface InstallResult {
  schemaVersion: 1;
  cache: string;
  items: { id: string; path: string; state: 'cached' | 'installed' | 'planned' }[];
}

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/** The builder config with its version and output folder filled in. */
async function builderConfig(output: string): Promise<string> {
  const text = await readFile(path.join(TEMPLATES_DIR, 'backends', 'collector', 'builder.yaml'), 'utf8');
  return text.replaceAll('@VERSION@', CACHED_VERSIONS.collector).replaceAll('@OUTPUT@', output);
}

/** Runs one step; on a terminal the tool's own output (downloads, compile) shows as progress. */
async function runStep(ctx: Ctx, step: InstallStep, label: string): Promise<void> {
  if (step.kind === 'run' && step.unless && existsSync(step.unless)) return;
  const started = ctx.now();
  ctx.log.info(`${label} ${step.title}…`);
  if (step.kind === 'move') {
    await rename(step.from, step.to).catch((err) => {
      throw new TracekitError(`The build left no ${path.basename(step.from)} at ${step.from}.`, {
        hint: 'Run the command again with --verbose; if it fails the same way, report a bug.',
        cause: err,
      });
    });
    return;
  }
  if (step.kind === 'write-builder-config') {
    await writeFile(step.to, await builderConfig(step.output));
    return;
  }
  if (step.cwd) await mkdir(step.cwd, { recursive: true });
  // A build can be silent for minutes (go build, the builder's compile): say it is still going.
  const ticker = setInterval(
    () => ctx.log.info(`  … still running (${seconds(ctx.now() - started)})`),
    ctx.isTTY ? 30_000 : 60_000,
  );
  let r: ExecResult;
  try {
    r = await ctx.exec(step.file, step.args, {
      cwd: step.cwd,
      env: { ...(ctx.env as Record<string, string>), ...step.env },
      inherit: ctx.isTTY,
      timeoutMs: 60 * 60_000,
    });
  } catch (err) {
    throw new TracekitError(`Could not run ${step.file}: ${messageOf(err)}`, {
      hint: `Check that ${step.file} is installed and on PATH.`,
    });
  } finally {
    clearInterval(ticker);
  }
  if (r.exitCode !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n');
    throw new TracekitError(
      `${step.file} ${step.args.join(' ')} failed (exit ${r.exitCode}).${tail ? `\n${tail}` : ''}`,
      {
        hint:
          step.file === 'mvn'
            ? 'Check that Maven Central (repo.maven.apache.org) is reachable, then run the same command again.'
            : 'Check that the Go module proxy is reachable (GOPROXY; `go env GOPROXY`), then run the same ' +
              'command again: what was downloaded is kept.',
      },
    );
  }
  ctx.log.info(`  done in ${seconds(ctx.now() - started)}`);
}

/**
 * `tracekit backend install`: the plan first (what, where, about how long), then each missing
 * program built or fetched into tracekit's cache, one step at a time. Cached programs are
 * left alone, so a second run does nothing and says so.
 */
export async function runBackendInstall(ctx: Ctx, opts: InstallOptions): Promise<InstallResult> {
  let backends = opts.backends;
  // `install --collector` alone is the Collector alone.
  if (!backends.length && opts.collector !== true) {
    const config = await loadConfig(path.resolve(ctx.cwd));
    backends = [config && config.backend !== NO_BACKEND ? config.backend : BACKENDS[0]!.id];
  }
  const plan = await planInstall(ctx, opts.only ?? programsFor({ ...opts, backends }));
  const result: InstallResult = {
    schemaVersion: 1,
    cache: plan.cache,
    items: plan.items.map((i) => ({ id: i.installer.id, path: i.path, state: i.cached ? 'cached' : 'planned' })),
  };
  ctx.log.info(describePlan(plan).join('\n'));
  const todo = plan.items.filter((i) => !i.cached);
  if (!todo.length) {
    ctx.log.success('Nothing to install: everything is already in the cache.');
    return result;
  }
  assertToolsPresent(plan);
  if (opts.dryRun) {
    ctx.log.info('Dry run: nothing was installed.');
    return result;
  }
  for (const [n, item] of todo.entries()) {
    const dir = installDir(plan, item.installer.id);
    const started = ctx.now();
    ctx.log.info(`\n[${n + 1}/${todo.length}] ${item.installer.title}: ${item.installer.source}`);
    await mkdir(dir, { recursive: true });
    const steps = item.installer.steps(dir);
    for (const [i, step] of steps.entries()) await runStep(ctx, step, `  (${i + 1}/${steps.length})`);
    await rm(path.join(dir, 'partial'), { recursive: true, force: true });
    ctx.log.success(`${item.installer.title}: ${item.path} (${seconds(ctx.now() - started)})`);
    result.items.find((x) => x.path === item.path)!.state = 'installed';
  }
  return result;
}
