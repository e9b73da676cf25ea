import path from 'node:path';
import type { Ctx } from '../context.js';
import { TracekitError } from '../errors.js';
import { applyPlan } from '../fs/apply.js';
import { planChanges } from '../fs/plan.js';
import { readTextIfExists } from '../fs/read-text.js';
import { removeFiles } from '../fs/remove-files.js';
import { saveInitRecord } from '../init-record/capture.js';
import { INIT_RECORD_FILE, loadInitRecord } from '../init-record/record.js';
import { planRemove, type RemoveStep, remainingRecord } from './plan-remove.js';
import { printRemoveDiffs, printRemovePlan } from './print-remove.js';
import { runUninstalls, uniqueCommands } from './run-uninstalls.js';

/** remove's options after commander has parsed the flags. */
export interface RemoveOptions {
  dir: string;
  /** Consent to delete and restore without a question. */
  yes: boolean;
  dryRun: boolean;
  /** Delete tracekit files edited since init; go on when some files cannot be restored (they are left). */
  force: boolean;
  /** false with --no-uninstall: never run a package manager (a lockfile changed since init is left). */
  uninstall: boolean;
  /** The package managers' output is captured, not streamed, under --json. */
  json: boolean;
}

/** What remove did, for --json and for tests. */
export interface RemoveResult {
  schemaVersion: 1;
  root: string;
  dryRun: boolean;
  plan: { path: string; action: string; reason: string }[];
  deleted: string[];
  restored: string[];
  /** The package managers' commands that ran (for lockfiles changed since init). */
  uninstalled: string[];
  /** Files left in place: kept on purpose, or in conflict. */
  left: { path: string; reason: string }[];
}

const writes = (s: RemoveStep) => s.action === 'restore' || s.action === 'undo';
const deletes = (s: RemoveStep) => s.action === 'delete';
const leaves = (s: RemoveStep) => s.action === 'keep' || s.action === 'conflict';

/**
 * `tracekit remove`: takes out what init recorded. Plans every file against the disk first and
 * refuses on a conflict before anything is written; then, with consent, restores the user's files
 * (atomically, in one plan) and deletes tracekit's.
 */
export async function runRemove(ctx: Ctx, opts: RemoveOptions): Promise<{ result: RemoveResult; exitCode: number }> {
  const root = path.resolve(ctx.cwd, opts.dir);
  const result: RemoveResult = {
    schemaVersion: 1,
    root,
    dryRun: opts.dryRun,
    plan: [],
    deleted: [],
    restored: [],
    uninstalled: [],
    left: [],
  };
  const record = await loadInitRecord(root);
  if (!record) {
    ctx.log.success(`Nothing to remove: ${root} has no ${INIT_RECORD_FILE} (tracekit init writes it where it runs).`);
    const above = await recordAbove(root);
    if (above) ctx.log.info(`init ran at ${above} (init --all?): \`tracekit remove ${above}\` removes it there.`);
    return { result, exitCode: 0 };
  }
  const steps = await planRemove(root, record, opts);
  result.plan = steps.map((s) => ({ path: s.path, action: s.action, reason: s.reason }));
  result.left = steps.filter(leaves).map((s) => ({ path: s.path, reason: s.reason }));
  const conflicts = steps.filter((s) => s.action === 'conflict');
  const work = steps.filter((s) => writes(s) || deletes(s) || s.action === 'uninstall');
  const commands = uniqueCommands(steps);
  ctx.log.info(opts.dryRun ? 'Plan (dry run, nothing is changed):' : 'Plan:');
  printRemovePlan(steps, ctx.log);
  if (opts.dryRun) {
    printRemoveDiffs(steps, ctx.log);
    return { result, exitCode: 0 };
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts);
  if (work.length === 0) {
    ctx.log.success(`Nothing more to remove from ${root}.${leftNote(result.left)}`);
    return { result, exitCode: conflicts.length ? 1 : 0 };
  }
  const ok =
    opts.yes ||
    (await ctx.prompt.confirm({
      message: `Remove tracekit from ${root} as shown above${commands.length ? ', running the package manager' : ''}?`,
      flag: '--yes',
      default: true,
    }));
  if (!ok) {
    ctx.log.info('Nothing was changed.');
    return { result, exitCode: 0 };
  }
  Object.assign(result, await applyRemoval(ctx, root, steps, opts.json));
  await settleRecord(root, record, steps);
  const { deleted, restored } = result;
  ctx.log.success(`Removed tracekit from ${root}: deleted ${deleted.length}, restored ${restored.length}.`);
  if (result.left.length) ctx.log.warn(`Left as they are:${leftNote(result.left)}`);
  return { result, exitCode: conflicts.length ? 1 : 0 };
}

const conflictError = (conflicts: RemoveStep[]) =>
  new TracekitError(
    `tracekit cannot take its part out of ${conflicts.map((c) => `${c.path} (${c.reason})`).join(', ')}. ` +
      'Nothing was changed.',
    {
      hint:
        "See `tracekit remove --dry-run` and `git diff`; take tracekit's lines out of those files by hand, " +
        'or run `tracekit remove --force` to remove the rest and leave them as they are.',
    },
  );

/**
 * The package managers first (they rewrite manifests and lockfiles), then the restored bytes in
 * one atomic plan, then the deletions, then what must read the restored files (go mod tidy).
 */
async function applyRemoval(ctx: Ctx, root: string, steps: RemoveStep[], json: boolean) {
  const commands = uniqueCommands(steps);
  await runUninstalls(
    ctx,
    root,
    commands.filter((c) => c.when === 'before'),
    json,
  );
  const restores = steps.filter(writes).map((s) => ({ path: s.path, content: s.after!, kind: 'edit' as const }));
  const restored = await applyPlan(await planChanges(root, restores, { force: false }));
  const deleted = await removeFiles(
    root,
    steps.filter(deletes).map((s) => s.path),
  );
  await runUninstalls(
    ctx,
    root,
    commands.filter((c) => c.when === 'after'),
    json,
  );
  return { restored, deleted, uninstalled: commands.map((c) => c.argv.join(' ')) };
}

/** The nearest folder above root whose init record there is (a repository root of init --all). */
async function recordAbove(root: string): Promise<string | undefined> {
  for (let dir = path.dirname(root); dir !== path.dirname(dir); dir = path.dirname(dir))
    if ((await readTextIfExists(path.join(dir, INIT_RECORD_FILE))) !== undefined) return dir;
  return undefined;
}

const leftNote = (left: RemoveResult['left']) => left.map((l) => `\n  ${l.path} (${l.reason})`).join('');

/** The record goes with the last file it lists; while files are left it lists just those. */
async function settleRecord(root: string, record: Parameters<typeof remainingRecord>[0], steps: RemoveStep[]) {
  const rest = remainingRecord(record, steps);
  if (Object.keys(rest.owned).length + Object.keys(rest.changed).length === 0)
    await removeFiles(root, [INIT_RECORD_FILE]);
  else await saveInitRecord(root, rest);
}
