import path from 'node:path';
import { applyPlan } from '../fs/apply.js';
import { type FileChange, planChanges } from '../fs/plan.js';
import { readTextIfExists } from '../fs/read-text.js';
import { isPristine } from '../fs/stamp.js';
import type { Command } from '../languages/language.js';
import {
  type ChangedFile,
  changedEntry,
  INIT_RECORD_FILE,
  type InitRecord,
  loadInitRecord,
  renderInitRecord,
  sha256,
  undo,
} from './record.js';

/**
 * The files package managers change when they add a dependency, beside the manifest they edit.
 * Binary lockfiles (bun.lockb) are left out: the record holds text patches.
 */
const INSTALL_TOUCHED = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'requirements.txt',
  'pyproject.toml',
  'uv.lock',
  'poetry.lock',
  'Pipfile',
  'Pipfile.lock',
  'go.mod',
  'go.sum',
  'go.work',
  'go.work.sum',
];

/** A recording in progress: the files as they were before init wrote anything. */
export interface InitRecording {
  /**
   * After init's writes and installs: records what changed, keeping the first run's originals,
   * and the install commands that ran (absolute cwd).
   */
  finish(written: string[], installs?: { command: Command; cwd: string }[]): Promise<void>;
}

const rel = (root: string, abs: string) => path.relative(root, abs).split(path.sep).join('/');

/**
 * Reads, before init writes, every file it may change: its planned files and the manifests and
 * lockfiles in each folder an install runs in (inside root; a workspace root above is not recorded).
 */
export async function beginInitRecording(
  root: string,
  changes: FileChange[],
  installDirs: string[],
): Promise<InitRecording> {
  const inside = installDirs.map((d) => rel(root, d)).filter((d) => !d.startsWith('..'));
  const paths = new Set([
    ...changes.map((c) => c.path),
    ...inside.flatMap((d) => INSTALL_TOUCHED.map((n) => path.posix.join(d, n))),
  ]);
  const before = new Map<string, string | undefined>();
  for (const p of paths) before.set(p, await readTextIfExists(path.join(root, p)));
  const generated = new Set(changes.filter((c) => c.kind === 'generated').map((c) => c.path));
  return {
    async finish(written, installs = []) {
      const previous = (await loadInitRecord(root)) ?? { version: 1, owned: {}, changed: {} };
      const runs = installs
        .map((i) => ({ argv: [i.command.file, ...i.command.args], cwd: rel(root, i.cwd) || '.' }))
        .filter((i) => !i.cwd.startsWith('..'));
      const known = new Set((previous.installs ?? []).map((i) => JSON.stringify(i)));
      const record: InitRecord = {
        version: 1,
        owned: { ...previous.owned },
        changed: { ...previous.changed },
        installs: [...(previous.installs ?? []), ...runs.filter((i) => !known.has(JSON.stringify(i)))],
      };
      for (const [p, was] of before) {
        const now = await readTextIfExists(path.join(root, p));
        if (now === undefined || now === was) continue;
        // tracekit's own file: new, or its earlier output (edited or not); a user's file it replaced
        // with --force stays theirs, so remove gives it back.
        const ours = was === undefined || isPristine(was) || p in previous.owned;
        const owns = generated.has(p) && written.includes(p) && ours;
        if (owns && !record.changed[p]) record.owned[p] = sha256(now);
        else record.changed[p] = mergedEntry(record.changed[p], was, now);
      }
      await saveInitRecord(root, record);
    },
  };
}

/**
 * A file changed again by a later init keeps its first original: the earlier patch read
 * backwards over what this run found gives it back (this run's "before" otherwise).
 */
function mergedEntry(earlier: ChangedFile | undefined, was: string | undefined, now: string): ChangedFile {
  if (!earlier) return changedEntry(was, now);
  if (earlier.created) return { ...changedEntry(undefined, now) };
  const original = was !== undefined && earlier.patch ? undo(was, earlier.patch) : undefined;
  return changedEntry(original ?? was, now);
}

/** Writes the record through the one writer of files (atomic). */
export async function saveInitRecord(root: string, record: InitRecord): Promise<void> {
  const change: FileChange = { path: INIT_RECORD_FILE, content: renderInitRecord(record), kind: 'generated' };
  // The record is tracekit's own bookkeeping: replaced whatever it held.
  await applyPlan(await planChanges(root, [change], { force: true }));
}
