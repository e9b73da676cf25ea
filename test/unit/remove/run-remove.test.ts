import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../src/context.js';
import { TracekitError } from '../../../src/errors.js';
import { runInitCommand } from '../../../src/init/init-entry.js';
import type { InitOptions } from '../../../src/init/options.js';
import { INIT_RECORD_FILE } from '../../../src/init-record/record.js';
import { type RemoveOptions, runRemove } from '../../../src/remove/run-remove.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { writeTree } from '../../support/temp-tree.js';

const PKG = {
  name: 'shop',
  version: '1.0.0',
  description: 'A shop',
  license: 'MIT',
  author: 'me',
  private: true,
  scripts: { start: 'node server.js', test: 'node --test' },
  dependencies: { express: '4.21.2' },
};
const LOCK = '{\n  "name": "shop",\n  "lockfileVersion": 3,\n  "packages": {}\n}\n';

/** Every file under root and its bytes. */
function tree(root: string, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, tree(root, rel));
    else out[rel] = readFileSync(path.join(root, rel), 'utf8');
  }
  return out;
}

/**
 * A context whose `npm install` does what npm does to the files tracekit records: adds the
 * packages to package.json and rewrites package-lock.json (node_modules is not the point here).
 */
function npmCtx(root: string): { ctx: Ctx; lines: string[]; runs: string[] } {
  const runs: string[] = [];
  const { ctx, lines } = fakeCtx(root, (file, args) => {
    runs.push([file, ...args].join(' '));
    if (file === 'npm' && args[0] === 'install') {
      const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
      for (const spec of args.filter((a) => !a.startsWith('-')).slice(1)) {
        const at = spec.lastIndexOf('@');
        pkg.dependencies[spec.slice(0, at)] = spec.slice(at + 1);
      }
      writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
      writeFileSync(path.join(root, 'package-lock.json'), LOCK.replace('{}', '{ "otel": true }'));
    }
    if (file === 'npm' && args[0] === 'uninstall')
      writeFileSync(path.join(root, 'package-lock.json'), 'as npm uninstall left it\n');
    return { exitCode: 0, stdout: '', stderr: '' };
  });
  return { ctx, lines, runs };
}

const initOpts: InitOptions = { dir: '.', yes: true, install: true, dryRun: false, force: false, json: false };
const removeOpts = (o: Partial<RemoveOptions> = {}): RemoveOptions => ({
  dir: '.',
  yes: true,
  dryRun: false,
  force: false,
  uninstall: true,
  json: false,
  ...o,
});

async function initialised() {
  const root = writeTree({ 'package.json': PKG, 'package-lock.json': LOCK, 'server.js': "require('express');\n" });
  const original = tree(root);
  const { ctx, lines, runs } = npmCtx(root);
  await runInitCommand(ctx, initOpts);
  return { root, original, ctx, lines, runs };
}

