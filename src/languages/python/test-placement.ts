import type { Probe } from '../../project/probe.js';
import type { PythonManifests } from './manifests.js';

/** A folder path pytest can be given and a docstring may name: no globs, no `..`, no spaces. */
const SAFE_DIR = /^(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_][\w./-]*$/;

/** The sections that hold pytest's ini options, per file, in pytest's own order of precedence. */
const INI_FILES: [file: string, section: string][] = [
  ['pytest.ini', 'pytest'],
  ['tox.ini', 'pytest'],
  ['setup.cfg', 'tool:pytest'],
];

/** The first `testpaths` entry of an ini file's section (`testpaths = tests integration`, or one per line). */
export function iniTestpaths(text: string, section: string): string | undefined {
  let inSection = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) inSection = header[1]!.trim() === section;
    const m = inSection ? /^\s*testpaths\s*[=:]\s*(.*)$/.exec(line) : null;
    if (!m) continue;
    // Continuation lines are indented; the value may start on the next one.
    const first = m[1]!.trim() || (lines[i + 1] ?? '').trim();
    return first.split(/\s+/)[0] || undefined;
  }
  return undefined;
}

/** `testpaths` from pyproject.toml: [tool.pytest.ini_options] (pytest 6+) or [tool.pytest] (pytest 9). */
function pyprojectTestpaths(pyproject: Record<string, unknown> | undefined): string | undefined {
  const pytest = (pyproject?.tool as { pytest?: Record<string, unknown> } | undefined)?.pytest;
  for (const table of [pytest?.ini_options as Record<string, unknown> | undefined, pytest]) {
    const paths = table?.testpaths;
    const first = Array.isArray(paths) ? paths[0] : typeof paths === 'string' ? paths.split(/\s+/)[0] : undefined;
    if (typeof first === 'string' && first) return first;
  }
  return undefined;
}

/** pytest's configured test folder, when it names one tracekit can write into. */
async function configuredTestDir(p: Probe, manifests: PythonManifests): Promise<string | undefined> {
  const found = [pyprojectTestpaths(manifests.pyproject)];
  for (const [file, section] of INI_FILES) {
    const text = await p.read(file);
    if (text !== undefined) found.push(iniTestpaths(text, section));
  }
  return found
    .map((d) => d?.replace(/^\.\//, '').replace(/\/+$/, ''))
    .find((d): d is string => d !== undefined && SAFE_DIR.test(d) && !d.endsWith('.py'));
}

/** The first of the usual test folders the project has. */
async function existingTestDir(p: Probe): Promise<string | undefined> {
  for (const dir of ['tests', 'test']) if (p.entries.has(dir) && (await p.list(dir)).length > 0) return dir;
  return undefined;
}

/** A file of the user's (no tracekit stamp) already has the name: the generated test takes another. */
const USERS_OWN = (text: string) => !text.includes('tracekit:generated');

/**
 * Where pytest finds the generated test: the first folder of pytest's `testpaths`, else the
 * project's tests/ or test/ folder, else a new tests/. The file is test_tracing.py unless the
 * user has a test of that name, then test_tracekit_tracing.py.
 */
export async function pythonTestPath(p: Probe, manifests: PythonManifests): Promise<string> {
  const dir = (await configuredTestDir(p, manifests)) ?? (await existingTestDir(p)) ?? 'tests';
  const taken = await p.read(`${dir}/test_tracing.py`);
  return `${dir}/${taken !== undefined && USERS_OWN(taken) ? 'test_tracekit_tracing.py' : 'test_tracing.py'}`;
}
