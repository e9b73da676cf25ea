import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Ctx } from '../../../src/context.js';
import { runInitCommand } from '../../../src/init/init-entry.js';
import type { InitOptions } from '../../../src/init/options.js';
import type { WorkspaceInitResult } from '../../../src/init/run-workspace.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { writeTree } from '../../support/temp-tree.js';

const service = (name: string, deps: Record<string, string> = { express: '4.21.2' }) => ({
  name,
  version: '1.0.0',
  scripts: { start: 'node server.js' },
  dependencies: deps,
});

/** A pnpm workspace of two Express services, and a yarn service beside it outside the workspace. */
const repo = () =>
  writeTree({
    'package.json': { name: 'shop', private: true },
    'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'apps/api/package.json': service('@shop/api'),
    'apps/api/server.js': "require('express')().listen(3000);\n",
    'apps/worker/package.json': service('worker'),
    'apps/worker/server.js': "require('express')().listen(3001);\n",
    'legacy/site/package.json': service('site'),
    'legacy/site/yarn.lock': '',
    'legacy/site/server.js': "require('express')().listen(3002);\n",
  });

/** A fake context whose exec records each program, its arguments and the folder it ran in. */
function recordingCtx(root: string) {
  const { ctx, lines } = fakeCtx(root);
  const runs: { cmd: string; cwd: string }[] = [];
  const recording: Ctx = {
    ...ctx,
    exec: async (file, args, o) => {
      runs.push({ cmd: [file, ...args].join(' '), cwd: path.relative(root, o?.cwd ?? root) || '.' });
      return { exitCode: 0, stdout: '', stderr: '' };
    },
  };
  return { ctx: recording, lines, runs };
}

/** An install command up to its exact-version flag, where the package list starts. */
const untilPackages = (cmd: string) => cmd.replace(/ --(save-)?exact .*$/, '');

const opts = (extra: Partial<InitOptions> = {}): InitOptions => ({
  dir: '.',
  yes: true,
  install: true,
  dryRun: false,
  force: false,
  json: false,
  ...extra,
});

