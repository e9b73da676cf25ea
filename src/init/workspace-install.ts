import path from 'node:path';
import type { Command } from '../languages/language.js';
import type { WorkspaceDeclaration, WorkspaceKind } from './workspace-declarations.js';

/** A command and the folder it runs in, relative to the repository root. */
export interface PlacedCommand {
  command: Command;
  cwd: string;
}

type Rewrite = (c: Command, member: { name: string; path: string }) => Command | undefined;

/**
 * How a member's install command runs from the workspace root, so the workspace's one lockfile
 * is updated by its own tool. Undefined leaves the command in the member's folder, where the
 * tool finds the workspace itself (bun add, go get under go.work) or the command is not an add.
 */
const FROM_ROOT: Record<WorkspaceKind, Rewrite> = {
  // pnpm 11+ fails an add when a new dependency has a build script nobody decided on: the OTLP
  // exporter's protobufjs has one (a version notice) that tracing does not need, so it is denied,
  // which pnpm records in pnpm-workspace.yaml's allowBuilds.
  pnpm: (c, m) =>
    c.args[0] === 'add'
      ? { file: 'pnpm', args: ['add', '--filter', m.name, '--allow-build=!protobufjs', ...c.args.slice(1)] }
      : undefined,
  yarn: (c, m) => (c.args[0] === 'add' ? { file: 'yarn', args: ['workspace', m.name, ...c.args] } : undefined),
  npm: (c, m) => (c.args[0] === 'install' ? { file: 'npm', args: [...c.args, '--workspace', m.path] } : undefined),
  // The recipe declares the packages in the member's pyproject.toml; syncing that member locks them in uv.lock.
  uv: (c, m) => (c.args[0] === 'sync' ? { file: 'uv', args: ['sync', '--package', m.name] } : undefined),
  bun: () => undefined,
  'go-work': () => undefined,
};

/** The service's install commands placed for its workspace (or in its own folder outside one). */
export function placeInstall(
  commands: Command[],
  servicePath: string,
  workspace: { declaration: WorkspaceDeclaration; memberName?: string } | undefined,
): PlacedCommand[] {
  return commands.map((command) => {
    if (!workspace) return { command, cwd: servicePath };
    const { declaration, memberName } = workspace;
    const memberPath = path.posix.relative(declaration.dir, servicePath);
    const rewritten =
      memberName && command.file === FILE_OF[declaration.kind]
        ? FROM_ROOT[declaration.kind](command, { name: memberName, path: memberPath })
        : undefined;
    return rewritten ? { command: rewritten, cwd: declaration.dir } : { command, cwd: servicePath };
  });
}

/** The program each workspace kind's commands run. */
const FILE_OF: Record<WorkspaceKind, string> = {
  pnpm: 'pnpm',
  yarn: 'yarn',
  npm: 'npm',
  uv: 'uv',
  bun: 'bun',
  'go-work': 'go',
};
