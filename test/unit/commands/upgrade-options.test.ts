import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../../../src/commands/global.js';
import { upgradeCommand, upgradeOptionsFrom } from '../../../src/commands/upgrade.js';
import type { UpgradeOptions } from '../../../src/upgrade/options.js';

const GLOBAL: GlobalOptions = { cwd: '/x', json: false, verbose: false, color: true };

/** The options `tracekit upgrade <argv>` runs with, parsed by the real command. */
async function optionsOf(argv: string[]): Promise<UpgradeOptions> {
  let seen: UpgradeOptions | undefined;
  const cmd = upgradeCommand(async (c: Command) => {
    seen = upgradeOptionsFrom(c.args[0], c.opts(), GLOBAL);
  });
  await cmd.exitOverride().parseAsync(argv, { from: 'user' });
  return seen!;
}

describe('tracekit upgrade flags', () => {
  it.each([
    [[], { dir: '.', yes: false, dryRun: false, force: false, install: true, json: false }],
    [['svc', '--yes', '--force'], { dir: 'svc', yes: true, force: true }],
    [['--dry-run', '--no-install'], { dryRun: true, install: false }],
    [['--only', 'a,b', '--only', 'c'], { only: ['a', 'b', 'c'] }],
  ])('%j', async (argv, expected) => {
    expect(await optionsOf(argv)).toMatchObject(expected);
  });

  it('has no --only unless given', async () => {
    expect(await optionsOf([])).not.toHaveProperty('only');
  });
});
