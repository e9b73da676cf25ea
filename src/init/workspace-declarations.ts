import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { readTextIfExists } from '../fs/read-text.js';

/** The tools whose workspaces tracekit reads; each decides how a member's packages are installed. */
export type WorkspaceKind = 'npm' | 'pnpm' | 'yarn' | 'bun' | 'uv' | 'go-work';

/** A workspace declared in a folder: its tool and the member patterns, relative to that folder. */
export interface WorkspaceDeclaration {
  kind: WorkspaceKind;
  /** The folder declaring it, relative to the repository root ('.' for the root). */
  dir: string;
  /** Member folders or globs (`*` one level, `**` any depth); a leading `!` excludes. */
  members: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);

function parsed<T>(text: string, file: string, parse: (t: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new UsageError(
      `${file} does not parse: ${first}`,
      `Fix the syntax of ${file}, then run tracekit init again.`,
    );
  }
}

/** The Node tool of a package.json workspace: its lockfile, else its packageManager field, else npm. */
function nodeKind(names: ReadonlySet<string>, pkg: Record<string, unknown>): WorkspaceKind {
  const declared = typeof pkg.packageManager === 'string' ? pkg.packageManager.split('@')[0] : undefined;
  if (names.has('yarn.lock') || declared === 'yarn') return 'yarn';
  if (names.has('bun.lock') || names.has('bun.lockb') || declared === 'bun') return 'bun';
  return 'npm';
}

/** go.work's `use` directives, in the single-line and the block form. */
export function goWorkUses(text: string): string[] {
  const uses: string[] = [];
  const noComments = text.replace(/\/\/.*$/gm, '');
  for (const m of noComments.matchAll(/^\s*use\s*\(([\s\S]*?)\)/gm)) uses.push(...m[1]!.split(/\s+/).filter(Boolean));
  for (const m of noComments.matchAll(/^\s*use\s+([^\s(]+)\s*$/gm)) uses.push(m[1]!);
  return uses.map((u) => u.replace(/^"|"$/g, ''));
}

/**
 * Every workspace a folder declares (a folder may hold a pnpm and a uv workspace side by side).
 * A declaration file that does not parse is a UsageError naming it.
 */
export async function readWorkspaceDeclarations(
  root: string,
  dir: string,
  names: ReadonlySet<string>,
): Promise<WorkspaceDeclaration[]> {
  const read = (file: string) => readTextIfExists(path.join(root, dir, file));
  const rel = (file: string) => path.posix.join(dir, file);
  const found: WorkspaceDeclaration[] = [];
  const pnpmText = names.has('pnpm-workspace.yaml') ? await read('pnpm-workspace.yaml') : undefined;
  if (pnpmText !== undefined) {
    const doc = parsed(pnpmText, rel('pnpm-workspace.yaml'), parseYaml) as { packages?: unknown } | null;
    found.push({ kind: 'pnpm', dir, members: strings(doc?.packages) });
  }
  const pkgText = names.has('package.json') ? await read('package.json') : undefined;
  if (pkgText !== undefined && pnpmText === undefined) {
    const pkg = parsed(pkgText, rel('package.json'), JSON.parse) as Record<string, unknown>;
    const ws = pkg.workspaces as unknown;
    const members = Array.isArray(ws) ? strings(ws) : strings((ws as { packages?: unknown } | undefined)?.packages);
    if (ws !== undefined) found.push({ kind: nodeKind(names, pkg), dir, members });
  }
  const pyText = names.has('pyproject.toml') ? await read('pyproject.toml') : undefined;
  if (pyText !== undefined) {
    const doc = parsed(pyText, rel('pyproject.toml'), parseToml) as { tool?: { uv?: { workspace?: unknown } } };
    const ws = doc.tool?.uv?.workspace as { members?: unknown; exclude?: unknown } | undefined;
    if (ws)
      found.push({ kind: 'uv', dir, members: [...strings(ws.members), ...strings(ws.exclude).map((e) => `!${e}`)] });
  }
  const goWork = names.has('go.work') ? await read('go.work') : undefined;
  if (goWork !== undefined) found.push({ kind: 'go-work', dir, members: goWorkUses(goWork) });
  return found;
}

/** A member pattern as a regular expression over folder paths relative to the workspace. */
function patternRegex(pattern: string): RegExp {
  const clean = path.posix.normalize(pattern.replace(/^\.\//, '')).replace(/\/$/, '');
  const body = clean
    .split('/')
    .map((part) => (part === '**' ? '(?:.+)' : part.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return new RegExp(`^${body}$`);
}

/** Whether a folder (relative to the repository root) is a member of the workspace. */
export function isMember(ws: WorkspaceDeclaration, folder: string): boolean {
  const rel = path.posix.relative(ws.dir, folder);
  // A uv workspace's root is a member too; a Node or Go workspace's root only gathers members.
  if (rel === '') return ws.kind === 'uv';
  if (rel.startsWith('..')) return false;
  const included = ws.members.filter((m) => !m.startsWith('!')).some((m) => patternRegex(m).test(rel));
  return included && !ws.members.filter((m) => m.startsWith('!')).some((m) => patternRegex(m.slice(1)).test(rel));
}
