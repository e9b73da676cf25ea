import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { UpgradeOptions } from '../../../src/upgrade/options.js';
import { runUpgrade } from '../../../src/upgrade/run-upgrade.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

/**
 * A repository root whose tracekit.yaml lists its services (init --all): upgrade plans each one
 * from its entry and the shared settings, --only picks some, and one that fails is reported
 * while the others go on (exit code 1).
 */
const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'upgrade-node-old');
const OPTS: UpgradeOptions = { dir: '.', yes: true, dryRun: true, force: false, install: false, json: false };

/** Two copies of the older Node service under services/, recorded at the root as init --all records them. */
function workspace(): string {
  const root = tempDir('tk-upgrade-ws-');
  for (const name of ['a', 'b']) {
    cpSync(FIXTURE, path.join(root, 'services', name), { recursive: true });
    rmSync(path.join(root, 'services', name, 'tracekit.yaml'));
  }
  const shared = readFileSync(path.join(FIXTURE, 'tracekit.yaml'), 'utf8').split('service:\n')[0]!;
  const entry = (name: string) =>
    `  - name: ${name}\n    path: services/${name}\n    version: 1.0.0\n    environment: development\n` +
    '    language: node\n    framework: http\n';
  writeFileSync(path.join(root, 'tracekit.yaml'), `${shared}services:\n${entry('a')}${entry('b')}`);
  return root;
}

describe('tracekit upgrade at a repository root', () => {
  it('plans every listed service from its entry, or only those --only names', async () => {
    const root = workspace();
    const all = await runUpgrade(fakeCtx(root).ctx, OPTS);
    expect(all.exitCode).toBe(0);
    expect(all.result.services.map((s) => s.name)).toEqual(['a', 'b']);
    for (const s of all.result.services) expect(s.line).toMatchObject({ changed: true, to: 'OpenTelemetry JS 3.x' });
    const some = await runUpgrade(fakeCtx(root).ctx, { ...OPTS, only: ['services/b'] });
    expect(some.result.services.map((s) => s.name)).toEqual(['b']);
    await expect(runUpgrade(fakeCtx(root).ctx, { ...OPTS, only: ['c'] })).rejects.toThrow(UsageError);
  });

  it('a service with a conflict is reported and the others are upgraded (exit code 1)', async () => {
    const root = workspace();
    appendFileSync(path.join(root, 'services', 'a', 'tracing.js'), '// mine\n');
    const { result, exitCode } = await runUpgrade(fakeCtx(root).ctx, { ...OPTS, dryRun: false });
    expect(exitCode).toBe(1);
    expect(result.failed).toEqual([{ path: 'services/a', error: expect.stringContaining('tracing.js') }]);
    expect(result.services.map((s) => s.name)).toEqual(['b']);
    expect(result.services[0]!.written).toContain('tracing.js');
  });
});
