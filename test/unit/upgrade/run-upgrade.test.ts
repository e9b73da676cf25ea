import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TracekitError } from '../../../src/errors.js';
import { isPristine } from '../../../src/fs/stamp.js';
import type { UpgradeOptions } from '../../../src/upgrade/options.js';
import { runUpgrade } from '../../../src/upgrade/run-upgrade.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

/**
 * The plan of an upgrade, on the committed fixture an older tracekit set up (OpenTelemetry JS 2.x
 * with sdk-node, since moved to Node 22 by its .nvmrc): the real Node recipe against a temp copy;
 * installs are never run here (the e2e test runs them).
 */
const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'upgrade-node-old');
const OPTS: UpgradeOptions = { dir: '.', yes: false, dryRun: false, force: false, install: false, json: false };

function copy(): string {
  const dir = path.join(tempDir('tk-upgrade-'), 'svc');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

describe('tracekit upgrade (plan)', () => {
  it('--dry-run: the line change, the version table and the regenerated setup; nothing is written', async () => {
    const dir = copy();
    const before = read(dir, 'tracing.js');
    const { ctx, lines } = fakeCtx(dir);
    const { result, exitCode } = await runUpgrade(ctx, { ...OPTS, dryRun: true });
    expect(exitCode).toBe(0);
    const [svc] = result.services;
    expect(svc!.line).toMatchObject({ from: 'OpenTelemetry JS 2.x', to: 'OpenTelemetry JS 3.x', changed: true });
    expect(svc!.versions).toContainEqual({ name: '@opentelemetry/api', from: '1.9.1', to: '1.10.0' });
    expect(svc!.versions).toContainEqual({ name: '@opentelemetry/sdk-trace-base', from: '2.12.0' });
    expect(svc!.plan).toContainEqual({
      path: 'tracing.js',
      action: 'update',
      reason: 'tracekit output, not edited since',
    });
    expect(svc!.installCommands[0]).toMatch(/^npm uninstall @opentelemetry\/sdk-node @opentelemetry\/sdk-trace-base/);
    expect(svc!.written).toEqual([]);
    expect(read(dir, 'tracing.js')).toBe(before);
    expect(lines.join('\n')).toMatch(/@opentelemetry\/api +1\.9\.1 → 1\.10\.0/);
    expect(lines.join('\n')).toMatch(/@opentelemetry\/sdk-node +0\.223\.0 → \(removed\)/);
  });

  it('a user-edited owned file is a conflict, as in init: exit code 1 and nothing written', async () => {
    const dir = copy();
    appendFileSync(path.join(dir, 'tracing.js'), '// my change\n');
    const edited = read(dir, 'tracing.js');
    const pkg = read(dir, 'package.json');
    const { ctx } = fakeCtx(dir);
    const err = await runUpgrade(ctx, { ...OPTS, yes: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TracekitError);
    expect((err as TracekitError).exitCode).toBe(1);
    expect((err as TracekitError).message).toContain('tracing.js (edited since tracekit wrote it)');
    expect((err as TracekitError).hint).toContain('--force');
    expect(read(dir, 'tracing.js')).toBe(edited);
    expect(read(dir, 'package.json')).toBe(pkg);
  });

  it('--no-install writes the setup, prints the installs; with the versions in, a second run is a no-op', async () => {
    const dir = copy();
    const { ctx, lines } = fakeCtx(dir);
    const first = (await runUpgrade(ctx, { ...OPTS, yes: true })).result.services[0]!;
    expect(first.written).toContain('tracing.js');
    expect(first.installed).toBe(false);
    expect(isPristine(read(dir, 'tracing.js'))).toBe(true);
    expect(read(dir, 'tracing.js')).toContain('from "@opentelemetry/sdk-trace";');
    expect(lines.join('\n')).toContain('Install the dependencies with:');
    // What `npm install --save-exact` of the printed command leaves in package.json.
    const pkg = JSON.parse(read(dir, 'package.json')) as { dependencies: Record<string, string> };
    pkg.dependencies = Object.fromEntries(first.versions.flatMap((r) => (r.to ? [[r.name, r.to]] : [])));
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const setup = read(dir, 'tracing.js');
    const second = (await runUpgrade(fakeCtx(dir).ctx, { ...OPTS, yes: true })).result.services[0]!;
    expect(second).toMatchObject({ upToDate: true, versions: [], written: [], installCommands: [] });
    expect(read(dir, 'tracing.js')).toBe(setup);
  });

  it('refuses a folder tracekit never set up, naming init', async () => {
    const dir = tempDir('tk-upgrade-none-');
    await expect(runUpgrade(fakeCtx(dir).ctx, OPTS)).rejects.toThrow(/No tracekit\.yaml/);
  });
});