describe('init at a repository root', () => {
  it('--all instruments every service with its workspace tool and records them in one tracekit.yaml', async () => {
    const root = repo();
    const { ctx, runs } = recordingCtx(root);
    const { result, exitCode } = await runInitCommand(ctx, opts({ all: true }));
    expect(exitCode).toBe(0);
    const ws = result as WorkspaceInitResult;
    expect(ws.services.map((s) => [s.path, s.name, s.packageManager])).toEqual([
      ['apps/api', 'api', 'pnpm'],
      ['apps/worker', 'worker', 'pnpm'],
      ['legacy/site', 'site', 'yarn'],
    ]);
    expect(runs.filter((r) => / add /.test(r.cmd)).map((r) => [untilPackages(r.cmd), r.cwd])).toEqual([
      ['pnpm add --filter @shop/api --allow-build=!protobufjs', '.'],
      ['pnpm add --filter worker --allow-build=!protobufjs', '.'],
      ['yarn add', 'legacy/site'],
    ]);
    const config = await loadConfig(root);
    expect(config && 'services' in config && config.services.map((s) => [s.path, s.name, s.framework])).toEqual([
      ['apps/api', 'api', 'express'],
      ['apps/worker', 'worker', 'express'],
      ['legacy/site', 'site', 'express'],
    ]);
    // Each service got its own setup, no tracekit.yaml of its own.
    expect(existsSync(path.join(root, 'apps/api/tracekit.yaml'))).toBe(false);
    expect(ws.written.filter((w) => w.startsWith('apps/api/')).length).toBeGreaterThan(0);
  });

  it('a second run changes nothing; a service added later is the only one instrumented', async () => {
    const root = repo();
    await runInitCommand(recordingCtx(root).ctx, opts({ all: true }));
    const again = recordingCtx(root);
    const second = (await runInitCommand(again.ctx, opts({ all: true }))).result as WorkspaceInitResult;
    expect(second.written).toEqual([]);
    expect(again.runs).toEqual([]);

    mkdirSync(path.join(root, 'apps/billing'));
    writeFileSync(path.join(root, 'apps/billing/package.json'), JSON.stringify(service('billing')));
    writeFileSync(path.join(root, 'apps/billing/server.js'), '');
    const third = recordingCtx(root);
    const r = (await runInitCommand(third.ctx, opts({ all: true }))).result as WorkspaceInitResult;
    const files = r.written.filter((w) => w !== 'tracekit.yaml');
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((w) => !w.startsWith('apps/billing/'))).toEqual([]);
    expect(third.runs.map((x) => untilPackages(x.cmd))).toEqual([
      'pnpm add --filter billing --allow-build=!protobufjs',
    ]);
  });

  it('--only instruments the named services; an unknown name lists the real ones and writes nothing', async () => {
    const root = repo();
    const { ctx } = recordingCtx(root);
    await expect(runInitCommand(ctx, opts({ only: ['api', 'payments'] }))).rejects.toThrow(
      /No service named "payments"/,
    );
    expect(existsSync(path.join(root, 'tracekit.yaml'))).toBe(false);
    const r = (await runInitCommand(ctx, opts({ only: ['worker', 'legacy/site'] }))).result as WorkspaceInitResult;
    expect(r.services.map((s) => s.name)).toEqual(['worker', 'site']);
  });

  it('without --all or --only and without a terminal, lists the services and asks for a flag', async () => {
    const root = repo();
    const { ctx, lines } = recordingCtx(root);
    await expect(runInitCommand(ctx, opts())).rejects.toThrow(/without a terminal/);
    expect(lines.join('\n')).toMatch(/api {2}apps\/api {2}\(Node\.js, express, pnpm, pnpm workspace\)/);
    expect(existsSync(path.join(root, 'tracekit.yaml'))).toBe(false);
  });

  it('skips a member whose manifest is broken, instruments the rest and says the run was partial', async () => {
    const root = repo();
    writeFileSync(path.join(root, 'apps/worker/package.json'), '{ "name": ');
    const { ctx, lines } = recordingCtx(root);
    const { result, exitCode } = await runInitCommand(ctx, opts({ all: true }));
    expect(exitCode).toBe(1);
    expect((result as WorkspaceInitResult).services.map((s) => s.name)).toEqual(['api', 'site']);
    expect(lines.join('\n')).toMatch(/Skipped apps\/worker: .*package\.json/);
    expect(readFileSync(path.join(root, 'tracekit.yaml'), 'utf8')).not.toMatch(/worker/);
  });

  it('a root with no services is an error with a hint', async () => {
    const root = writeTree({ 'package.json': { name: 'r', private: true, workspaces: ['libs/*'] } });
    await expect(runInitCommand(recordingCtx(root).ctx, opts({ all: true }))).rejects.toThrow(/No services found/);
  });

  it('init <member> alone installs with its workspace tool from the workspace root', async () => {
    const root = repo();
    const { ctx, runs, lines } = recordingCtx(root);
    const { result } = await runInitCommand(ctx, opts({ dir: 'apps/worker' }));
    expect('services' in result).toBe(false);
    expect(lines.join('\n')).toMatch(/package manager: pnpm/);
    expect(runs.map((r) => [untilPackages(r.cmd), r.cwd])).toEqual([
      ['pnpm add --filter worker --allow-build=!protobufjs', '.'],
    ]);
    expect(existsSync(path.join(root, 'apps/worker/tracekit.yaml'))).toBe(true);
  });

  it('per-service flags are refused at a repository root', async () => {
    const root = repo();
    await expect(runInitCommand(recordingCtx(root).ctx, opts({ all: true, serviceName: 'x' }))).rejects.toThrow(
      /--service-name name one service/,
    );
  });
});
