import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveInitRecord } from '../../../src/init-record/capture.js';
import { changedEntry, loadInitRecord, sha256 } from '../../../src/init-record/record.js';
import { planRemove } from '../../../src/remove/plan-remove.js';
import { runUpgrade } from '../../../src/upgrade/run-upgrade.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { tempDir } from '../../support/temp-tree.js';

/**
 * init's record (.tracekit/init-record.json) after an upgrade: the regenerated files are recorded
 * as tracekit's with their new hash, so `tracekit remove` still deletes them and gives the user's
 * files back their bytes from before init, with no conflict.
 */
const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'upgrade-node-old');
const OWNED = ['tracekit.yaml', 'tracing.js', 'tracing-register.js', 'telemetry.js'];
/** package.json as it was before the older tracekit's init (the fixture's README says how it was made). */
const ORIGINAL_PKG = `${JSON.stringify(
  { name: 'greeter-old', version: '1.0.0', private: true, type: 'module', scripts: { start: 'node server.mjs' } },
  null,
  2,
)}\n`;

describe('upgrade keeps the init record in step', () => {
  it('records the regenerated files, and remove afterwards deletes them and restores package.json', async () => {
    const dir = path.join(tempDir('tk-upgrade-record-'), 'svc');
    cpSync(FIXTURE, dir, { recursive: true });
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    await saveInitRecord(dir, {
      version: 1,
      owned: Object.fromEntries(OWNED.map((f) => [f, sha256(read(f))])),
      changed: { 'package.json': changedEntry(ORIGINAL_PKG, read('package.json')) },
    });
    const oldSetup = read('tracing.js');

    const { result } = await runUpgrade(fakeCtx(dir).ctx, {
      dir: '.',
      yes: true,
      dryRun: false,
      force: false,
      install: false,
      json: false,
    });
    expect(result.services[0]!.written).toContain('tracing.js');
    expect(read('tracing.js')).not.toBe(oldSetup);

    const record = (await loadInitRecord(dir))!;
    expect(record.owned['tracing.js']).toBe(sha256(read('tracing.js')));
    const steps = await planRemove(dir, record, { force: false, uninstall: true });
    expect(steps.filter((s) => s.action === 'conflict')).toEqual([]);
    expect(steps.find((s) => s.path === 'tracing.js')?.action).toBe('delete');
    const pkg = steps.find((s) => s.path === 'package.json')!;
    expect(pkg.action).toBe('restore');
    expect(pkg.after).toBe(ORIGINAL_PKG);
  });

  it('writes no record where init kept none (an older tracekit): remove would give back the wrong bytes', async () => {
    const dir = path.join(tempDir('tk-upgrade-norecord-'), 'svc');
    cpSync(FIXTURE, dir, { recursive: true });
    await runUpgrade(fakeCtx(dir).ctx, {
      dir: '.',
      yes: true,
      dryRun: false,
      force: false,
      install: false,
      json: false,
    });
    expect(await loadInitRecord(dir)).toBeUndefined();
  });
});
