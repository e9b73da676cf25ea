import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../../src/init/workspace.js';
import { goWorkUses, isMember } from '../../../src/init/workspace-declarations.js';
import { writeTree } from '../../support/temp-tree.js';

const express = (name: string) => ({ name, scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2' } });
const fastapi = (name: string) => `[project]\nname = "${name}"\nversion = "1.0.0"\ndependencies = ["fastapi"]\n`;
const goMod = (module: string) => `module ${module}\n\ngo 1.26.0\n`;

/** The polyglot repository of the issue: pnpm, uv and go.work workspaces side by side, plus noise. */
const polyglot = () =>
  writeTree({
    'package.json': { name: 'shop', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "node/*"\n',
    'node/gateway/package.json': express('gateway'),
    'node/gateway/server.js': '',
    'node/orders/package.json': { name: 'orders', scripts: { start: 'node server.js' }, dependencies: { koa: '2' } },
    'node/orders/server.js': '',
    // A library: no start script, no server framework.
    'node/money/package.json': { name: 'money', main: 'index.js' },
    'node/money/index.js': '',
    'node/gateway/node_modules/express/package.json': express('express'),
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["python/*"]\n',
    'python/pricing/pyproject.toml': fastapi('pricing'),
    'python/pricing/main.py': '',
    'python/pricing/.venv/pyvenv.cfg': '',
    'go.work': 'go 1.26.0\n\nuse (\n\t./go/inventory\n)\n',
    'go/inventory/go.mod': goMod('example.com/inventory'),
    'go/inventory/main.go': 'package main\n',
    'go/inventory/vendor/x/go.mod': goMod('x'),
    'go/units/go.mod': goMod('example.com/units'),
    'go/units/units.go': 'package units\n',
    'dist/server/package.json': express('built'),
  });

describe('discoverServices', () => {
  it('finds the members of pnpm, uv and go.work workspaces and takes their package manager', async () => {
    const d = await discoverServices(polyglot());
    const found = d.services.map((s) => [s.path, s.name, s.detection.lang, s.detection.packageManager]);
    expect(found).toEqual([
      ['go/inventory', 'inventory', 'go', 'go-modules'],
      ['node/gateway', 'gateway', 'node', 'pnpm'],
      ['node/orders', 'orders', 'node', 'pnpm'],
      ['python/pricing', 'pricing', 'python', 'uv'],
    ]);
    expect(d.services.map((s) => s.workspace?.declaration.kind)).toEqual(['go-work', 'pnpm', 'pnpm', 'uv']);
    expect(d.services.find((s) => s.path === 'node/orders')?.detection.framework).toBe('koa');
    expect(d.skipped).toEqual([]);
  });

  it('finds folders with their own manifest outside any workspace, with their own tools', async () => {
    const root = writeTree({
      'services/api/package.json': express('api'),
      'services/api/yarn.lock': '',
      'services/api/server.js': '',
      'services/worker/requirements.txt': 'flask==3.1.0\n',
      'services/worker/app.py': '',
      'tools/lint/package.json': { name: 'lint', devDependencies: { eslint: '9' } },
    });
    const d = await discoverServices(root);
    expect(d.services.map((s) => [s.path, s.detection.packageManager, s.workspace])).toEqual([
      ['services/api', 'yarn', undefined],
      ['services/worker', 'pip', undefined],
    ]);
  });

  it('skips a member whose manifest does not parse, with the reason, and finds the rest', async () => {
    const root = writeTree({
      'package.json': { name: 'repo', private: true, workspaces: ['apps/*'] },
      'package-lock.json': '{}',
      'apps/web/package.json': express('web'),
      'apps/web/server.js': '',
      'apps/broken/package.json': '{ "name": "broken", ',
    });
    const d = await discoverServices(root);
    expect(d.services.map((s) => [s.path, s.detection.packageManager])).toEqual([['apps/web', 'npm']]);
    expect(d.skipped).toHaveLength(1);
    expect(d.skipped[0]).toMatchObject({ path: 'apps/broken' });
    expect(d.skipped[0]!.reason).toMatch(/package\.json/);
  });

  it('makes colliding service names unique from their folders', async () => {
    const root = writeTree({
      'team-a/api/package.json': express('api'),
      'team-a/api/server.js': '',
      'team-b/api/package.json': express('api'),
      'team-b/api/server.js': '',
    });
    const d = await discoverServices(root);
    expect(d.services.map((s) => [s.name, s.collidedWith])).toEqual([
      ['team-a-api', 'api'],
      ['team-b-api', 'api'],
    ]);
  });

  it('gives the members of a nested workspace the nested tool', async () => {
    const root = writeTree({
      'go.work': 'go 1.26.0\nuse ./svc/go\n',
      'svc/go/go.mod': goMod('example.com/svc'),
      'svc/go/main.go': 'package main\n',
      'web/package.json': { name: 'web', private: true, workspaces: ['apps/*'], packageManager: 'yarn@4.5.0' },
      'web/apps/site/package.json': express('site'),
      'web/apps/site/server.js': '',
    });
    const d = await discoverServices(root);
    expect(d.services.map((s) => [s.path, s.detection.packageManager, s.workspace?.declaration.dir])).toEqual([
      ['svc/go', 'go-modules', '.'],
      ['web/apps/site', 'yarn', 'web'],
    ]);
    expect(d.workspaces.map((w) => [w.kind, w.dir])).toEqual([
      ['go-work', '.'],
      ['yarn', 'web'],
    ]);
  });

  it('finds nothing in a repository of libraries', async () => {
    const root = writeTree({ 'lib/package.json': { name: 'lib', main: 'index.js' }, 'lib/index.js': '' });
    expect((await discoverServices(root)).services).toEqual([]);
  });
});

describe('workspace declarations', () => {
  it("reads go.work's use directives in both forms, without comments", () => {
    expect(goWorkUses('go 1.26\nuse ./a // the api\nuse (\n\t./b\n\t"./c"\n)\n')).toEqual(['./b', './c', './a']);
  });

  it('matches members by glob and honours exclusions', () => {
    const ws = { kind: 'uv' as const, dir: '.', members: ['packages/*', '!packages/seeds'] };
    expect(isMember(ws, 'packages/bird')).toBe(true);
    expect(isMember(ws, 'packages/seeds')).toBe(false);
    expect(isMember(ws, 'packages/bird/deep')).toBe(false);
    expect(isMember({ kind: 'pnpm', dir: 'web', members: ['apps/**'] }, 'web/apps/a/b')).toBe(true);
  });
});
