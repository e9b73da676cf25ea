import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import {
  type GoMod,
  type PackageJson,
  parseGoMod,
  parsePackageJson,
  parseRequirements,
  parseTomlFile,
  pyprojectDependencies,
} from './manifests.js';

/** Everything detection needs from a directory, read once. Manifests are parsed, not grepped. */
export interface Probe {
  root: string;
  /** Names of the files and folders at the root. */
  entries: Set<string>;
  /** Relative paths of the files at the root and one level into src/ and app/ (for entry points). */
  files: Set<string>;
  packageJson?: PackageJson;
  /** Raw text of package.json, for edits that keep the user's formatting. */
  packageJsonText?: string;
  nodeVersionFile?: string;
  pyproject?: Record<string, unknown>;
  pyprojectText?: string;
  /** Normalised Python distribution names from requirements*.txt, pyproject.toml and Pipfile. */
  pythonDeps: string[];
  requirementsFiles: string[];
  pipfile?: Record<string, unknown>;
  goMod?: GoMod;
  /** Go main packages, relative to root ("." or "cmd/server"). */
  goMains: string[];
}

/** Lists a folder; one that is absent (or is a file) has no entries, any other failure is reported. */
async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new UsageError(
      `Cannot read directory ${dir}: ${code ?? (err as Error).message}`,
      'Check the folder permissions.',
    );
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`, 'Check the file permissions.');
  }
}

/** Reads the manifests of a project directory. Throws a UsageError for a manifest that does not parse. */
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
  const entries = new Set(names);
  const read = (name: string) => (entries.has(name) ? readText(path.join(root, name)) : Promise.resolve(undefined));
  const files = new Set(names);
  for (const sub of ['src', 'app']) {
    if (!entries.has(sub)) continue;
    for (const e of await listDir(path.join(root, sub))) files.add(`${sub}/${e.name}`);
  }
  const p: Probe = { root, entries, files, pythonDeps: [], requirementsFiles: [], goMains: [] };

  const pkg = await read('package.json');
  if (pkg !== undefined) {
    p.packageJsonText = pkg;
    p.packageJson = parsePackageJson(pkg);
  }
  p.nodeVersionFile = (await read('.nvmrc'))?.trim() || (await read('.node-version'))?.trim() || undefined;

  const deps = new Set<string>();
  const pyproject = await read('pyproject.toml');
  if (pyproject !== undefined) {
    p.pyprojectText = pyproject;
    p.pyproject = parseTomlFile(pyproject, 'pyproject.toml');
    for (const d of pyprojectDependencies(p.pyproject)) deps.add(d);
  }
  p.requirementsFiles = names.filter((n) => /^requirements.*\.txt$/.test(n)).sort();
  for (const f of p.requirementsFiles) for (const d of parseRequirements((await read(f)) ?? '')) deps.add(d);
  const pipfile = await read('Pipfile');
  if (pipfile !== undefined) {
    p.pipfile = parseTomlFile(pipfile, 'Pipfile');
    for (const table of ['packages', 'dev-packages']) {
      const t = p.pipfile[table];
      if (t && typeof t === 'object') for (const k of Object.keys(t)) deps.add(k.toLowerCase().replace(/[-_.]+/g, '-'));
    }
  }
  p.pythonDeps = [...deps];

  const goMod = await read('go.mod');
  if (goMod !== undefined) {
    p.goMod = parseGoMod(goMod);
    p.goMains = await findGoMains(root, entries);
  }
  return p;
}

/** Folders holding a main.go: the root and cmd/<name>/. */
async function findGoMains(root: string, entries: Set<string>): Promise<string[]> {
  const mains: string[] = [];
  if (entries.has('main.go')) mains.push('.');
  if (entries.has('cmd')) {
    const cmds = await listDir(path.join(root, 'cmd'));
    for (const d of cmds) {
      if (d.isDirectory() && (await readText(path.join(root, 'cmd', d.name, 'main.go'))) !== undefined)
        mains.push(`cmd/${d.name}`);
    }
  }
  return mains;
}
