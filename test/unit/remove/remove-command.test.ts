import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { removeCommand, removeOptionsFrom } from '../../../src/commands/remove.js';

/** Parses argv with the real command and maps its flags as the action does. */
async function optionsOf(argv: string[], json = false) {
  let parsed: Command | undefined;
  const cmd = removeCommand(async (c) => {
    parsed = c;
  });
  await cmd.parseAsync(argv, { from: 'user' });
  const global = { cwd: '/x', json, verbose: false, color: true };
  return removeOptionsFrom(parsed!.args[0], parsed!.opts() as never, global);
}

describe('remove flags → options', () => {
  it.each([
    [[], { dir: '.', yes: false, dryRun: false, force: false, uninstall: true, json: false }],
    [['svc', '--yes'], { dir: 'svc', yes: true }],
    [['-y', '--dry-run', '--force'], { yes: true, dryRun: true, force: true }],
    [['--no-uninstall'], { uninstall: false }],
  ])('%j', async (argv, expected) => {
    expect(await optionsOf(argv)).toMatchObject(expected);
  });

  it('carries --json so package managers are not streamed into the document', async () => {
    expect((await optionsOf([], true)).json).toBe(true);
  });
});
