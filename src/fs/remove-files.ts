import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { messageOf, TracekitError } from '../errors.js';
import { targetPath } from './plan.js';

/**
 * Deletes files inside root (each unlink is atomic), then the folders that deleting them left
 * empty, up to but never including root: tracekit's own folders (internal/tracing, .tracekit)
 * go with their last file, while a folder that still holds anything stays.
 */
export async function removeFiles(root: string, rels: string[]): Promise<string[]> {
  const targets = rels.map((r) => ({ rel: r, abs: targetPath(root, r) }));
  const done: string[] = [];
  for (const t of targets) {
    try {
      await rm(t.abs, { force: true });
    } catch (err) {
      throw new TracekitError(
        `Could not delete ${t.rel}: ${messageOf(err)}. ${done.length ? `Already deleted: ${done.join(', ')}.` : ''}`,
        { hint: 'Fix the cause and run the command again: what is already gone is skipped.', cause: err },
      );
    }
    done.push(t.rel);
  }
  const dirs = new Set(targets.map((t) => path.dirname(t.abs)));
  // Deepest first, so a parent is tried after its children.
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await pruneEmpty(root, dir);
  return done;
}

async function pruneEmpty(root: string, dir: string): Promise<void> {
  for (let d = dir; d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) {
    try {
      await rmdir(d);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Not empty (or already gone): this folder and the ones above it stay.
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return;
      throw new TracekitError(`Could not delete the empty folder ${path.relative(root, d)}: ${messageOf(err)}`, {
        hint: 'Delete it by hand; the files in it are already removed.',
        cause: err,
      });
    }
  }
}
