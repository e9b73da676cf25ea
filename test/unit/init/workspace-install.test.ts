import { describe, expect, it } from 'vitest';
import type { WorkspaceKind } from '../../../src/init/workspace-declarations.js';
import { placeInstall } from '../../../src/init/workspace-install.js';

const member = (kind: WorkspaceKind, dir = '.') => ({
  declaration: { kind, dir, members: ['apps/*'] },
  memberName: 'api',
});
const line = (p: { command: { file: string; args: string[] }; cwd: string }) =>
  `(${p.cwd}) ${[p.command.file, ...p.command.args].join(' ')}`;

describe("a member's install commands, placed for its workspace", () => {
  it.each([
    [
      'pnpm',
      { file: 'pnpm', args: ['add', '--save-exact', 'x@1'] },
      '(.) pnpm add --filter api --allow-build=!protobufjs --save-exact x@1',
    ],
    ['yarn', { file: 'yarn', args: ['add', '--exact', 'x@1'] }, '(.) yarn workspace api add --exact x@1'],
    [
      'npm',
      { file: 'npm', args: ['install', '--save-exact', 'x@1'] },
      '(.) npm install --save-exact x@1 --workspace apps/api',
    ],
    ['uv', { file: 'uv', args: ['sync'] }, '(.) uv sync --package api'],
    ['bun', { file: 'bun', args: ['add', '--exact', 'x@1'] }, '(apps/api) bun add --exact x@1'],
    ['go-work', { file: 'go', args: ['get', 'x@v1'] }, '(apps/api) go get x@v1'],
  ] as const)('%s', (kind, command, expected) => {
    const [placed] = placeInstall([{ file: command.file, args: [...command.args] }], 'apps/api', member(kind));
    expect(line(placed!)).toBe(expected);
  });

  it('runs from a nested workspace root, and leaves other commands in the member', () => {
    const placed = placeInstall(
      [
        { file: 'pnpm', args: ['add', 'x@1'] },
        { file: 'node', args: ['--version'] },
      ],
      'web/apps/api',
      member('pnpm', 'web'),
    );
    expect(placed.map(line)).toEqual([
      '(web) pnpm add --filter api --allow-build=!protobufjs x@1',
      '(web/apps/api) node --version',
    ]);
  });

  it('outside a workspace, in the service folder as it is', () => {
    expect(placeInstall([{ file: 'npm', args: ['install'] }], 'svc', undefined).map(line)).toEqual([
      '(svc) npm install',
    ]);
  });
});
