import path from 'node:path';
import { serviceNameFrom } from '../config/names.js';
import { messageOf } from '../errors.js';
import { listDirIfExists } from '../fs/read-text.js';
import type { Language } from '../languages/language.js';
import { findLanguage } from '../languages/registry.js';
import type { Detected, Project } from '../project/detection.js';
import { probe } from '../project/probe.js';
import { detect } from './detect.js';
import {
  isMember,
  readWorkspaceDeclarations,
  type WorkspaceDeclaration,
  type WorkspaceKind,
} from './workspace-declarations.js';

/** How deep under the root discovery looks for manifests (services/team/api/ is depth 3). */
const MAX_DEPTH = 4;
/** Dependencies, virtualenvs, build output and tool state: never services, often huge. */
const SKIPPED = new Set([
  'node_modules',
  'vendor',
  'venv',
  'env',
  '__pycache__',
  'dist',
  'build',
  'out',
  'target',
  'coverage',
  'site-packages',
]);

/** The package manager a workspace kind means for its members (go.work members keep Go modules). */
export const MANAGER_OF: Record<WorkspaceKind, string> = {
  npm: 'npm',
  pnpm: 'pnpm',
  yarn: 'yarn',
  bun: 'bun',
  uv: 'uv',
  'go-work': 'go-modules',
};

/** A service found under the repository root, with what init needs to instrument it. */
export interface DiscoveredService {
  /** Folder relative to the root, forward slashes. */
  path: string;
  project: Project;
  language: Language;
  /** The detection, its package manager taken from the workspace when the folder is a member. */
  detection: Detected;
  /** The workspace it is a member of, and its name there (package.json or pyproject name). */
  workspace?: { declaration: WorkspaceDeclaration; memberName?: string };
  /** The proposed service.name, unique among the services found. */
  name: string;
  /** The name the manifest suggested, when another service had it first. */
  collidedWith?: string;
}

/** What discovery found: services, folders skipped with the reason, and the workspaces read. */
export interface Discovery {
  services: DiscoveredService[];
  skipped: { path: string; reason: string }[];
  workspaces: WorkspaceDeclaration[];
}

const isSkipped = (name: string) => SKIPPED.has(name) || name.startsWith('.');

/** The folders under the root, breadth first, without dependencies, virtualenvs and build output. */
async function walk(root: string): Promise<{ dir: string; names: Set<string> }[]> {
  const out: { dir: string; names: Set<string> }[] = [];
  let level = ['.'];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await listDirIfExists(path.join(root, dir));
      const names = new Set(entries.map((e) => e.name));
      // A virtualenv under any name (pyvenv.cfg marks it) holds installed packages, not services.
      if (names.has('pyvenv.cfg')) continue;
      out.push({ dir, names });
      for (const e of entries)
        if (e.isDirectory() && !isSkipped(e.name)) next.push(dir === '.' ? e.name : `${dir}/${e.name}`);
    }
    level = next.sort();
  }
  return out;
}

/** Whether the language installs with the tool of this kind of workspace. */
export const usesToolOf = (language: Language, kind: WorkspaceKind) =>
  language.rules.packageManagers.some((m) => m.id === MANAGER_OF[kind]);

/** The innermost workspace the folder belongs to whose tool the language uses. */
function workspaceOf(folder: string, language: Language, all: WorkspaceDeclaration[]) {
  return all
    .filter((w) => usesToolOf(language, w.kind) && isMember(w, folder))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

/** Whether a detection is a service: an app with an entry point, not a library. */
async function isService(language: Language, project: Project, d: Detected): Promise<boolean> {
  const own = language.rules.isService;
  return own ? own(project.probe, d) : d.frameworkDetected || d.entryPoint !== undefined;
}

/** Names made unique: a taken name gets its folder path, then a number. */
function uniqueNames(services: Omit<DiscoveredService, 'name'>[], proposed: string[]): DiscoveredService[] {
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  for (const n of proposed) counts.set(n, (counts.get(n) ?? 0) + 1);
  return services.map((s, i) => {
    const wanted = proposed[i]!;
    let name = wanted;
    if ((counts.get(wanted) ?? 0) > 1 || taken.has(name)) name = serviceNameFrom(s.path.replace(/\//g, '-')) ?? wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
    taken.add(name);
    return { ...s, name, ...(name !== wanted ? { collidedWith: wanted } : {}) };
  });
}

/**
 * Finds the services under a repository root: workspace members (npm, pnpm, yarn, bun, uv,
 * go.work) and folders with their own manifest and an entry point. A folder whose manifest
 * cannot be read is skipped with the reason; the rest are still found.
 */
export async function discoverServices(root: string): Promise<Discovery> {
  const folders = await walk(root);
  const workspaces: WorkspaceDeclaration[] = [];
  const skipped: Discovery['skipped'] = [];
  for (const f of folders) {
    try {
      workspaces.push(...(await readWorkspaceDeclarations(root, f.dir, f.names)));
    } catch (err) {
      skipped.push({ path: f.dir, reason: messageOf(err) });
    }
  }
  const found: Omit<DiscoveredService, 'name'>[] = [];
  const proposed: string[] = [];
  for (const f of folders) {
    if (skipped.some((s) => s.path === f.dir)) continue;
    try {
      const project = await detect(await probe(path.join(root, f.dir)));
      for (const d of project.languages) {
        const language = findLanguage(d.lang)!;
        if (!(await isService(language, project, d))) continue;
        const declaration = workspaceOf(f.dir, language, workspaces);
        const identity = await language.rules.identity(project.probe, d);
        const detection = declaration ? { ...d, packageManager: MANAGER_OF[declaration.kind] } : d;
        const workspace = declaration ? { declaration, memberName: identity.name } : undefined;
        found.push({ path: f.dir, project, language, detection, ...(workspace ? { workspace } : {}) });
        proposed.push(
          serviceNameFrom(identity.name) ?? serviceNameFrom(path.basename(path.resolve(root, f.dir))) ?? 'service',
        );
        break;
      }
    } catch (err) {
      skipped.push({ path: f.dir, reason: messageOf(err) });
    }
  }
  return { services: uniqueNames(found, proposed), skipped, workspaces };
}
