import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { type CommentSyntax, isPristine, stamp } from './stamp.js';

/**
 * A file that a command wants on disk.
 * - `generated`: a whole file that tracekit owns until the user edits it (stamped when it
 *   has a comment syntax).
 * - `edit`: a change to one of the user's own files (a manifest), computed from its
 *   current content; applied only with the user's consent.
 */
export interface FileChange {
  /** Relative to the project root, with forward slashes. */
  path: string;
  content: string;
  kind: 'generated' | 'edit';
  comment?: CommentSyntax;
  /** Unix mode for new files (for example 0o755 for scripts). */
  mode?: number;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlannedChange {
  change: FileChange;
  action: PlanAction;
  /** The content on disk now (undefined when the file does not exist). */
  before: string | undefined;
  /** The exact content that would be written. */
  after: string;
  /** Why a file is a conflict, or how an update was allowed. */
  reason?: string;
}

export interface Plan {
  root: string;
  changes: PlannedChange[];
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, so this path cannot exist yet; apply reports the failure.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR')
      throw new UsageError(
        `${file} is a directory where tracekit wants to write a file.`,
        'Move it away, or choose another output folder.',
      );
    throw err;
  }
}

/** Resolves a change's path inside root, refusing anything that escapes it. */
export function targetPath(root: string, rel: string): string {
  const abs = path.resolve(root, rel);
  const back = path.relative(root, abs);
  if (back.startsWith('..') || path.isAbsolute(back))
    throw new UsageError(`Refusing to write outside the project: ${rel}`);
  return abs;
}

/** Compares each change with the disk: create, update, unchanged, or conflict. */
export async function planChanges(root: string, changes: FileChange[], opts: { force: boolean }): Promise<Plan> {
  const planned: PlannedChange[] = [];
  for (const change of changes) {
    const before = await readIfExists(targetPath(root, change.path));
    const after =
      change.kind === 'generated' && change.comment ? stamp(change.content, change.comment) : change.content;
    planned.push({ change, before, after, ...decide(change, before, after, opts.force) });
  }
  return { root, changes: planned };
}

function decide(
  change: FileChange,
  before: string | undefined,
  after: string,
  force: boolean,
): { action: PlanAction; reason?: string } {
  if (before === undefined) return { action: 'create' };
  if (before === after) return { action: 'unchanged' };
  if (change.kind === 'edit') return { action: 'update', reason: 'edit of your file' };
  if (change.comment && isPristine(before)) return { action: 'update', reason: 'tracekit output, not edited since' };
  if (force) return { action: 'update', reason: 'overwritten with --force' };
  const whose =
    change.comment && /tracekit:generated/.test(before) ? 'edited since tracekit wrote it' : 'not written by tracekit';
  return { action: 'conflict', reason: whose };
}

export const conflictsOf = (plan: Plan) => plan.changes.filter((c) => c.action === 'conflict');
export const writesOf = (plan: Plan) => plan.changes.filter((c) => c.action === 'create' || c.action === 'update');
