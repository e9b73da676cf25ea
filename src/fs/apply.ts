import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TracekitError, messageOf } from '../errors.js';
import { conflictsOf, targetPath, writesOf, type Plan } from './plan.js';

/**
 * Writes a plan in two phases so a failure changes nothing: every file goes to a temp file
 * beside its target first; only when all are written are they renamed into place (rename is
 * atomic on one filesystem). Conflicts are refused here too, whatever the caller checked.
 */
export async function applyPlan(plan: Plan): Promise<string[]> {
  const conflicts = conflictsOf(plan);
  if (conflicts.length) {
    throw new TracekitError(`Refusing to overwrite ${conflicts.map((c) => c.change.path).join(', ')}`, { hint: 'Re-run with --force to overwrite.' });
  }
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const c of writesOf(plan)) {
      const target = targetPath(plan.root, c.change.path);
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tracekit-${randomBytes(4).toString('hex')}`);
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
  for (const s of staged) await rename(s.tmp, s.target);
  return staged.map((s) => path.relative(plan.root, s.target));
}
