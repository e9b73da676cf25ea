import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { listDirIfExists, readTextIfExists } from '../fs/read-text.js';

/** One entry of a listed folder. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

/**
 * A read-only view of a service folder, shared by detection and every recipe: what is at the
 * root (read once, up front) and files or folders read on demand, each at most once. Knows no
 * language: each language parses its own manifests from `read`. Paths are relative to the
 * root, with forward slashes.
 */
export interface Probe {
  readonly root: string;
  /** Names of the files and folders at the root. */
  readonly entries: ReadonlySet<string>;
  /** Relative paths of the files at the root and one level into src/ and app/ (for entry points). */
  readonly files: ReadonlySet<string>;
  /** A file's text, or undefined when it does not exist; an unreadable file is a UsageError. */
  read(relPath: string): Promise<string | undefined>;
  /** A folder's entries, none when it does not exist; an unreadable folder is a UsageError. */
  list(relPath: string): Promise<readonly DirEntry[]>;
}

/** The folders whose files count as candidate entry points, besides the root. */
const ENTRY_FOLDERS = ['src', 'app'];

/** A path inside the root, normalised; a path that leaves it is a programming error. */
function inside(relPath: string): string {
  const rel = path.posix.normalize(relPath.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../'))
    throw new Error(`${relPath} is outside the project`);
  return rel;
}

/** Memoises an async read by path, so each file or folder is read once per probe. */
function cached<T>(load: (rel: string) => Promise<T>): (relPath: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (relPath) => {
    const rel = inside(relPath);
    let p = seen.get(rel);
    if (!p) {
      p = load(rel);
      seen.set(rel, p);
    }
    return p;
  };
}

/** Opens the view of a service folder; a folder that cannot be listed is a UsageError. */
export async function probe(root: string): Promise<Probe> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    throw new UsageError(
      `Cannot read directory ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'Pass the service folder as `tracekit init <dir>` or --cwd.',
    );
  }
  const entries: ReadonlySet<string> = new Set(names);
  const list = cached(async (rel) =>
    (await listDirIfExists(path.join(root, rel))).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
  );
  // A root-level name that is not among the entries does not exist: no need to ask the disk.
  const read = cached((rel) =>
    !rel.includes('/') && !entries.has(rel) ? Promise.resolve(undefined) : readTextIfExists(path.join(root, rel)),
  );
  const files = new Set(names);
  for (const sub of ENTRY_FOLDERS.filter((s) => entries.has(s)))
    for (const e of await list(sub)) files.add(`${sub}/${e.name}`);
  return { root, entries, files, read, list };
}
