import { parse as parseToml } from 'smol-toml';
import { UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';
import { normalizePyName, parseRequirements, pyprojectDependencies } from './requirements.js';

/** Parses a TOML manifest; text that does not parse is a UsageError naming the file. */
export function parseTomlFile(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new UsageError(`${file} is not valid TOML: ${first}`, `Fix the syntax of ${file}.`);
  }
}

/** A Python project's manifests, parsed. */
export interface PythonManifests {
  pyproject?: Record<string, unknown>;
  /** requirements*.txt at the root, sorted. */
  requirementsFiles: string[];
  pipfile?: Record<string, unknown>;
  /** Normalised distribution names from requirements*.txt, pyproject.toml and Pipfile. */
  deps: string[];
}

/** The keys of a manifest table (Pipfile's packages and dev-packages), as written. */
const tableNames = (table: unknown) => (table && typeof table === 'object' ? Object.keys(table) : []);

/** Reads and parses pyproject.toml, requirements*.txt and Pipfile; one that does not parse is a UsageError. */
export async function readPythonManifests(p: Probe): Promise<PythonManifests> {
  const deps = new Set<string>();
  const pyprojectText = await p.read('pyproject.toml');
  const pyproject = pyprojectText === undefined ? undefined : parseTomlFile(pyprojectText, 'pyproject.toml');
  for (const d of pyproject ? pyprojectDependencies(pyproject) : []) deps.add(d);
  const requirementsFiles = [...p.entries].filter((n) => /^requirements.*\.txt$/.test(n)).sort();
  for (const f of requirementsFiles) for (const d of parseRequirements((await p.read(f)) ?? '')) deps.add(d);
  const pipfileText = await p.read('Pipfile');
  const pipfile = pipfileText === undefined ? undefined : parseTomlFile(pipfileText, 'Pipfile');
  for (const t of ['packages', 'dev-packages']) for (const k of tableNames(pipfile?.[t])) deps.add(normalizePyName(k));
  return { pyproject, requirementsFiles, pipfile, deps: [...deps] };
}
