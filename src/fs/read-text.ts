import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

const absent = (code: string | undefined) => code === 'ENOENT' || code === 'ENOTDIR';

/**
 * A file's text, or undefined when it does not exist (ENOTDIR too: a parent is a file, so the
 * path cannot exist). Anything else (a folder, no permission) is an error that names the file:
 * an unreadable file must never be mistaken for an absent one.
 */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (absent(code)) return undefined;
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder, not a file.`, 'Move it away, then run again.');
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`, 'Check the file permissions.');
  }
}

/** A folder's entries, or none when it does not exist (or is a file); other failures are errors. */
export async function listDirIfExists(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (absent(code)) return [];
    throw new UsageError(
      `Cannot read folder ${dir}: ${code ?? (err as Error).message}`,
      'Check the folder permissions.',
    );
  }
}
