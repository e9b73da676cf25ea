import path from 'node:path';
import type { Ctx } from '../context.js';
import type { FileChange } from '../fs/plan.js';
import { conflictsOf, planChanges, writesOf } from '../fs/plan.js';
import { planSummary, previewOrApply } from '../fs/preview-or-apply.js';
import { readTextIfExists } from '../fs/read-text.js';
import { applyOptions, commandLine, installDependencies } from '../init/run-init.js';
import { beginInitRecording } from '../init-record/capture.js';
import { INIT_RECORD_FILE } from '../init-record/record.js';
import type { StartCommand } from '../languages/language.js';
import { shellWord } from '../render/literals.js';
import type { UpgradeOptions } from './options.js';
import type { PlannedUpgrade } from './plan-upgrade.js';
import { type LineChange, lineChange, printVersionTable, type VersionRow, versionRows } from './version-table.js';

/** What upgrade did to one service, for --json and for tests. */
export interface ServiceUpgrade {
  root: string;
  name: string;
  language: string;
  /** Nothing to do: files and versions are the installed tracekit's already. */
  upToDate: boolean;
  line: LineChange | undefined;
  versions: VersionRow[];
  plan: { path: string; action: string; reason?: string }[];
  written: string[];
  installed: boolean;
  installCommands: string[];
  startCommands: StartCommand[];
}

/**
 * The folder whose init record lists this service's files (the service's own, or the repository
 * root init --all ran in), with the prefix that makes the service's paths relative to it.
 */
async function recordOwner(root: string, workspaceRoot: string | undefined) {
  for (const dir of workspaceRoot ? [root, workspaceRoot] : [root]) {
    if ((await readTextIfExists(path.join(dir, INIT_RECORD_FILE))) !== undefined)
      return { dir, prefix: path.relative(dir, root).split(path.sep).join('/') };
  }
  return undefined;
}

const under = (prefix: string, p: string) => (prefix ? `${prefix}/${p}` : p);

/**
 * Upgrades one planned service: prints the line and the version table; a service already current
 * is left alone; otherwise the plan is previewed or applied as init does.
 */
export async function upgradeService(
  ctx: Ctx,
  u: PlannedUpgrade,
  opts: UpgradeOptions,
  workspaceRoot?: string,
): Promise<ServiceUpgrade> {
  const { planned, root } = u;
  const rows = versionRows(planned.versions);
  const line = lineChange(planned.versions);
  printVersionTable(ctx.log, rows, line);
  const result: ServiceUpgrade = {
    root,
    name: u.config.service.name,
    language: u.config.language,
    upToDate: false,
    line,
    versions: rows,
    plan: [],
    written: [],
    installed: false,
    installCommands: rows.length ? planned.install.map(commandLine) : [],
    startCommands: planned.start ?? [],
  };
  const onDisk = await planChanges(root, u.changes, { force: opts.force });
  if (rows.length === 0 && writesOf(onDisk).length === 0 && conflictsOf(onDisk).length === 0) {
    ctx.log.success(`Nothing to upgrade: ${u.config.service.name} already has what this tracekit writes.`);
    return { ...result, plan: planSummary(onDisk), upToDate: true };
  }
  await applyUpgrade(ctx, u, opts, result, workspaceRoot);
  if (!opts.dryRun)
    for (const s of result.startCommands)
      ctx.log.info(`Start it with tracing: ${s.argv.map(shellWord).join(' ')}${s.cwd === '.' ? '' : ` (in ${s.cwd})`}`);
  return result;
}

/**
 * Previews (--dry-run) or applies the plan as init does (conflicts refused, consent for the
 * user's files), installs the pinned versions with consent when they changed, and keeps init's
 * record in step when there is one. Fills in `result`.
 */
async function applyUpgrade(
  ctx: Ctx,
  u: PlannedUpgrade,
  opts: UpgradeOptions,
  result: ServiceUpgrade,
  workspaceRoot: string | undefined,
): Promise<void> {
  const { planned, root } = u;
  const steps = opts.dryRun || result.versions.length === 0 ? [] : await u.view.place(planned.install, u.detection);
  const owner = opts.dryRun ? undefined : await recordOwner(root, workspaceRoot);
  const recording =
    owner &&
    (await beginInitRecording(
      owner.dir,
      u.changes.map((c): FileChange => ({ ...c, path: under(owner.prefix, c.path) })),
      [root, ...steps.map((s) => s.cwd)],
    ));
  const applied = await previewOrApply(ctx, root, u.changes, {
    ...applyOptions(opts),
    conflictHint:
      'Look at the differences with tracekit upgrade --dry-run, move your file aside, or re-run with --force ' +
      'to overwrite it.',
  });
  result.plan = planSummary(applied.plan);
  result.written = applied.written;
  if (opts.dryRun) {
    if (result.installCommands.length) ctx.log.info(`\nWould install with:\n  ${result.installCommands.join('\n  ')}`);
    return;
  }
  try {
    result.installed = await installDependencies(ctx, steps, opts);
  } finally {
    await recording?.finish(
      applied.written.map((w) => under(owner!.prefix, w)),
      result.installed ? steps : [],
    );
  }
}
