import type { Ctx } from '../../context.js';
import { messageOf } from '../../errors.js';
import type { Probe } from '../../project/probe.js';
import type { PythonManifests } from './manifests.js';
import { normalizePyName } from './requirements.js';
import { type Clause, compareReleases, parsePep440, parsePoetry, parseRelease, rangeFrom } from './version-spec.js';
import { CONTRIB_VERSION, SQLALCHEMY_UNSUPPORTED_FROM } from './versions.js';

/** One place the project asks for a package: the file, the text as written, its clauses. */
export interface Declaration {
  file: string;
  text: string;
  clauses: Clause[];
}

type Table = Record<string, unknown>;
const NAME = 'sqlalchemy';
const FLOOR = SQLALCHEMY_UNSUPPORTED_FROM;
const LOCK_FILES = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'];

/** `sqlalchemy[asyncio] >= 2.1 ; python_version > "3.9"` → its specifier; undefined for a URL or another name. */
function requirementSpec(line: string, name: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;@]*?)\s*(?:;.*)?$/.exec(line);
  if (!m || normalizePyName(m[1]!) !== name) return undefined;
  return m[2]!.replace(/\s--?[a-z].*$/, '').replace(/^\((.*)\)$/, '$1'); // trailing pip options, PEP 508 parentheses
}

/** Adds a declaration when the constraint reads reliably; one that does not is left out, never guessed. */
function add(out: Declaration[], file: string, text: string, clauses: Clause[] | undefined): void {
  if (clauses) out.push({ file, text: text.trim(), clauses });
}

function fromRequirementStrings(out: Declaration[], file: string, list: unknown, name: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const spec = typeof item === 'string' ? requirementSpec(item, name) : undefined;
    if (spec !== undefined) add(out, file, item as string, parsePep440(spec));
  }
}

/** A Poetry or Pipfile table entry: `SQLAlchemy = "^2.1"` or `{ version = "^2.1", extras = [...] }`. */
function fromTable(
  out: Declaration[],
  file: string,
  table: unknown,
  name: string,
  parse: (s: string) => Clause[] | undefined,
): void {
  for (const [key, value] of Object.entries((table ?? {}) as Table)) {
    if (normalizePyName(key) !== name) continue;
    const spec = typeof value === 'string' ? value : (value as { version?: unknown } | null)?.version;
    if (typeof spec === 'string') add(out, file, `${key} = ${JSON.stringify(spec)}`, parse(spec));
  }
}

/**
 * Where the manifests ask for a package (its normalized name): requirements*.txt, pyproject.toml
 * (PEP 621, groups, Poetry), Pipfile.
 */
export async function packageDeclarations(p: Probe, m: PythonManifests, name: string): Promise<Declaration[]> {
  const out: Declaration[] = [];
  for (const file of m.requirementsFiles) {
    const text = (await p.read(file)) ?? '';
    for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '');
      const spec = line.trim().startsWith('-') ? undefined : requirementSpec(line, name);
      if (spec !== undefined) add(out, file, line, parsePep440(spec));
    }
  }
  const doc = (m.pyproject ?? {}) as Table;
  const project = (doc.project ?? {}) as Table;
  fromRequirementStrings(out, 'pyproject.toml', project.dependencies, name);
  for (const group of Object.values((project['optional-dependencies'] ?? {}) as Table))
    fromRequirementStrings(out, 'pyproject.toml', group, name);
  for (const group of Object.values((doc['dependency-groups'] ?? {}) as Table))
    fromRequirementStrings(out, 'pyproject.toml', group, name);
  const poetry = ((doc.tool as Table | undefined)?.poetry ?? {}) as Table;
  fromTable(out, 'pyproject.toml', poetry.dependencies, name, parsePoetry);
  fromTable(out, 'pyproject.toml', poetry['dev-dependencies'], name, parsePoetry);
  for (const group of Object.values((poetry.group ?? {}) as Table))
    fromTable(out, 'pyproject.toml', (group as Table).dependencies, name, parsePoetry);
  for (const t of ['packages', 'dev-packages'])
    fromTable(out, 'Pipfile', m.pipfile?.[t], name, (s) => (s.trim() === '*' ? [] : parsePep440(s)));
  return out;
}

/** Where the manifests ask for SQLAlchemy. */
export const sqlalchemyDeclarations = (p: Probe, m: PythonManifests) => packageDeclarations(p, m, NAME);

const PROBE_SCRIPT = [
  'import importlib.metadata as m',
  'try:',
  '    print("sqlalchemy=" + m.version("sqlalchemy"))',
  'except m.PackageNotFoundError:',
  '    print("sqlalchemy=")',
  '',
].join('\n');

/** The SQLAlchemy version installed for the interpreter, if any. Optional: a failure is only a debug line. */
export async function installedSqlalchemy(ctx: Ctx, python: string, root: string): Promise<string | undefined> {
  try {
    const r = await ctx.exec(python, ['-c', PROBE_SCRIPT], { cwd: root, timeoutMs: 20_000 });
    return /^sqlalchemy=(\S+)$/m.exec(r.stdout)?.[1];
  } catch (err) {
    ctx.log.debug(`Could not read the installed SQLAlchemy version with ${python}: ${messageOf(err)}`);
    return undefined;
  }
}

const floorText = FLOOR.join('.');

/**
 * The warning when SQLAlchemy at or above the instrumentation's limit is required by the
 * manifests, picked by a fresh install (an open range and no lock file), or installed.
 */
export function sqlalchemyWarning(
  decls: Declaration[],
  installed: string | undefined,
  python: string,
  hasLockFile: boolean,
): string | undefined {
  const reasons: string[] = [];
  const quote = (ds: Declaration[]) => ds.map((d) => `${d.file}: \`${d.text}\``).join(', ');
  const range = rangeFrom(
    decls.flatMap((d) => d.clauses),
    FLOOR,
  );
  if (range.required) reasons.push(`required by ${quote(decls.filter((d) => rangeFrom(d.clauses, FLOOR).required))}`);
  else if (range.allowed && !hasLockFile && decls.length)
    reasons.push(`what a fresh install picks from ${quote(decls)}`);
  const release = installed === undefined ? undefined : parseRelease(installed.replace(/^(\d+(?:\.\d+)*).*$/, '$1'));
  if (release && compareReleases(release, FLOOR) >= 0) reasons.push(`installed for ${python} (${installed})`);
  if (!reasons.length) return undefined;
  return (
    `SQLAlchemy ${floorText} or newer is ${reasons.join(', and ')}; ` +
    `opentelemetry-instrumentation-sqlalchemy ${CONTRIB_VERSION} supports only SQLAlchemy < ${floorText} ` +
    `(on ${floorText} it logs an error and records no database spans). ` +
    `To trace queries, pin SQLAlchemy below ${floorText} ` +
    `(for example \`sqlalchemy>=2.0,<${floorText}\`) and reinstall; ` +
    `or keep ${floorText} and run tracekit init again once a newer instrumentation release supports it.`
  );
}

/** The warning when the service would run SQLAlchemy that the pinned instrumentation cannot trace, if it would. */
export async function unsupportedSqlalchemyWarning(
  ctx: Ctx,
  p: Probe,
  m: PythonManifests,
  python: string,
): Promise<string | undefined> {
  const hasLockFile = LOCK_FILES.some((f) => p.entries.has(f));
  return sqlalchemyWarning(
    await sqlalchemyDeclarations(p, m),
    await installedSqlalchemy(ctx, python, p.root),
    python,
    hasLockFile,
  );
}
