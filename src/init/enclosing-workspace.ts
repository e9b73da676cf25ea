import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../languages/language.js';
import { findLanguage } from '../languages/registry.js';
import type { Detected, Project } from '../project/detection.js';
import { MANAGER_OF, usesToolOf } from './workspace.js';
import { isMember, readWorkspaceDeclarations, type WorkspaceDeclaration } from './workspace-declarations.js';
import { placeInstall } from './workspace-install.js';

/** How far up from a service folder init looks for the workspace it belongs to. */
const MAX_LEVELS = 6;

/** A workspace above a service folder that lists it as a member. */
interface EnclosingWorkspace {
  root: string;
  declaration: WorkspaceDeclaration;
  /** The service folder relative to the workspace root. */
  memberPath: string;
}

/** The workspaces above the folder (innermost first), up to the repository's root (.git). */
async function enclosingWorkspaces(serviceRoot: string): Promise<EnclosingWorkspace[]> {
  const found: EnclosingWorkspace[] = [];
  let dir = serviceRoot;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const names = new Set(await readdir(dir).catch(() => [] as string[]));
    // A workspace file above that does not parse is that workspace's problem, not this service's.
    const declarations = await readWorkspaceDeclarations(dir, '.', names).catch(() => []);
    const memberPath = path.relative(dir, serviceRoot).split(path.sep).join('/');
    for (const declaration of declarations)
      if (isMember(declaration, memberPath)) found.push({ root: dir, declaration, memberPath });
    if (names.has('.git')) break;
  }
  return found;
}

/** A service folder seen with the workspace it belongs to: its tool, and where installs run. */
export interface WorkspaceView {
  /** The project with each language's package manager taken from its workspace. */
  project: Project;
  /** The install commands of the chosen language, placed for its workspace, with absolute cwd. */
  place(commands: Command[], d: Detected): Promise<{ command: Command; cwd: string }[]>;
}

/**
 * `tracekit init <member>`: a pnpm, yarn, npm, bun or uv workspace member installs with its
 * workspace's tool from the workspace root (a member folder has no lockfile of its own).
 */
export async function withEnclosingWorkspace(project: Project): Promise<WorkspaceView> {
  const above = await enclosingWorkspaces(project.root);
  const of = (d: Detected) => above.find((w) => usesToolOf(findLanguage(d.lang)!, w.declaration.kind));
  const languages = project.languages.map((d) => {
    const w = of(d);
    return w ? { ...d, packageManager: MANAGER_OF[w.declaration.kind] } : d;
  });
  return {
    project: { ...project, languages },
    async place(commands, d) {
      const w = of(d);
      if (!w) return commands.map((command) => ({ command, cwd: project.root }));
      const memberName = (await findLanguage(d.lang)!.rules.identity(project.probe, d)).name;
      const declaration = { ...w.declaration, dir: '.' };
      return placeInstall(commands, w.memberPath, { declaration, memberName }).map((p) => ({
        command: p.command,
        cwd: path.join(w.root, p.cwd),
      }));
    },
  };
}
