import path from 'node:path';
import type { InstallRun } from '../init-record/record.js';

/**
 * How a package manager takes out what one of init's install commands added, for a lockfile the
 * user changed since init (tracekit never patches a lockfile by hand). Python's lockfiles (uv,
 * poetry, pipenv) come from installs that name no packages (`uv sync`): those stay conflicts.
 * `when` says whether the command runs before remove writes the manifests back or after (go mod
 * tidy reads main.go).
 */
export interface Uninstall {
  argv: string[];
  /** Relative to the record's root. */
  cwd: string;
  when: 'before' | 'after';
}

/** A pinned npm package init installs: `name@1.2.3`, `@scope/name@1.2.3`. */
const PINNED = /^(@[^/@\s]+\/[^@\s]+|[^@\s-][^@\s]*)@\d[^\s]*$/;
/** Flags that only shaped the install (exact pins, pnpm's build-script answer). */
const INSTALL_ONLY = /^--(save-exact|exact|allow-build=.*)$/;

const namesOf = (args: string[]) => args.flatMap((a) => PINNED.exec(a)?.[1] ?? []);
const flagsOf = (args: string[], from: number) =>
  args.slice(from).filter((a) => !PINNED.test(a) && !INSTALL_ONLY.test(a));

/** The removal for each tool, from the install command init ran (undefined: none it can undo). */
const REMOVERS: ((file: string, args: string[]) => string[] | undefined)[] = [
  // npm install [--workspace dir] --save-exact pkgs → npm uninstall [--workspace dir] names
  (file, args) => (file === 'npm' && args[0] === 'install' ? ['npm', 'uninstall', ...flagsOf(args, 1)] : undefined),
  // pnpm add [--filter m] pkgs, bun add pkgs → <tool> remove [--filter m] names
  (file, args) =>
    (file === 'pnpm' || file === 'bun') && args[0] === 'add' ? [file, 'remove', ...flagsOf(args, 1)] : undefined,
  // yarn [workspace m] add pkgs → yarn [workspace m] remove names
  (file, args) => {
    const at = args.indexOf('add');
    return file === 'yarn' && at >= 0 ? ['yarn', ...args.slice(0, at), 'remove', ...flagsOf(args, at + 1)] : undefined;
  },
];

/**
 * The commands that take init's packages out of the lockfiles in `dir` (relative to the root),
 * from the install commands init ran there; empty when its tool has no such command.
 */
export function uninstallsIn(dir: string, installs: InstallRun[]): Uninstall[] {
  const here = installs.filter((i) => path.posix.normalize(i.cwd) === path.posix.normalize(dir));
  const out: Uninstall[] = [];
  for (const { argv, cwd } of here) {
    const [file, ...args] = argv;
    if (file === 'go' && args[0] === 'get') out.push({ argv: ['go', 'mod', 'tidy'], cwd, when: 'after' });
    const names = namesOf(args);
    const head = names.length ? REMOVERS.map((r) => r(file!, args)).find(Boolean) : undefined;
    if (head) out.push({ argv: [...head, ...names], cwd, when: 'before' });
  }
  return out;
}
