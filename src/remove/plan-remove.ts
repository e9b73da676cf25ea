import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load.js';
import { readTextIfExists } from '../fs/read-text.js';
import { isPristine } from '../fs/stamp.js';
import { type ChangedFile, type InitRecord, type InstallRun, sha256, undo } from '../init-record/record.js';
import { stateDir } from '../runtime/state.js';
import { type Uninstall, uninstallsIn } from './uninstall.js';

/**
 * What `tracekit remove` does to one recorded file:
 * - `delete`: tracekit's file as it wrote it (or a file init's install created, untouched since).
 * - `restore`: the user's file, unchanged since init, back to its bytes before init.
 * - `undo`: the user's file, changed since init: tracekit's lines taken out, the later changes kept.
 * - `uninstall`: a lockfile changed since init: its package manager takes init's packages out.
 * - `keep`: left where it is on purpose (a tracekit file edited since, tracekit.yaml a backend reads).
 * - `conflict`: tracekit cannot take its part out safely; the user decides (nothing is written).
 * - `gone`: already absent; nothing to do.
 */
export type RemoveAction = 'delete' | 'restore' | 'undo' | 'uninstall' | 'keep' | 'conflict' | 'gone';

export interface RemoveStep {
  path: string;
  action: RemoveAction;
  reason: string;
  /** The content now, when the file exists (for the diff). */
  before?: string;
  /** What restore or undo writes. */
  after?: string;
  /** The package manager's commands of an `uninstall` step. */
  commands?: Uninstall[];
}

export interface RemovePlanOptions {
  force: boolean;
  /** false with --no-uninstall: a lockfile changed since init is left, with the command to run. */
  uninstall: boolean;
}

/** Files a package manager rewrites as a whole: never patched by hand when changed since init. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'uv.lock',
  'poetry.lock',
  'Pipfile.lock',
  'go.sum',
  'go.work.sum',
]);

/** Whether `backend up` set up a backend here: it reads tracekit.yaml, so remove keeps it. */
async function backendSetUp(root: string): Promise<boolean> {
  return stat(stateDir(root)).then(
    () => true,
    () => false,
  );
}

function ownedStep(p: string, sha: string, now: string | undefined, force: boolean, backend: boolean): RemoveStep {
  if (now === undefined) return { path: p, action: 'gone', reason: 'already removed' };
  if (p === CONFIG_FILE && backend)
    return {
      path: p,
      action: 'keep',
      reason: '`tracekit backend` set up here (.tracekit/backend) reads it',
      before: now,
    };
  // A later init or upgrade may have rewritten it: its stamp still says it is tracekit's output.
  if (sha256(now) === sha || isPristine(now))
    return { path: p, action: 'delete', reason: 'tracekit output', before: now };
  if (force) return { path: p, action: 'delete', reason: 'edited since init; deleted with --force', before: now };
  return { path: p, action: 'keep', reason: 'edited since init; --force deletes it', before: now };
}

/** A lockfile changed since init: its package manager's removal, when init's install there has one. */
function lockfileStep(p: string, now: string, installs: InstallRun[], o: RemovePlanOptions): RemoveStep {
  const commands = uninstallsIn(path.posix.dirname(p), installs);
  if (!commands.length) return { path: p, action: 'conflict', reason: 'a lockfile changed since init', before: now };
  const line = commands.map((c) => c.argv.join(' ')).join(' && ');
  return o.uninstall
    ? { path: p, action: 'uninstall', reason: `changed since init: ${line}`, before: now, commands }
    : { path: p, action: 'keep', reason: `changed since init; --no-uninstall: run ${line}`, before: now };
}

function changedStep(
  p: string,
  entry: ChangedFile,
  now: string | undefined,
  installs: InstallRun[],
  o: RemovePlanOptions,
): RemoveStep {
  if (now === undefined)
    return entry.created
      ? { path: p, action: 'gone', reason: 'already removed' }
      : { path: p, action: 'conflict', reason: 'deleted since init' };
  const base = { path: p, before: now };
  if (sha256(now) === entry.afterSha) {
    if (entry.created) return { ...base, action: 'delete', reason: 'created by init, unchanged since' };
    if (entry.patch) return { ...base, action: 'restore', reason: 'as before init', after: undo(now, entry.patch)! };
    return { ...base, action: 'conflict', reason: 'too large for the record to hold its original' };
  }
  if (LOCKFILES.has(path.posix.basename(p))) return lockfileStep(p, now, installs, o);
  if (entry.created) return { ...base, action: 'conflict', reason: 'created by init and changed since' };
  const undone = entry.patch ? undo(now, entry.patch) : undefined;
  if (undone === undefined)
    return { ...base, action: 'conflict', reason: "changed since init where tracekit's lines are" };
  return {
    ...base,
    action: 'undo',
    reason: "changed since init: tracekit's lines taken out, yours kept",
    after: undone,
  };
}

/** Every recorded file's step, read against the disk now; writes nothing. */
export async function planRemove(root: string, record: InitRecord, opts: RemovePlanOptions): Promise<RemoveStep[]> {
  const backend = await backendSetUp(root);
  const read = (p: string) => readTextIfExists(path.join(root, p));
  const steps: RemoveStep[] = [];
  for (const [p, entry] of Object.entries(record.changed))
    steps.push(changedStep(p, entry, await read(p), record.installs ?? [], opts));
  for (const [p, sha] of Object.entries(record.owned))
    steps.push(ownedStep(p, sha, await read(p), opts.force, backend));
  return steps.sort((a, b) => a.path.localeCompare(b.path));
}

/** The record of what is still there after the steps ran: the files kept or in conflict. */
export function remainingRecord(record: InitRecord, steps: RemoveStep[]): InitRecord {
  const left = new Set(steps.filter((s) => s.action === 'keep' || s.action === 'conflict').map((s) => s.path));
  const pick = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).filter(([p]) => left.has(p)));
  const installs = record.installs ?? [];
  return { version: 1, owned: pick(record.owned), changed: pick(record.changed), installs };
}
