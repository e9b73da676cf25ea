import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { messageOf, TracekitError } from '../errors.js';
import { conflictsOf, type Plan, targetPath, writesOf } from './plan.js';

/**
 * Writes a plan in two phases: every file goes to a temp file beside its target first, so a
 * failure there changes nothing; only when all are written are they renamed into place (each
 * rename is atomic on one filesystem, so no file is ever half-written). Conflicts are refused
 * here too, whatever the caller checked.
 */
export async function applyPlan(plan: Plan): Promise<string[]> {
  const conflicts = conflictsOf(plan);
  if (conflicts.length) {
    throw new TracekitError(`Refusing to overwrite ${conflicts.map((c) => c.change.path).join(', ')}`, {
      hint: 'Re-run with --force to overwrite.',
    });
  }
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const c of writesOf(plan)) {
      const target = targetPath(plan.root, c.change.path);
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(
        path.dirname(target),
        `.${path.basename(target)}.tracekit-${randomBytes(4).toString('hex')}`,
      );
      const mode = c.before === undefined ? (c.change.mode ?? 0o644) : (await stat(target)).mode & 0o7777;
      await writeFile(tmp, c.after, { mode, flag: 'wx' });
      await chmod(tmp, mode);
      staged.push({ tmp, target });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw new TracekitError(`Could not write the files (nothing was changed): ${messageOf(err)}`, {
      hint: 'Check that the directory exists and is writable, then run the command again.',
      cause: err,
    });
  }
  // Renames are atomic one by one; should one fail (a target replaced by a folder meanwhile),
  // the temp files left are removed and the message says exactly what was written.
  const done: string[] = [];
  for (const [i, s] of staged.entries()) {
    try {
      await rename(s.tmp, s.target);
    } catch (err) {
      await Promise.all(staged.slice(i).map((r) => rm(r.tmp, { force: true })));
      throw new TracekitError(
        `Could not move ${path.relative(plan.root, s.target)} into place: ${messageOf(err)}. ` +
          (done.length ? `Already written: ${done.join(', ')}.` : 'Nothing was changed.'),
        {
          hint: 'Fix the cause and run the command again: files already written are recognised and left as they are.',
          cause: err,
        },
      );
    }
    done.push(path.relative(plan.root, s.target));
  }
  return done;
}