describe('tracekit remove', () => {
  it('init, then remove: every file is byte for byte as before init, and a second remove is a no-op', async () => {
    const { root, original, ctx, lines } = await initialised();
    const afterInit = tree(root);
    expect(afterInit['package.json']).toContain('--require ./tracing.js');
    expect(afterInit['package-lock.json']).not.toBe(LOCK);
    expect(afterInit[INIT_RECORD_FILE]).toBeDefined();
    const { result, exitCode } = await runRemove(ctx, removeOpts());
    expect(exitCode).toBe(0);
    expect(result.restored.sort()).toEqual(['package-lock.json', 'package.json']);
    expect(result.deleted).toContain('tracekit.yaml');
    expect(tree(root)).toEqual(original);
    expect(readdirSync(root).sort()).toEqual(['package-lock.json', 'package.json', 'server.js']);
    lines.length = 0;
    const again = await runRemove(ctx, removeOpts());
    expect(again.exitCode).toBe(0);
    expect(lines.join('\n')).toMatch(/Nothing to remove: .* has no \.tracekit\/init-record\.json/);
  });

  it('--dry-run shows the plan and the diff and writes nothing', async () => {
    const { root, ctx, lines } = await initialised();
    const before = tree(root);
    lines.length = 0;
    const { result } = await runRemove(ctx, removeOpts({ dryRun: true, yes: false }));
    expect(tree(root)).toEqual(before);
    const out = lines.join('\n');
    expect(out).toMatch(/restore +package\.json \(as before init\)/);
    expect(out).toMatch(/delete +tracing\.js \(tracekit output\)/);
    expect(out).toContain('-    "start": "node --require ./tracing.js server.js"');
    expect(result.deleted).toEqual([]);
  });

  it('without --yes and without a terminal, it refuses and names --yes, changing nothing', async () => {
    const { root, ctx } = await initialised();
    const before = tree(root);
    await expect(runRemove(ctx, removeOpts({ yes: false }))).rejects.toThrow(/without a terminal/);
    expect(tree(root)).toEqual(before);
  });

  it("a manifest changed since init: tracekit's lines go, the user's change stays", async () => {
    const { root, original, ctx } = await initialised();
    const pkgPath = path.join(root, 'package.json');
    const edited = readFileSync(pkgPath, 'utf8').replace('"version": "1.0.0"', '"version": "1.1.0"');
    writeFileSync(pkgPath, edited);
    const { result } = await runRemove(ctx, removeOpts());
    expect(result.plan.find((p) => p.path === 'package.json')?.action).toBe('undo');
    expect(readFileSync(pkgPath, 'utf8')).toBe(original['package.json']!.replace('1.0.0', '1.1.0'));
  });

  it("a manifest changed next to tracekit's lines is a conflict with a hint; nothing is written", async () => {
    const { root, ctx } = await initialised();
    const pkgPath = path.join(root, 'package.json');
    writeFileSync(pkgPath, readFileSync(pkgPath, 'utf8').replace('"test": "node --test"', '"test": "vitest"'));
    const before = tree(root);
    const err = await runRemove(ctx, removeOpts()).then(
      () => undefined,
      (e: unknown) => e as TracekitError,
    );
    expect(err).toBeInstanceOf(TracekitError);
    if (!err) return;
    expect(err.message).toContain("package.json (changed since init where tracekit's lines are)");
    expect(err.hint).toContain('tracekit remove --dry-run');
    expect(tree(root)).toEqual(before);
  });

  it("a lockfile changed since init: npm uninstall takes init's packages out, then the manifest restored", async () => {
    const { root, original, ctx, runs } = await initialised();
    writeFileSync(path.join(root, 'package-lock.json'), `${LOCK}\n`);
    const dry = await runRemove(ctx, removeOpts({ dryRun: true }));
    const lock = dry.result.plan.find((p) => p.path === 'package-lock.json')!;
    expect(lock.action).toBe('uninstall');
    expect(lock.reason).toMatch(/^changed since init: npm uninstall @opentelemetry\/api .*instrumentation-express$/);
    expect(lock.reason).not.toMatch(/@\d|--save-exact/);
    runs.length = 0;
    const { result, exitCode } = await runRemove(ctx, removeOpts());
    expect(exitCode).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^npm uninstall @opentelemetry\/api( |$)/);
    expect(result.uninstalled).toEqual(runs);
    expect(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).toBe('as npm uninstall left it\n');
    expect(readFileSync(path.join(root, 'package.json'), 'utf8')).toBe(original['package.json']);
  });

  it('--no-uninstall leaves a lockfile changed since init, naming the command; the rest is removed', async () => {
    const { root, ctx, runs } = await initialised();
    writeFileSync(path.join(root, 'package-lock.json'), `${LOCK}\n`);
    runs.length = 0;
    const { result } = await runRemove(ctx, removeOpts({ uninstall: false }));
    expect(runs).toEqual([]);
    expect(result.left).toEqual([
      {
        path: 'package-lock.json',
        reason: expect.stringMatching(/^changed since init; --no-uninstall: run npm uninstall /),
      },
    ]);
    expect(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).toBe(`${LOCK}\n`);
  });

  it('--force with a conflict: the rest is removed, the file left as it is, exit 1', async () => {
    const { root, ctx } = await initialised();
    const pkgPath = path.join(root, 'package.json');
    const mine = readFileSync(pkgPath, 'utf8').replace('"test": "node --test"', '"test": "vitest"');
    writeFileSync(pkgPath, mine);
    const { result, exitCode } = await runRemove(ctx, removeOpts({ force: true }));
    expect(exitCode).toBe(1);
    expect(result.left).toEqual([{ path: 'package.json', reason: "changed since init where tracekit's lines are" }]);
    expect(readFileSync(pkgPath, 'utf8')).toBe(mine);
    expect(Object.keys(tree(root)).sort()).toEqual([
      INIT_RECORD_FILE,
      'package-lock.json',
      'package.json',
      'server.js',
    ]);
  });

  it('a tracekit file edited since init is kept and listed; --force deletes it', async () => {
    const { root, ctx } = await initialised();
    writeFileSync(path.join(root, 'telemetry.js'), 'my own helpers\n');
    const { result, exitCode } = await runRemove(ctx, removeOpts());
    expect(exitCode).toBe(0);
    expect(result.left).toEqual([{ path: 'telemetry.js', reason: 'edited since init; --force deletes it' }]);
    expect(readFileSync(path.join(root, 'telemetry.js'), 'utf8')).toBe('my own helpers\n');
    const forced = await runRemove(ctx, removeOpts({ force: true }));
    expect(forced.result.deleted).toEqual(['telemetry.js']);
    expect(readdirSync(root).sort()).toEqual(['package-lock.json', 'package.json', 'server.js']);
  });

  it('files already gone are skipped; a user file deleted since init is a conflict', async () => {
    const { root, ctx } = await initialised();
    rmSync(path.join(root, 'tracing.js'));
    const dry = await runRemove(ctx, removeOpts({ dryRun: true }));
    expect(dry.result.plan.find((p) => p.path === 'tracing.js')?.action).toBe('gone');
    rmSync(path.join(root, 'package.json'));
    await expect(runRemove(ctx, removeOpts())).rejects.toThrow(/package\.json \(deleted since init\)/);
  });

  it('keeps tracekit.yaml while a backend set up here reads it', async () => {
    const { root, ctx } = await initialised();
    mkdirSync(path.join(root, '.tracekit', 'backend'), { recursive: true });
    const { result } = await runRemove(ctx, removeOpts());
    expect(result.left.map((l) => l.path)).toEqual(['tracekit.yaml']);
    expect(readdirSync(root)).toContain('tracekit.yaml');
  });

  it('a second init changes nothing in the record; remove still gives back the first originals', async () => {
    const { root, original, ctx } = await initialised();
    const record = readFileSync(path.join(root, INIT_RECORD_FILE), 'utf8');
    await runInitCommand(ctx, initOpts);
    expect(readFileSync(path.join(root, INIT_RECORD_FILE), 'utf8')).toBe(record);
    await runInitCommand(ctx, { ...initOpts, sampler: 'traceidratio:0.5' });
    await runRemove(ctx, removeOpts());
    expect(tree(root)).toEqual(original);
  });
});

describe('tracekit remove after init --all', () => {
  it('at the repository root takes every service out; in a member it points at the root', async () => {
    const service = (name: string) => ({ name, version: '1.0.0', scripts: { start: 'node server.js' } });
    const root = writeTree({
      'package.json': { name: 'shop', private: true, workspaces: ['apps/*'] },
      'apps/api/package.json': service('api'),
      'apps/api/server.js': "require('node:http').createServer().listen(3000);\n",
      'apps/web/package.json': service('web'),
      'apps/web/server.js': "require('node:http').createServer().listen(3001);\n",
    });
    const original = tree(root);
    const { ctx, lines } = fakeCtx(root);
    await runInitCommand(ctx, { ...initOpts, all: true });
    expect(tree(root)['apps/web/package.json']).toContain('--require ./tracing.js');
    const member = await runRemove({ ...ctx, cwd: path.join(root, 'apps', 'api') }, removeOpts());
    expect(member.result.plan).toEqual([]);
    expect(lines.join('\n')).toContain(`init ran at ${root}`);
    await runRemove(ctx, removeOpts());
    expect(tree(root)).toEqual(original);
  });
});
